from agenda.models.personal import PersonalAgenda, SavedSession, SeatBooking
from agenda.models.programme import (
    Room,
    RoomGate,
    Session,
    SessionKind,
    SessionPerson,
    Speaker,
    Track,
)
from agenda.models.publishing import Agenda, AgendaVersion, PublishedSession

__all__ = [
    "Agenda",
    "AgendaVersion",
    "PersonalAgenda",
    "PublishedSession",
    "Room",
    "RoomGate",
    "SavedSession",
    "SeatBooking",
    "Session",
    "SessionKind",
    "SessionPerson",
    "Speaker",
    "Track",
]
