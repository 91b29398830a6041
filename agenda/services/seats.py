"""Seats in seat-limited sessions, and their waiting lists.

Seats are counted from rows while the session row is locked, so a session never holds more
delegates than its published seat limit however many sign up at once. Only delegates approved
for the forum take a seat; a seat held by someone no longer approved counts for nobody and goes
to the waiting list, in order.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agenda.models import (
    Agenda,
    PersonalAgenda,
    PublishedSession,
    SavedSession,
    SeatBooking,
    Session,
)
from forum.errors import ServiceError
from mail.services import email_queue
from registration.models import Registration

Seat = SeatBooking.Status
Approved = Registration.Status.APPROVED


def lock_session(session_id: int) -> Session:
    session = Session.objects.select_for_update().filter(pk=session_id).first()
    if session is None:
        raise ServiceError(_("Không tìm thấy phiên này."), code="not_found")
    return session


def published_of(session: Session) -> PublishedSession | None:
    """The session as the current version published it."""
    version_id = (
        Agenda.objects.filter(edition_id=session.edition_id)
        .values_list("current_version_id", flat=True)
        .first()
    )
    if version_id is None:
        return None
    return PublishedSession.objects.filter(version_id=version_id, session=session).first()


def seats_taken(session: Session) -> int:
    return SeatBooking.objects.filter(
        session=session, status=Seat.HELD, registration__status=Approved
    ).count()


def _next_position(session: Session) -> int:
    top = SeatBooking.objects.filter(session=session, status=Seat.WAITING).aggregate(
        m=Max("waitlist_position")
    )["m"]
    return (top or 0) + 1


def _registration(session: Session, user) -> Registration:
    registration = Registration.objects.filter(
        edition_id=session.edition_id, user=user, anonymised_at__isnull=True
    ).first()
    if registration is None or registration.status != Approved:
        raise ServiceError(
            _("Chỉ đại biểu đã được duyệt tham dự diễn đàn mới giữ chỗ được."),
            code="not_approved",
        )
    return registration


def _keep_saved(session: Session, user) -> None:
    personal, _created = PersonalAgenda.objects.get_or_create(
        edition_id=session.edition_id,
        user=user,
        defaults={"language": translation.get_language() or "vi"},
    )
    SavedSession.objects.get_or_create(personal=personal, session=session)


def _overlapping_seat(registration, published: PublishedSession) -> PublishedSession | None:
    """Another seat this delegate holds at the same time, in the current version."""
    held = SeatBooking.objects.filter(registration=registration, status=Seat.HELD).exclude(
        session_id=published.session_id
    )
    return (
        PublishedSession.objects.filter(
            version_id=published.version_id,
            session_id__in=held.values("session_id"),
            is_cancelled=False,
            starts_at__lt=published.ends_at,
            ends_at__gt=published.starts_at,
        )
        .select_related("session")
        .first()
    )


def seat_take(*, session_id: int, user, now=None) -> SeatBooking:
    """A seat for the user's approved registration, or a place at the end of the waiting list
    when the seats are taken. Taking it again returns the same booking."""
    now = now or timezone.now()
    with transaction.atomic():
        session = lock_session(session_id)
        registration = _registration(session, user)
        published = published_of(session)
        if published is None or published.is_cancelled or published.seat_limit is None:
            raise ServiceError(_("Phiên này không nhận đăng ký giữ chỗ."), code="no_seats")
        if now >= published.ends_at:
            raise ServiceError(_("Phiên này đã kết thúc."), code="ended")
        existing = SeatBooking.objects.filter(
            session=session, registration=registration, status__in=[Seat.HELD, Seat.WAITING]
        ).first()
        if existing is not None:
            return existing
        clash = _overlapping_seat(registration, published)
        if clash is not None:
            raise ServiceError(
                _("Quý vị đã giữ chỗ ở phiên “%(title)s” cùng khung giờ.")
                % {"title": clash.session.display_title},
                code="overlap",
            )
        if seats_taken(session) < published.seat_limit:
            booking = SeatBooking.objects.create(
                session=session, registration=registration, status=Seat.HELD
            )
        else:
            booking = SeatBooking.objects.create(
                session=session,
                registration=registration,
                status=Seat.WAITING,
                waitlist_position=_next_position(session),
            )
        _keep_saved(session, user)
    return booking


def seat_release(*, session_id: int, user) -> SeatBooking | None:
    """Give the seat (or the place on the waiting list) back; the next in line gets the seat."""
    with transaction.atomic():
        session = lock_session(session_id)
        booking = SeatBooking.objects.filter(
            session=session,
            registration__user=user,
            registration__edition_id=session.edition_id,
            status__in=[Seat.HELD, Seat.WAITING],
        ).first()
        if booking is None:
            return None
        _release(booking)
        _fill_locked(session)
    return booking


def _release(booking: SeatBooking) -> None:
    booking.status = Seat.RELEASED
    booking.waitlist_position = None
    booking.released_at = timezone.now()
    booking.save(update_fields=["status", "waitlist_position", "released_at"])


def seats_fill(*, session_id: int) -> list[SeatBooking]:
    """Give free seats to the waiting list, in order (after a seat limit was raised, a seat
    released, or a holder no longer approved)."""
    with transaction.atomic():
        if not SeatBooking.objects.filter(session_id=session_id).exists():
            return []
        return _fill_locked(lock_session(session_id))


def _fill_locked(session: Session) -> list[SeatBooking]:
    published = published_of(session)
    if published is None or published.is_cancelled:
        return []
    # Holders who are no longer approved (cancelled, rejected) give their seat back.
    for stale in SeatBooking.objects.filter(session=session, status=Seat.HELD).exclude(
        registration__status=Approved
    ):
        _release(stale)
    waiting = SeatBooking.objects.filter(session=session, status=Seat.WAITING).select_related(
        "registration"
    )
    limit = published.seat_limit
    free = None if limit is None else limit - seats_taken(session)
    promoted = []
    for booking in waiting.order_by("waitlist_position"):
        if free is not None and free <= 0:
            break
        if booking.registration.status != Approved:
            _release(booking)
            continue
        booking.status = Seat.HELD
        booking.waitlist_position = None
        booking.promoted_at = timezone.now()
        booking.save(update_fields=["status", "waitlist_position", "promoted_at"])
        _notify_promoted(booking, session, published)
        promoted.append(booking)
        if free is not None:
            free -= 1
    return promoted


def seats_reconcile(*, now=None) -> int:
    """Every seat-limited session still to come: seats of delegates no longer approved go to
    the waiting list (run periodically: a cancelled registration does not know about seats)."""
    promoted = 0
    current = Agenda.objects.exclude(current_version=None).values("current_version_id")
    upcoming = PublishedSession.objects.filter(
        version_id__in=current,
        seat_limit__isnull=False,
        is_cancelled=False,
        ends_at__gt=now or timezone.now(),
    ).values_list("session_id", flat=True)
    for session_id in upcoming:
        promoted += len(seats_fill(session_id=session_id))
    return promoted


def _notify_promoted(booking: SeatBooking, session: Session, published) -> None:
    registration = booking.registration
    language = registration.email_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "registration": registration,
            "session": session,
            "starts_at": published.starts_at,
            "ends_at": published.ends_at,
            "room": published.room,
            "edition": registration.edition,
            "session_url": settings.SITE_URL
            + reverse("agenda:session", kwargs={"code": session.code}),
        }
        prefix = "agenda/email/seat_promoted"
        subject = render_to_string(f"{prefix}_subject.txt", context)
        body_text = render_to_string(f"{prefix}_message.txt", context)
        body_html = render_to_string(f"{prefix}_message.html", context)
    email_queue(
        recipient=registration.email,
        kind="agenda_seat_promoted",
        object_key=f"agenda-seat:{booking.pk}",
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        user=registration.user,
    )
