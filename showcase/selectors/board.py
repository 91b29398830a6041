"""The live board's data, read at most once per interval whatever the number of clients.

The big screen and every phone poll the board every POLL_SECONDS. Each poll reads the snapshot of
the current INTERVAL from the cache; the first request of an interval to find it missing takes a
lock in the cache and reads the database (a fixed number of queries), while requests arriving
meanwhile get the previous interval's snapshot. The database therefore answers one board per
interval (per cache: per process without Redis), and a verification shows on every screen within
INTERVAL + POLL_SECONDS.
"""

import datetime as dt
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone

from forum.selectors import edition_current
from showcase.selectors.results import (
    DemoResult,
    ProblemTile,
    _pick,
    approved_demos,
    demo_results,
    problem_tiles,
    verification_totals,
)

INTERVAL = 2.0
POLL_SECONDS = 3
KEY = "showcase:board:{bucket}"
LATEST_KEY = "showcase:board:latest"
LOCK_SECONDS = 30
MISSING = object()


@dataclass
class Board:
    edition_id: int
    name: str
    name_en: str
    short_name: str
    computed_at: dt.datetime
    problems: list[ProblemTile] = field(default_factory=list)
    demos: dict[int, DemoResult] = field(default_factory=dict)
    verifications: int = 0
    verifiers: int = 0

    @property
    def display_name(self) -> str:
        return _pick(self.name, self.name_en)

    @property
    def stage_slots(self) -> list[DemoResult]:
        slots = [demo for demo in self.demos.values() if demo.stage_starts_at]
        return sorted(slots, key=lambda demo: (demo.stage_starts_at, demo.id))

    def on_stage(self, now: dt.datetime) -> list[DemoResult]:
        """The demos on stage at `now` (one per stage)."""
        return [d for d in self.stage_slots if d.stage_starts_at <= now < d.stage_ends_at]

    def up_next(self, now: dt.datetime) -> DemoResult | None:
        return next((d for d in self.stage_slots if d.stage_starts_at > now), None)


def clock() -> float:
    """Seconds since the epoch: which interval a request falls in, and what is on stage now
    (tests set it)."""
    return time.time()


def board_compute() -> Board | None:
    """The current edition's board, read from the database (seven queries)."""
    edition = edition_current()
    if edition is None:
        return None
    results = demo_results(list(approved_demos(edition=edition)))
    totals = verification_totals(edition=edition)
    return Board(
        edition_id=edition.pk,
        name=edition.name,
        name_en=edition.name_en,
        short_name=edition.short_name,
        computed_at=timezone.now(),
        problems=problem_tiles(edition=edition, results=results),
        demos=results,
        verifications=totals["verifications"],
        verifiers=totals["verifiers"],
    )


def board_snapshot(*, now: float | None = None) -> Board | None:
    """The board of the interval `now` falls in (None before any edition exists)."""
    bucket = int((clock() if now is None else now) // INTERVAL)
    key = KEY.format(bucket=bucket)
    found = cache.get(key, MISSING)
    if found is not MISSING:
        return found["board"]
    if cache.add(f"{key}:lock", True, timeout=LOCK_SECONDS):
        board = board_compute()
        # Kept a few intervals: a slow request still finds the interval it started in.
        cache.set(key, {"board": board}, timeout=INTERVAL * 5)
        cache.set(LATEST_KEY, {"board": board}, timeout=None)
        return board
    # Another request is reading this interval's board: the previous one is an interval old.
    latest = cache.get(LATEST_KEY, MISSING)
    if latest is not MISSING:
        return latest["board"]
    # Nothing read yet since the cache started.
    return board_compute()
