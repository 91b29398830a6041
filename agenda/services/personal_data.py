"""The agenda's part of a delegate's data (registration.data_holders): the sessions they saved
and their seats; deleting the account gives their seats to the waiting lists at once."""

from functools import partial

from django.db import transaction

from agenda.models import SavedSession, SeatBooking
from agenda.services.seats import seats_fill
from registration.data_holders import DataHolder


def _at(value):
    return value.isoformat() if value else None


def agenda_data_export(*, user) -> dict:
    saved = SavedSession.objects.filter(personal__user=user).select_related("session")
    seats = SeatBooking.objects.filter(registration__user=user).select_related("session")
    return {
        "saved_sessions": [
            {"session": s.session.code, "title": s.session.title, "saved_at": _at(s.saved_at)}
            for s in saved.order_by("saved_at", "id")
        ],
        "seats": [
            {
                "session": b.session.code,
                "title": b.session.title,
                "status": b.status,
                "waitlist_position": b.waitlist_position,
                "created_at": _at(b.created_at),
                "promoted_at": _at(b.promoted_at),
                "released_at": _at(b.released_at),
            }
            for b in seats.order_by("created_at", "id")
        ],
    }


def agenda_data_erase(*, user, registration_ids: list[int]) -> None:
    # The saved sessions and the calendar feed go with the account (cascade). The seats of the
    # cancelled registrations go to the next in line once the deletion commits.
    sessions = (
        SeatBooking.objects.filter(
            registration_id__in=registration_ids,
            status__in=[SeatBooking.Status.HELD, SeatBooking.Status.WAITING],
        )
        .values_list("session_id", flat=True)
        .distinct()
    )
    for session_id in sessions:
        transaction.on_commit(partial(seats_fill, session_id=session_id))


AGENDA_DATA = DataHolder(name="agenda", export=agenda_data_export, erase=agenda_data_erase)
