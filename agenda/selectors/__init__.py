"""Reads: plain functions that query and return, never write (services do)."""

from agenda.selectors.doors import DoorRefusal, room_door_admission

__all__ = ["DoorRefusal", "room_door_admission"]
