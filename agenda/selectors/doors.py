"""The rule at a room's door, for the check-in scan: during a seat-limited session, only the
delegates who hold a seat go in."""

import datetime as dt
from typing import NamedTuple

from django.core.cache import cache
from django.utils.translation import gettext as _

from agenda.models import Agenda, PublishedSession, RoomGate, SeatBooking
from checkin.models import Scan
from registration.models import Registration

# Doors open this long before a seat-limited session starts: the seats are theirs already.
DOORS_OPEN_BEFORE = dt.timedelta(minutes=15)

Seat = SeatBooking.Status


class DoorRefusal(NamedTuple):
    code: str
    message: str


NO_SEAT = Scan.Result.NO_SEAT
SEAT_WAITLISTED = Scan.Result.SEAT_WAITLISTED


def door_cache_key(gate_id: int) -> str:
    return f"agenda:door:{gate_id}"


# Most scans are at the entrance: whether a gate is at a room's door is kept a moment, so that
# they cost no query here (changing a room's gates clears it).
DOOR_SECONDS = 30


def _room_of_gate(gate_id: int):
    key = door_cache_key(gate_id)
    found = cache.get(key)
    if found is None:
        row = (
            RoomGate.objects.filter(gate_id=gate_id)
            .values_list("room_id", "room__edition_id")
            .first()
        )
        found = tuple(row) if row else ()
        cache.set(key, found, DOOR_SECONDS)
    return found or None


def room_door_admission(*, gate_id: int, registration_id: int, at: dt.datetime):
    """None when the agenda has nothing against this delegate going through this gate at `at`
    (the gate is not at a room's door, or no seat-limited session is on in that room, or they
    hold a seat in it); else a DoorRefusal(code, message), the message in the active language.

    The entrance rules (a valid badge, an approved delegate) are the scan's own and are not
    repeated here. `at` is when the badge was scanned (an offline scan's own time)."""
    row = _room_of_gate(gate_id)
    if row is None:
        return None
    room_id, edition_id = row
    version_id = Agenda.objects.filter(edition_id=edition_id).values_list(
        "current_version_id", flat=True
    )
    session = (
        PublishedSession.objects.filter(
            version_id__in=version_id,
            room_id=room_id,
            seat_limit__isnull=False,
            is_cancelled=False,
            starts_at__lte=at + DOORS_OPEN_BEFORE,
            ends_at__gt=at,
        )
        .select_related("session")
        .order_by("starts_at")
        .first()
    )
    if session is None:
        return None
    booking = (
        SeatBooking.objects.filter(
            session_id=session.session_id,
            registration_id=registration_id,
            status__in=[Seat.HELD, Seat.WAITING],
        )
        .select_related("registration")
        .first()
    )
    title = session.session.display_title
    if booking is None:
        return DoorRefusal(
            NO_SEAT,
            _("Đại biểu chưa đăng ký giữ chỗ phiên “%(title)s”.") % {"title": title},
        )
    if booking.status == Seat.WAITING:
        rank = SeatBooking.objects.filter(
            session_id=session.session_id,
            status=Seat.WAITING,
            waitlist_position__lte=booking.waitlist_position,
        ).count()
        return DoorRefusal(
            SEAT_WAITLISTED,
            _("Đại biểu đang ở danh sách chờ của phiên “%(title)s” (thứ %(rank)s).")
            % {"title": title, "rank": rank},
        )
    if booking.registration.status != Registration.Status.APPROVED:
        return DoorRefusal(
            NO_SEAT,
            _("Chỗ của đại biểu ở phiên “%(title)s” không còn hiệu lực.") % {"title": title},
        )
    return None


def room_door_check(code, context) -> str | None:
    """room_door_admission in the shape of a check-in admission check
    (`checkin.services.admission`): the badge code found for the scan (its own check has
    passed) and the scan's context (gate, scanned_at); the refusal's code, or None.

    AgendaConfig.ready registers it with `admission_check_register`; its codes are check-in scan
    results (amber at the door, with their own messages)."""
    if code is None or context.gate is None:
        return None
    refusal = room_door_admission(
        gate_id=context.gate.pk, registration_id=code.registration_id, at=context.scanned_at
    )
    return refusal.code if refusal else None
