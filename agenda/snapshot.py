"""A published version as the public sees it: the snapshot (plain JSON, frozen when organisers
publish) and the objects pages and feeds read from it.

Pure functions: nothing here touches the database, so a version is parsed once per process and
every page of it costs the same whatever the number of sessions.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

from django.utils import translation

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FORMAT = 1


def when(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def parse_when(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def fingerprint(snapshot: dict) -> str:
    """The same draft gives the same hash (sequence numbers, set at publishing, left out)."""
    content = {
        **snapshot,
        "sessions": [{k: v for k, v in s.items() if k != "sequence"} for s in snapshot["sessions"]],
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _localised(obj, name: str) -> str:
    vi_value = getattr(obj, name)
    if translation.get_language() == "en":
        return getattr(obj, f"{name}_en") or vi_value
    return vi_value


@dataclass
class PublishedRoom:
    id: int
    guid: str
    name: str
    name_en: str
    capacity: int | None
    order: int

    @property
    def display_name(self) -> str:
        return _localised(self, "name")


@dataclass
class PublishedTrack:
    id: int
    slug: str
    name: str
    name_en: str
    color: str
    order: int

    @property
    def display_name(self) -> str:
        return _localised(self, "name")


@dataclass
class PublishedSpeaker:
    id: int
    guid: str
    slug: str
    full_name: str
    honorific: str
    position: str
    position_en: str
    organisation: str
    organisation_en: str
    bio: str
    bio_en: str
    photo: str
    sessions: list = field(default_factory=list)

    @property
    def display_position(self) -> str:
        return _localised(self, "position")

    @property
    def display_organisation(self) -> str:
        return _localised(self, "organisation")

    @property
    def display_bio(self) -> str:
        return _localised(self, "bio")

    @property
    def display_name(self) -> str:
        from registration.models import Honorific

        if not self.honorific:
            return self.full_name
        try:
            title = str(Honorific(self.honorific).label)
        except ValueError:
            title = self.honorific
        return f"{title} {self.full_name}"

    @property
    def live_sessions(self) -> list:
        return [s for s in self.sessions if not s.cancelled]


@dataclass
class PublishedSession:
    id: int
    guid: str
    code: str
    title: str
    title_en: str
    description: str
    description_en: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: PublishedRoom | None
    track: PublishedTrack | None
    seat_limit: int | None
    cancelled: bool
    sequence: int
    persons: list  # [(PublishedSpeaker, role)]
    # Hà Nội times, worked out once: pages filter and sort by them on every request.
    local_start: dt.datetime = field(init=False)
    local_end: dt.datetime = field(init=False)
    day: dt.date = field(init=False)

    def __post_init__(self):
        self.local_start = self.starts_at.astimezone(VN)
        self.local_end = self.ends_at.astimezone(VN)
        self.day = self.local_start.date()

    @property
    def display_title(self) -> str:
        return _localised(self, "title")

    @property
    def display_description(self) -> str:
        return _localised(self, "description")

    @property
    def kind_label(self) -> str:
        from agenda.models.programme import SessionKind

        try:
            return str(SessionKind(self.kind).label)
        except ValueError:
            return self.kind

    @property
    def speakers(self) -> list:
        return [speaker for speaker, role in self.persons if role == "speaker"]

    @property
    def moderators(self) -> list:
        return [speaker for speaker, role in self.persons if role == "moderator"]

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def overlaps(self, other) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


@dataclass
class Programme:
    """One published version, parsed."""

    number: int
    published_at: dt.datetime
    rooms: list
    tracks: list
    speakers: list
    sessions: list

    @cached_property
    def by_code(self) -> dict:
        return {s.code: s for s in self.sessions}

    @cached_property
    def by_id(self) -> dict:
        return {s.id: s for s in self.sessions}

    @cached_property
    def speakers_by_slug(self) -> dict:
        return {s.slug: s for s in self.speakers}

    @cached_property
    def days(self) -> list:
        return sorted({s.day for s in self.sessions})

    @property
    def public_speakers(self) -> list:
        """Speakers of at least one session that takes place, in Vietnamese name order."""
        return [s for s in self.speakers if s.live_sessions]

    def now_and_next(self, now: dt.datetime) -> tuple[list, list]:
        """Sessions running at `now`, and the next ones to start (all starting at the same
        time), among those that take place on now's day."""
        today = [s for s in self.sessions if not s.cancelled and s.day == now.astimezone(VN).date()]
        running = [s for s in today if s.starts_at <= now < s.ends_at]
        upcoming = [s for s in today if s.starts_at > now]
        if not upcoming:
            return running, []
        first = min(s.starts_at for s in upcoming)
        return running, [s for s in upcoming if s.starts_at == first]


def programme_from(snapshot: dict, *, number: int, published_at: dt.datetime) -> Programme:
    rooms = {r["id"]: PublishedRoom(**r) for r in snapshot["rooms"]}
    tracks = {t["id"]: PublishedTrack(**t) for t in snapshot["tracks"]}
    speakers = {s["id"]: PublishedSpeaker(**s) for s in snapshot["speakers"]}
    sessions = []
    for raw in snapshot["sessions"]:
        session = PublishedSession(
            **{
                **{k: v for k, v in raw.items() if k not in ("persons", "room", "track")},
                "starts_at": parse_when(raw["starts_at"]),
                "ends_at": parse_when(raw["ends_at"]),
                "room": rooms.get(raw["room"]),
                "track": tracks.get(raw["track"]),
                "persons": [
                    (speakers[p["speaker"]], p["role"])
                    for p in raw["persons"]
                    if p["speaker"] in speakers
                ],
            }
        )
        for speaker, _role in session.persons:
            speaker.sessions.append(session)
        sessions.append(session)
    room_order = {room.id: (room.order, room.name) for room in rooms.values()}
    sessions.sort(
        key=lambda s: (s.starts_at, room_order.get(s.room.id if s.room else None, (0, "")), s.id)
    )
    return Programme(
        number=number,
        published_at=published_at,
        rooms=sorted(rooms.values(), key=lambda r: (r.order, r.name)),
        tracks=sorted(tracks.values(), key=lambda t: (t.order, t.name)),
        speakers=list(speakers.values()),
        sessions=sessions,
    )
