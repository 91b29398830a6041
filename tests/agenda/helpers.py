"""Building agendas for the tests: rooms, speakers, sessions on 30/12/2025, delegates."""

import datetime as dt
from zoneinfo import ZoneInfo

from agenda.models import Room, Session, Speaker, Track
from agenda.services import editing, publishing
from agenda.services import speakers as speaker_service
from registration.models import Registration
from tests.factories import RegistrationFactory, UserFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = dt.date(2025, 12, 30)


def at(hhmm: str, day: dt.date = DAY) -> dt.datetime:
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), VN)


def room(edition, name="Hội trường chính", capacity=1500, order=0, name_en="") -> Room:
    return editing.room_save(
        edition=edition,
        data={"name": name, "name_en": name_en, "capacity": capacity, "order": order},
    )


def track(edition, slug="toan-the", name="Phiên toàn thể", name_en="Plenary") -> Track:
    return editing.track_save(
        edition=edition, data={"slug": slug, "name": name, "name_en": name_en}
    )


def speaker(edition, full_name="Trần Quốc Hùng", **data) -> Speaker:
    return speaker_service.speaker_save(edition=edition, data={"full_name": full_name, **data})


def session(edition, title="Khai mạc", start="13:30", end="14:00", **data) -> Session:
    values = {
        "title": title,
        "title_en": data.pop("title_en", ""),
        "kind": data.pop("kind", "speech"),
        "starts_at": at(start),
        "ends_at": at(end),
        **data,
    }
    session_id = values.pop("session_id", None)
    return editing.session_save(edition=edition, data=values, session_id=session_id)


def change(edition, existing: Session, **data) -> Session:
    """Save `existing` again with some fields changed (times as "HH:MM")."""
    values = {name: getattr(existing, name) for name in editing.SESSION_FIELDS}
    persons = list(existing.persons.all())
    values["speakers"] = [p.speaker for p in persons if p.role == "speaker"]
    values["moderators"] = [p.speaker for p in persons if p.role == "moderator"]
    for name in ("start", "end"):
        if name in data:
            values["starts_at" if name == "start" else "ends_at"] = at(data.pop(name))
    values.update(data)
    return editing.session_save(edition=edition, data=values, session_id=existing.pk)


def publish(edition, actor=None, **options):
    version, _job = publishing.agenda_publish(edition=edition, actor=actor, **options)
    return version


def delegate(edition, email: str, *, language="vi", status="approved", full_name="Nguyễn Văn An"):
    """A user with a registration in `status`; returns the user."""
    user = UserFactory(email=email, full_name=full_name)
    waiting = Registration.objects.filter(status="waitlisted").count() + 1
    RegistrationFactory(
        waitlist_position=waiting if status == "waitlisted" else None,
        edition=edition,
        user=user,
        email=email,
        full_name=full_name,
        email_language=language,
        status=status,
        honorific="Ông",
    )
    return user


def registration_of(user) -> Registration:
    return Registration.objects.get(user=user)


def small_forum(edition, sessions: int = 5, prefix: str = "") -> list[Session]:
    """Two rooms, a track, two speakers each, `sessions` sessions of 20 minutes from 13:30."""
    rooms = [
        room(edition, f"{prefix}Hội trường chính", 1500, 0, "Main hall"),
        room(edition, f"{prefix}Phòng 1", 100, 1, "Room 1"),
    ]
    plenary = track(edition, slug=f"{prefix.lower()}toan-the")
    people = [
        speaker(edition, f"Diễn Giả {prefix}{n}", position="Chuyên gia")
        for n in range(2 * sessions)
    ]
    made = []
    for n in range(sessions):
        start = at("13:30") + dt.timedelta(minutes=20 * (n // 2))
        made.append(
            editing.session_save(
                edition=edition,
                data={
                    "title": f"{prefix}Phiên số {n}",
                    "title_en": f"Session {n}",
                    "kind": "panel",
                    "starts_at": start,
                    "ends_at": start + dt.timedelta(minutes=20),
                    "room": rooms[n % 2],
                    "track": plenary,
                    "speakers": people[2 * n : 2 * n + 2],
                    "description": f"Mô tả phiên {n}",
                },
            )
        )
    return made


def small_forum_more(edition, sessions: int) -> list[Session]:
    """Another set of rooms, speakers and sessions beside the first."""
    return small_forum(edition, sessions=sessions, prefix="B")


def agenda_demo(edition, *, gate=None, saved_by=None) -> dict:
    """A published agenda (a room whose door is `gate`, a seat-limited session a change
    waiting in the draft) for pages that need one; returns ids for their URLs."""
    hall = room(edition, "Hội trường chính", 1500, 0, "Main hall")
    small = editing.room_save(
        edition=edition,
        data={"name": "Phòng chuyên đề 1", "name_en": "Thematic room 1", "capacity": 120},
        gate_ids=[gate.pk] if gate else [],
    )
    person = speaker(edition, "Vũ Thị Lan", honorific="PGS. TS.", position="Viện trưởng")
    keynote = session(edition, "Phát biểu khai mạc", "13:30", "13:50", kind="keynote", room=hall)
    panel = session(
        edition,
        "Chuyên đề: Trí tuệ nhân tạo",
        "14:00",
        "15:00",
        kind="panel",
        room=small,
        speakers=[person],
        seat_limit=100,
    )
    publish(edition)
    if saved_by is not None:
        from agenda.services import personal

        personal.session_save(edition=edition, user=saved_by, session_id=panel.pk)
    change(edition, keynote, start="13:35", end="13:55")
    return {
        "session": panel.code,
        "session_id": panel.pk,
        "speaker": person.slug,
    }
