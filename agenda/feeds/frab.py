"""The frab/c3voc schedule format (schedule.json and schedule.xml) that conference apps read.

Sessions without a room take place "at the venue"; cancelled sessions are left out (the format
has no status for them: apps would show them as taking place).
"""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

from agenda.feeds.common import acronym, event_slug, no_room_guid, session_url, speaker_url
from agenda.snapshot import VN

TRACK_SLUG = re.compile(r"^[a-z][a-z0-9-]+$")
GENERATOR = {"name": "forum", "version": "1"}


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days(programme, edition) -> list[dt.date]:
    start = edition.starts_at.astimezone(VN).date()
    end = edition.ends_at.astimezone(VN).date()
    days = {start + dt.timedelta(days=n) for n in range((end - start).days + 1)}
    return sorted(days | {s.day for s in programme.sessions if not s.cancelled})


def _room_entries(programme, edition, site_url) -> list[dict]:
    rooms = [
        {"name": r.display_name, "guid": r.guid, "capacity": r.capacity} for r in programme.rooms
    ]
    if any(s.room is None and not s.cancelled for s in programme.sessions):
        rooms.append(
            {
                "name": edition.display_venue,
                "guid": no_room_guid(site_url, edition),
                "capacity": None,
            }
        )
    return rooms


def _room_name(session, edition) -> str:
    return session.room.display_name if session.room else edition.display_venue


def _person(speaker, site_url) -> dict:
    return {
        "name": speaker.display_name,
        "guid": speaker.guid,
        "url": speaker_url(site_url, speaker),
        "biography": speaker.display_bio or None,
        "avatar": None,
    }


def _event(session, edition, site_url) -> dict:
    return {
        "guid": session.guid,
        "code": session.code,
        "id": session.id,
        "date": session.local_start.isoformat(),
        "start": session.local_start.strftime("%H:%M"),
        "end": session.local_end.isoformat(),
        "duration": _hhmm(session.minutes),
        "room": _room_name(session, edition),
        "slug": event_slug(edition, session),
        "url": session_url(site_url, session),
        "title": session.display_title,
        "subtitle": "",
        "track": session.track.display_name if session.track else None,
        "type": session.kind,
        "language": "vi",
        "abstract": session.display_description,
        "description": session.display_description,
        "persons": [_person(speaker, site_url) for speaker, _role in session.persons],
        "links": [],
    }


def _day_bounds(day: dt.date, sessions, edition) -> tuple[dt.datetime, dt.datetime]:
    starts = [s.local_start for s in sessions]
    ends = [s.local_end for s in sessions]
    opens = edition.starts_at.astimezone(VN)
    closes = edition.ends_at.astimezone(VN)
    if opens.date() == day:
        starts.append(opens)
    if closes.date() == day:
        ends.append(closes)
    start = min(starts, default=dt.datetime.combine(day, dt.time(8, 0), VN))
    end = max(ends, default=dt.datetime.combine(day, dt.time(18, 0), VN))
    return start, end


def schedule(*, programme, edition, site_url: str) -> dict:
    """The schedule as a dict (JSON-ready); titles in the active language."""
    days = _days(programme, edition)
    live = [s for s in programme.sessions if not s.cancelled]
    day_entries = []
    for index, day in enumerate(days, start=1):
        of_day = [s for s in live if s.day == day]
        start, end = _day_bounds(day, of_day, edition)
        rooms: dict[str, list] = {}
        for room in _room_entries(programme, edition, site_url):
            events = [
                _event(s, edition, site_url)
                for s in of_day
                if _room_name(s, edition) == room["name"]
            ]
            if events:
                rooms[room["name"]] = events
        day_entries.append(
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": start.isoformat(),
                "day_end": end.isoformat(),
                "rooms": rooms,
            }
        )
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": GENERATOR,
        "schedule": {
            "version": str(programme.number),
            "base_url": site_url + "/",
            "conference": {
                "acronym": acronym(edition),
                "title": edition.display_name,
                "start": days[0].isoformat(),
                "end": days[-1].isoformat(),
                "daysCount": len(days),
                "timeslot_duration": "00:05",
                "time_zone_name": "Asia/Ho_Chi_Minh",
                "url": site_url + "/",
                "tracks": [
                    {"name": t.display_name, "slug": t.slug, "color": t.color}
                    for t in programme.tracks
                ],
                "rooms": _room_entries(programme, edition, site_url),
                "days": day_entries,
            },
        },
    }


def schedule_json(*, programme, edition, site_url: str) -> bytes:
    data = schedule(programme=programme, edition=edition, site_url=site_url)
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def _text(parent, tag: str, value, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    element.text = "" if value is None else str(value)
    return element


def schedule_xml(*, programme, edition, site_url: str) -> bytes:
    data = schedule(programme=programme, edition=edition, site_url=site_url)
    conference = data["schedule"]["conference"]
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", GENERATOR)
    _text(root, "url", site_url + "/agenda/schedule.xml")
    _text(root, "version", data["schedule"]["version"])
    head = ET.SubElement(root, "conference")
    for tag in ("title", "acronym", "start", "end"):
        _text(head, tag, conference[tag])
    _text(head, "days", conference["daysCount"])
    _text(head, "timeslot_duration", conference["timeslot_duration"])
    _text(head, "base_url", data["schedule"]["base_url"])
    _text(head, "url", conference["url"])
    _text(head, "time_zone_name", conference["time_zone_name"])
    for track in conference["tracks"]:
        attrs = {"name": track["name"], "color": track["color"]}
        if TRACK_SLUG.match(track["slug"]):
            attrs["slug"] = track["slug"]
        _text(head, "track", track["name"], **attrs)
    for day in conference["days"]:
        day_element = ET.SubElement(
            root,
            "day",
            {
                "index": str(day["index"]),
                "date": day["date"],
                "start": day["day_start"],
                "end": day["day_end"],
            },
        )
        guids = {room["name"]: room["guid"] for room in conference["rooms"]}
        for room_name, events in day["rooms"].items():
            room = ET.SubElement(day_element, "room", {"name": room_name, "guid": guids[room_name]})
            for event in events:
                element = ET.SubElement(
                    room,
                    "event",
                    {"guid": event["guid"], "id": str(event["id"]), "code": event["code"]},
                )
                for tag in ("room", "title", "subtitle", "type", "date", "start", "duration"):
                    _text(element, tag, event[tag])
                _text(element, "abstract", event["abstract"])
                _text(element, "slug", event["slug"])
                _text(element, "track", event["track"] or "")
                _text(element, "language", event["language"])
                _text(element, "description", event["description"])
                persons = ET.SubElement(element, "persons")
                for person in event["persons"]:
                    _text(persons, "person", person["name"], guid=person["guid"])
                ET.SubElement(element, "links")
                _text(element, "url", event["url"])
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode()
