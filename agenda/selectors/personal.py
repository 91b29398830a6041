"""A delegate's own agenda: saved sessions, seats, the feed; and who a change concerns."""

import re
from dataclasses import dataclass, field

from django.conf import settings

from agenda.models import PersonalAgenda, SavedSession, SeatBooking
from registration.models import Registration

Seat = SeatBooking.Status


def personal_agenda_of(*, edition, user) -> PersonalAgenda | None:
    if edition is None or not getattr(user, "is_authenticated", False):
        return None
    return PersonalAgenda.objects.filter(edition=edition, user=user).first()


# What secrets.token_urlsafe makes: anything else names no feed (and a NUL byte in the
# address would be refused by PostgreSQL, not just found missing).
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def personal_by_token(*, token: str) -> PersonalAgenda | None:
    if not TOKEN.fullmatch(token or ""):
        return None
    return PersonalAgenda.objects.select_related("edition", "user").filter(feed_token=token).first()


def registration_of(*, edition, user) -> Registration | None:
    if edition is None or not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(
        edition=edition, user=user, anonymised_at__isnull=True
    ).first()


@dataclass(frozen=True)
class Mine:
    """What one person has in the agenda: saved session ids, seats by session id."""

    saved: frozenset = frozenset()
    seats: dict = field(default_factory=dict)  # session id -> SeatBooking

    @property
    def session_ids(self) -> frozenset:
        return self.saved | frozenset(self.seats)


def mine(*, edition, user) -> Mine:
    """Two queries whatever the number of sessions."""
    if edition is None or not getattr(user, "is_authenticated", False):
        return Mine()
    saved = frozenset(
        SavedSession.objects.filter(personal__edition=edition, personal__user=user).values_list(
            "session_id", flat=True
        )
    )
    seats = {
        seat.session_id: seat
        for seat in SeatBooking.objects.filter(
            registration__edition=edition,
            registration__user=user,
            status__in=[Seat.HELD, Seat.WAITING],
        )
    }
    return Mine(saved=saved, seats=seats)


def mine_of_registration(*, registration) -> Mine:
    """For a delegate without an account (imported): their seats only."""
    seats = {
        seat.session_id: seat
        for seat in SeatBooking.objects.filter(
            registration=registration, status__in=[Seat.HELD, Seat.WAITING]
        )
    }
    return Mine(seats=seats)


@dataclass
class Recipient:
    email: str
    full_name: str
    honorific: str
    language: str
    user_id: int | None
    registration_id: int | None
    session_ids: set = field(default_factory=set)


def audience(*, edition, session_ids) -> list[Recipient]:
    """Everyone who saved one of these sessions or holds a seat (or a place on the waiting
    list) in one: one entry per email address, with their sessions among these, in their
    language (the registration's email language, else the one of their last visit)."""
    session_ids = list(session_ids)
    by_email: dict[str, Recipient] = {}

    def add(email, full_name, honorific, language, user_id, registration_id, session_id):
        key = email.strip().lower()
        if not key:
            return
        entry = by_email.get(key)
        if entry is None:
            entry = by_email[key] = Recipient(
                key, full_name, honorific, language, user_id, registration_id
            )
        entry.user_id = entry.user_id or user_id
        entry.registration_id = entry.registration_id or registration_id
        entry.session_ids.add(session_id)

    saves = list(
        SavedSession.objects.filter(
            session_id__in=session_ids, personal__edition=edition
        ).values_list(
            "session_id",
            "personal__user_id",
            "personal__user__email",
            "personal__user__full_name",
            "personal__language",
        )
    )
    registrations = {
        r.user_id: r
        for r in Registration.objects.filter(
            edition=edition,
            user_id__in={user_id for _s, user_id, *_rest in saves},
            anonymised_at__isnull=True,
        ).exclude(status=Registration.Status.CANCELLED)
    }
    for session_id, user_id, email, full_name, language in saves:
        registration = registrations.get(user_id)
        if registration is not None:
            add(
                registration.email,
                registration.full_name,
                registration.honorific,
                registration.email_language,
                user_id,
                registration.pk,
                session_id,
            )
        else:
            add(email, full_name, "", language, user_id, None, session_id)
    seats = SeatBooking.objects.filter(
        session_id__in=session_ids,
        status__in=[Seat.HELD, Seat.WAITING],
        registration__anonymised_at__isnull=True,
    ).select_related("registration")
    for seat in seats:
        registration = seat.registration
        add(
            registration.email,
            registration.full_name,
            registration.honorific,
            registration.email_language or settings.LANGUAGE_CODE,
            registration.user_id,
            registration.pk,
            seat.session_id,
        )
    return sorted(by_email.values(), key=lambda r: r.email)
