"""Seats as organisers see them."""

from dataclasses import dataclass

from agenda.models import SeatBooking

Seat = SeatBooking.Status


@dataclass
class SeatList:
    held: list
    waiting: list
    released: int


def seat_list(*, session) -> SeatList:
    rows = list(
        SeatBooking.objects.filter(session=session)
        .select_related("registration")
        .order_by("created_at", "id")
    )
    return SeatList(
        held=[r for r in rows if r.status == Seat.HELD],
        waiting=sorted(
            (r for r in rows if r.status == Seat.WAITING), key=lambda r: r.waitlist_position
        ),
        released=sum(r.status == Seat.RELEASED for r in rows),
    )
