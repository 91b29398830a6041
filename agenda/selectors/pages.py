"""What the public pages show of a published version: filtered sessions, the rooms timeline,
now / next, a session's seats. Computed from the parsed version (no query per session)."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import Count

from agenda.models import SeatBooking, SessionKind, Speaker
from agenda.photos import SIZES, photo_resized
from agenda.selectors.drafts import photo_token
from agenda.snapshot import VN
from registration.models import Registration

VIEWS = ("list", "rooms")
Seat = SeatBooking.Status


@dataclass
class TimelineCell:
    session: object
    rowspan: int
    also: list = field(default_factory=list)  # sessions overlapping it in the same room


@dataclass
class Timeline:
    columns: list  # room names
    rows: list  # [(time, [TimelineCell | None | "busy"])]


@dataclass
class ProgrammePage:
    view: str
    day: dt.date | None
    days: list
    track: str
    kind: str
    tracks: list
    kinds: list
    sessions: list
    groups: list  # [(start time, [sessions])] for the list
    timeline: Timeline | None
    running: list
    upcoming: list
    is_today: bool
    filtered: bool
    number: int
    published_at: dt.datetime
    key: str

    def canonical(self, query) -> bool:
        """Whether `query` holds only the filters this page applied, each once: only such
        addresses are kept in the cache (others are built for their request alone)."""
        applied = {
            "view": self.view,
            "track": self.track,
            "kind": self.kind,
            "day": self.day.isoformat() if self.day else "",
        }
        return all(
            key in applied and len(query.getlist(key)) == 1 and query[key] == applied[key]
            for key in query
        )


def _timeline(sessions, rooms, venue: str) -> Timeline:
    columns = [(room.id, room.display_name) for room in rooms]
    if any(s.room is None for s in sessions):
        columns.append((None, venue))
    index = {room_id: n for n, (room_id, _name) in enumerate(columns)}
    bounds = sorted({s.starts_at for s in sessions} | {s.ends_at for s in sessions})
    position = {moment: n for n, moment in enumerate(bounds)}
    grid = [[None] * len(columns) for _moment in bounds[:-1]]
    open_cells: dict[int, tuple] = {}
    for s in sessions:
        column = index[s.room.id if s.room else None]
        first, last = position[s.starts_at], position[s.ends_at]
        current = open_cells.get(column)
        if current and s.starts_at < current[1]:
            current[0].also.append(s)  # double-booked room: shown in the same cell
            continue
        cell = TimelineCell(session=s, rowspan=last - first)
        grid[first][column] = cell
        for row in range(first + 1, last):
            grid[row][column] = "busy"
        open_cells[column] = (cell, s.ends_at)
    rows = [(bounds[n].astimezone(VN), cells) for n, cells in enumerate(grid)]
    return Timeline(columns=[name for _id, name in columns], rows=rows)


def programme_page(*, programme, edition, query, now) -> ProgrammePage:
    view = query.get("view") if query.get("view") in VIEWS else "list"
    tracks = {t.slug: t for t in programme.tracks}
    track = query.get("track") if query.get("track") in tracks else ""
    kinds = [(value, label) for value, label in SessionKind.choices]
    kind = query.get("kind") if query.get("kind") in dict(kinds) else ""
    days = programme.days
    today = now.astimezone(VN).date()
    try:
        asked = dt.date.fromisoformat(query.get("day", ""))
    except ValueError:
        asked = None
    day = asked if asked in days else (today if today in days else (days[0] if days else None))
    sessions = [
        s
        for s in programme.sessions
        if s.day == day
        and (not track or (s.track and s.track.slug == track))
        and (not kind or s.kind == kind)
    ]
    groups: list = []
    for s in sessions:
        if groups and groups[-1][0] == s.local_start:
            groups[-1][1].append(s)
        else:
            groups.append((s.local_start, [s]))
    running, upcoming = programme.now_and_next(now) if day == today else ([], [])
    live = [s for s in sessions if not s.cancelled]
    timeline = _timeline(live, programme.rooms, edition.display_venue) if view == "rooms" else None
    key = "|".join(
        map(
            str,
            (
                view,
                day,
                track,
                kind,
                [s.id for s in running],
                [s.id for s in upcoming],
            ),
        )
    )
    return ProgrammePage(
        view=view,
        day=day,
        days=days,
        track=track,
        kind=kind,
        tracks=programme.tracks,
        kinds=kinds,
        sessions=sessions,
        groups=groups,
        timeline=timeline,
        running=running,
        upcoming=upcoming,
        is_today=day == today,
        filtered=bool(track or kind),
        number=programme.number,
        published_at=programme.published_at,
        key=key,
    )


@dataclass
class SessionPage:
    session: object
    seats_left: int | None
    held: int
    waiting: int
    ended: bool
    running: bool
    key: str


def session_page(*, programme, code: str, now) -> SessionPage | None:
    session = programme.by_code.get(code)
    if session is None:
        return None
    held = waiting = 0
    seats_left = None
    if session.seat_limit and not session.cancelled:
        counts = _seat_counts(session.id)
        held, waiting = counts.get(Seat.HELD, 0), counts.get(Seat.WAITING, 0)
        seats_left = max(session.seat_limit - held, 0)
    ended = now >= session.ends_at
    running = session.starts_at <= now < session.ends_at
    return SessionPage(
        session=session,
        seats_left=seats_left,
        held=held,
        waiting=waiting,
        ended=ended,
        running=running,
        key=f"{held}|{waiting}|{ended}|{running}",
    )


def _seat_counts(session_id: int) -> dict:
    """Seats held by approved delegates, and places on the waiting list: one query."""
    return dict(
        SeatBooking.objects.filter(session_id=session_id, status__in=[Seat.HELD, Seat.WAITING])
        .exclude(status=Seat.HELD, registration__status__in=_NOT_HOLDING)
        .values_list("status")
        .annotate(n=Count("id"))
    )


_NOT_HOLDING = [s for s in Registration.Status.values if s != Registration.Status.APPROVED]


def waiting_rank(*, booking) -> int | None:
    """1-based place on the session's waiting list as the delegate sees it now."""
    if booking is None or booking.status != Seat.WAITING:
        return None
    return SeatBooking.objects.filter(
        session_id=booking.session_id,
        status=Seat.WAITING,
        waitlist_position__lte=booking.waitlist_position,
    ).count()


def speaker_photo(*, edition, speaker_id: int, token: str, size: int) -> bytes | None:
    """The speaker's photo as a square JPEG of `size` pixels (made once, then cached)."""
    if size not in SIZES:
        return None
    key = f"agenda:photo:{speaker_id}:{token}:{size}"
    content = cache.get(key)
    if content is not None:
        return content
    speaker = Speaker.objects.filter(edition=edition, pk=speaker_id).first()
    if speaker is None or not speaker.photo or photo_token(speaker) != token:
        return None
    try:
        with default_storage.open(speaker.photo.name, "rb") as stream:
            content = photo_resized(stream, size)
    except (OSError, ValueError):
        return None
    cache.set(key, content, 7 * 24 * 3600)
    return content
