"""Reads: plain functions that query and return, never write (services do)."""

from agenda.selectors.doors import (
    NO_SEAT,
    SEAT_WAITLISTED,
    DoorRefusal,
    room_door_admission,
    room_door_check,
)

__all__ = [
    "NO_SEAT",
    "SEAT_WAITLISTED",
    "DoorRefusal",
    "room_door_admission",
    "room_door_check",
]
