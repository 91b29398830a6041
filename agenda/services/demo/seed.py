"""A plausible afternoon for 30/12/2025 (sample data, marked as such): rooms, tracks, speakers,
one published version, a draft with changes on top, and delegates who saved sessions."""

import datetime as dt

from django.db import transaction

from agenda.models import AgendaVersion, Room, Session
from agenda.services import editing, personal, publishing, seats
from agenda.services import speakers as speaker_service
from agenda.services.demo.data import ROOMS, SAMPLE, SAMPLE_EN, SESSIONS, SPEAKERS, TRACKS
from agenda.snapshot import VN
from registration.models import Registration


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), VN)


def demo_agenda_seed(*, edition, **_options) -> list[str]:
    if Room.objects.filter(edition=edition).exists():
        return [f"Agenda: {Session.objects.filter(edition=edition).count()} sessions (kept)"]
    day = edition.starts_at.astimezone(VN).date()
    with transaction.atomic():
        rooms = [
            editing.room_save(
                edition=edition, data={"name": n, "name_en": e, "capacity": c, "order": i}
            )
            for i, (n, e, c) in enumerate(ROOMS)
        ]
        tracks = {
            slug: editing.track_save(
                edition=edition,
                data={"slug": slug, "name": n, "name_en": e, "color": color, "order": i},
            )
            for i, (slug, n, e, color) in enumerate(TRACKS)
        }
        speakers = [
            speaker_service.speaker_save(
                edition=edition,
                data={
                    "full_name": name,
                    "honorific": honorific,
                    "position": position,
                    "position_en": position_en,
                    "organisation": organisation,
                    "organisation_en": organisation_en,
                    "bio": SAMPLE,
                    "bio_en": SAMPLE_EN,
                },
            )
            for name, honorific, position, position_en, organisation, organisation_en in SPEAKERS
        ]
        sessions = []
        for title, title_en, kind, track, room, start, end, limit, talk, moderate in SESSIONS:
            sessions.append(
                editing.session_save(
                    edition=edition,
                    data={
                        "title": title,
                        "title_en": title_en,
                        "description": SAMPLE,
                        "description_en": SAMPLE_EN,
                        "kind": kind,
                        "track": tracks.get(track),
                        "room": rooms[room] if room is not None else None,
                        "starts_at": _at(day, start),
                        "ends_at": _at(day, end),
                        "seat_limit": limit,
                        "speakers": [speakers[n] for n in talk],
                        "moderators": [speakers[n] for n in moderate],
                    },
                )
            )
        publishing.agenda_publish(edition=edition, note=SAMPLE)
        _delegates_save(edition, sessions)
        _draft_changes(edition, sessions, speakers, rooms, tracks, day)
    version = AgendaVersion.objects.filter(edition=edition).order_by("-number").first()
    return [
        f"Agenda: {len(sessions)} sessions in {len(rooms)} rooms, version {version.number} "
        "published, a draft with changes waiting (organiser: /organiser/agenda/)"
    ]


def _delegates_save(edition, sessions) -> None:
    approved = Registration.objects.filter(
        edition=edition, status=Registration.Status.APPROVED, user__isnull=False
    ).select_related("user")[:40]
    semiconductors, ai = sessions[6], sessions[7]
    for n, registration in enumerate(approved):
        for session in (sessions[2], ai if n % 2 else semiconductors, sessions[8]):
            personal.session_save(edition=edition, user=registration.user, session_id=session.pk)
        if n < 12:
            seats.seat_take(
                session_id=(ai if n % 2 else semiconductors).pk,
                user=registration.user,
                now=edition.starts_at - dt.timedelta(days=1),
            )


def _draft_changes(edition, sessions, speakers, rooms, tracks, day) -> None:
    """The night before: the AI session moves ten minutes and gains a speaker; an agreement
    signing is added. Waiting in the draft for the organiser to publish."""
    ai = sessions[7]
    editing.session_save(
        edition=edition,
        session_id=ai.pk,
        data={
            **{name: getattr(ai, name) for name in editing.SESSION_FIELDS},
            "starts_at": _at(day, "15:15"),
            "ends_at": _at(day, "16:15"),
            "speakers": [speakers[4], speakers[5], speakers[7]],
            "moderators": [],
        },
    )
    editing.session_save(
        edition=edition,
        data={
            "title": "Ký kết hợp tác phát triển sản phẩm công nghệ số",
            "title_en": "Signing of digital product cooperation agreements",
            "description": SAMPLE,
            "description_en": SAMPLE_EN,
            "kind": "speech",
            "track": tracks["toan-the"],
            "room": rooms[0],
            "starts_at": _at(day, "16:05"),
            "ends_at": _at(day, "16:15"),
            "speakers": [speakers[5]],
            "moderators": [speakers[6]],
        },
    )
