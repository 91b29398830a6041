"""The draft as organisers edit it: its snapshot, the day grid, the warnings."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import Room, Session, SessionPerson, Speaker, Track
from agenda.snapshot import FORMAT, VN, when


def photo_token(speaker: Speaker) -> str:
    # Changes with the file, so a new photo gets a new URL (and no stale cached copy).
    if not speaker.photo:
        return ""
    return hashlib.sha256(speaker.photo.name.encode()).hexdigest()[:12]


def draft_sessions(*, edition):
    return (
        Session.objects.filter(edition=edition)
        .select_related("room", "track")
        .prefetch_related(
            Prefetch(
                "persons",
                queryset=SessionPerson.objects.select_related("speaker").order_by(
                    "role", "order", "id"
                ),
            )
        )
        .order_by("starts_at", "room__order", "id")
    )


def draft_snapshot(*, edition) -> dict:
    """The draft as a version would freeze it (sequence numbers are set when publishing)."""
    sessions = list(draft_sessions(edition=edition))
    speaker_ids = {p.speaker_id for s in sessions for p in s.persons.all()}
    speakers = Speaker.objects.filter(pk__in=speaker_ids).order_by("sort_key", "id")
    return {
        "format": FORMAT,
        "rooms": [
            {
                "id": r.pk,
                "guid": str(r.guid),
                "name": r.name,
                "name_en": r.name_en,
                "capacity": r.capacity,
                "order": r.order,
            }
            for r in Room.objects.filter(edition=edition).order_by("order", "name")
        ],
        "tracks": [
            {
                "id": t.pk,
                "slug": t.slug,
                "name": t.name,
                "name_en": t.name_en,
                "color": t.color,
                "order": t.order,
            }
            for t in Track.objects.filter(edition=edition).order_by("order", "name")
        ],
        "speakers": [
            {
                "id": s.pk,
                "guid": str(s.guid),
                "slug": s.slug,
                "full_name": s.full_name,
                "honorific": s.honorific,
                "position": s.position,
                "position_en": s.position_en,
                "organisation": s.organisation,
                "organisation_en": s.organisation_en,
                "bio": s.bio,
                "bio_en": s.bio_en,
                "photo": photo_token(s),
            }
            for s in speakers
        ],
        "sessions": [
            {
                "id": s.pk,
                "guid": str(s.guid),
                "code": s.code,
                "title": s.title,
                "title_en": s.title_en,
                "description": s.description,
                "description_en": s.description_en,
                "kind": s.kind,
                "starts_at": when(s.starts_at),
                "ends_at": when(s.ends_at),
                "room": s.room_id,
                "track": s.track_id,
                "seat_limit": s.seat_limit,
                "cancelled": s.is_cancelled,
                "persons": [{"speaker": p.speaker_id, "role": p.role} for p in s.persons.all()],
                "sequence": 0,
            }
            for s in sessions
        ],
    }


# --- The organiser's grid and its warnings ------------------------------------------------


@dataclass(frozen=True)
class Warning:
    code: str
    message: str
    session_ids: tuple


def _overlap(a: Session, b: Session) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def _interest(sessions) -> dict[int, int]:
    """How many people saved each session or hold a seat in it."""
    ids = [s.pk for s in sessions]
    return dict(
        Session.objects.filter(pk__in=ids)
        .annotate(n=Count("saves", distinct=True))
        .values_list("pk", "n")
    )


def draft_warnings(*, edition, sessions=None) -> list[Warning]:
    """What organisers should look at before publishing: a room double-booked, a speaker in two
    places at once, a session outside the forum's hours, a session over its room's capacity."""
    sessions = [s for s in (sessions or draft_sessions(edition=edition)) if not s.is_cancelled]
    warnings = []
    for index, a in enumerate(sessions):
        for b in sessions[index + 1 :]:
            if not _overlap(a, b):
                continue
            if a.room_id and a.room_id == b.room_id:
                warnings.append(
                    Warning(
                        "room_double_booked",
                        _("Phòng “%(room)s” có hai phiên trùng giờ: “%(a)s” và “%(b)s”.")
                        % {"room": a.room.display_name, "a": a.display_title, "b": b.display_title},
                        (a.pk, b.pk),
                    )
                )
            in_b = {p.speaker_id for p in b.persons.all()}
            for speaker in (p.speaker for p in a.persons.all() if p.speaker_id in in_b):
                warnings.append(
                    Warning(
                        "speaker_double_booked",
                        _("%(speaker)s có mặt ở hai nơi cùng lúc: “%(a)s” và “%(b)s”.")
                        % {
                            "speaker": speaker.full_name,
                            "a": a.display_title,
                            "b": b.display_title,
                        },
                        (a.pk, b.pk),
                    )
                )
    opens, closes = edition.starts_at, edition.ends_at
    interest = _interest(sessions)
    for s in sessions:
        if s.starts_at < opens or s.ends_at > closes:
            warnings.append(
                Warning(
                    "outside_hours",
                    _("“%(title)s” nằm ngoài giờ diễn đàn (%(opens)s–%(closes)s).")
                    % {
                        "title": s.display_title,
                        "opens": timezone.localtime(opens, VN).strftime("%H:%M %d/%m/%Y"),
                        "closes": timezone.localtime(closes, VN).strftime("%H:%M %d/%m/%Y"),
                    },
                    (s.pk,),
                )
            )
        capacity = s.room.capacity if s.room_id else None
        if capacity and s.seat_limit and s.seat_limit > capacity:
            warnings.append(
                Warning(
                    "over_capacity",
                    _(
                        "“%(title)s” nhận %(seats)s chỗ, "
                        "nhiều hơn sức chứa của phòng (%(capacity)s)."
                    )
                    % {"title": s.display_title, "seats": s.seat_limit, "capacity": capacity},
                    (s.pk,),
                )
            )
        elif capacity and interest.get(s.pk, 0) > capacity:
            warnings.append(
                Warning(
                    "over_capacity",
                    _(
                        "%(count)s người đã lưu “%(title)s”, "
                        "nhiều hơn sức chứa của phòng (%(capacity)s)."
                    )
                    % {"title": s.display_title, "count": interest[s.pk], "capacity": capacity},
                    (s.pk,),
                )
            )
    return warnings


@dataclass
class GridRow:
    start: dt.datetime
    cells: list  # one list of sessions per room, in room order


@dataclass
class DayGrid:
    day: dt.date
    days: list
    rooms: list
    unplaced: list  # sessions of the day without a room
    rows: list
    warnings: list
    flagged: set  # ids of sessions with a warning


def draft_grid(*, edition, day: dt.date | None = None) -> DayGrid:
    """The day as a grid of rooms × start times, with the warnings of the whole draft."""
    sessions = list(draft_sessions(edition=edition))
    rooms = list(Room.objects.filter(edition=edition).order_by("order", "name"))
    days = sorted({timezone.localtime(s.starts_at, VN).date() for s in sessions})
    edition_day = timezone.localtime(edition.starts_at, VN).date()
    if edition_day not in days:
        days = sorted({*days, edition_day})
    day = day if day in days else edition_day
    of_day = [s for s in sessions if timezone.localtime(s.starts_at, VN).date() == day]
    starts = sorted({s.starts_at for s in of_day if s.room_id})
    index = {room.pk: n for n, room in enumerate(rooms)}
    rows = []
    for start in starts:
        cells = [[] for _room in rooms]
        for s in of_day:
            if s.room_id and s.starts_at == start:
                cells[index[s.room_id]].append(s)
        rows.append(GridRow(start=start, cells=cells))
    warnings = draft_warnings(edition=edition, sessions=sessions)
    return DayGrid(
        day=day,
        days=days,
        rooms=rooms,
        unplaced=[s for s in of_day if not s.room_id],
        rows=rows,
        warnings=warnings,
        flagged={pk for w in warnings for pk in w.session_ids},
    )


def session_of_edition(*, edition, session_id: int) -> Session | None:
    return draft_sessions(edition=edition).filter(pk=session_id).first()


def rooms_of_edition(*, edition):
    return (
        Room.objects.filter(edition=edition)
        .prefetch_related("gate_links__gate")
        .annotate(session_count=Count("sessions", filter=Q(sessions__is_cancelled=False)))
        .order_by("order", "name")
    )


def tracks_of_edition(*, edition):
    return Track.objects.filter(edition=edition).order_by("order", "name")


def speakers_of_edition(*, edition):
    return (
        Speaker.objects.filter(edition=edition)
        .annotate(session_count=Count("appearances"))
        .order_by("sort_key", "id")
    )


def speaker_of_edition(*, edition, speaker_id: int) -> Speaker | None:
    return Speaker.objects.filter(edition=edition, pk=speaker_id).first()


def room_of_edition(*, edition, room_id: int) -> Room | None:
    return Room.objects.filter(edition=edition, pk=room_id).first()


def track_of_edition(*, edition, track_id: int) -> Track | None:
    return Track.objects.filter(edition=edition, pk=track_id).first()
