"""The arrivals chart of the live dashboard: its time window, five-minute buckets, and the bars'
geometry for a server-rendered SVG. Pure: the first-entry times come from a selector.

The window: on the event day (a local date between the edition's start and end) it runs from two
hours before the start to the end, so the whole door rush and the rest of the day stay on one
axis; on any other day (rehearsals, a test the week before), or if that span would exceed twelve
hours, it shows the last three hours.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

BUCKET = dt.timedelta(minutes=5)
LEAD_TIME = dt.timedelta(hours=2)
FALLBACK_WINDOW = dt.timedelta(hours=3)
MAX_EVENT_WINDOW = dt.timedelta(hours=12)

# The SVG's coordinate system. Whatever the number of bars, the chart keeps this width, so its
# text is the same size on a 3-hour and a 6-hour window.
CHART_WIDTH, CHART_HEIGHT = 1000, 280
PLOT_TOP, PLOT_BOTTOM, PLOT_LEFT, PLOT_RIGHT = 24, 236, 52, 8
NOW_LABEL_ROOM = 40  # half the width of the "now" label, in chart units


def _floor_bucket(moment: dt.datetime) -> dt.datetime:
    local = timezone.localtime(moment)
    return local.replace(minute=local.minute - local.minute % 5, second=0, microsecond=0)


def _ceil_bucket(moment: dt.datetime) -> dt.datetime:
    floored = _floor_bucket(moment)
    return floored if floored == timezone.localtime(moment) else floored + BUCKET


@dataclass(frozen=True)
class ChartWindow:
    start: dt.datetime
    end: dt.datetime
    event_day: bool


def chart_window(*, edition, now: dt.datetime) -> ChartWindow:
    """Two hours before the start to the end on the event day; the last three hours otherwise
    (and for an edition longer than half a day, whose bars would be too thin to read)."""
    today = timezone.localdate(now)
    if timezone.localdate(edition.starts_at) <= today <= timezone.localdate(edition.ends_at):
        start = _floor_bucket(edition.starts_at - LEAD_TIME)
        end = _ceil_bucket(edition.ends_at)
        if end - start <= MAX_EVENT_WINDOW:
            return ChartWindow(start=start, end=end, event_day=True)
    end = _ceil_bucket(now)
    return ChartWindow(start=end - FALLBACK_WINDOW, end=end, event_day=False)


@dataclass
class Bucket:
    start: dt.datetime
    end: dt.datetime
    count: int
    # Geometry of the bar in the chart's SVG coordinates, filled in by arrival_chart_layout.
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    label: bool = False


@dataclass
class ArrivalChart:
    window: ChartWindow
    buckets: list[Bucket]
    peak: Bucket | None
    now_x: float | None
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    plot_left: int
    grid: list[dict] = field(default_factory=list)
    outside: int = 0  # first entries before or after the window, set from the totals

    @property
    def plot_height(self) -> int:
        return self.plot_bottom - self.plot_top

    @property
    def plot_right(self) -> int:
        return self.width - PLOT_RIGHT

    @property
    def total(self) -> int:
        return sum(bucket.count for bucket in self.buckets)

    @property
    def now_anchor(self) -> str:
        """Where the "now" label hangs from its line: near an edge of the plot it extends inward,
        so that it is never cut off."""
        if self.now_x is not None and self.now_x < self.plot_left + NOW_LABEL_ROOM:
            return "start"
        if self.now_x is not None and self.now_x > self.plot_right - NOW_LABEL_ROOM:
            return "end"
        return "middle"


def nice_ceiling(value: int) -> int:
    """The axis maximum: 1, 2, 5 × a power of ten, at least 5."""
    value = max(value, 5)
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def arrival_buckets(
    *, times: Iterable[dt.datetime], window: ChartWindow
) -> tuple[list[Bucket], int]:
    """Count `times` into the window's five-minute buckets; [start, start + 5 min) each."""
    count = int((window.end - window.start) / BUCKET)
    counts = [0] * count
    outside = 0
    start_ts = window.start.timestamp()
    step = BUCKET.total_seconds()
    for moment in times:
        index = int((moment.timestamp() - start_ts) // step)
        if 0 <= index < count:
            counts[index] += 1
        else:
            outside += 1
    buckets = [
        Bucket(start=window.start + i * BUCKET, end=window.start + (i + 1) * BUCKET, count=n)
        for i, n in enumerate(counts)
    ]
    return buckets, outside


def arrival_chart_layout(
    *, times: Iterable[dt.datetime], window: ChartWindow, now: dt.datetime
) -> ArrivalChart:
    """The arrivals per five minutes as bar geometry."""
    buckets, _outside = arrival_buckets(times=times, window=window)
    peak = max(buckets, key=lambda b: b.count) if buckets else None
    if peak is not None and peak.count == 0:
        peak = None
    top = nice_ceiling(peak.count if peak else 0)
    plot_height = PLOT_BOTTOM - PLOT_TOP
    step = (CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT) / max(len(buckets), 1)
    gap = max(round(step * 0.15, 1), 1)
    label_every = 6 if len(buckets) <= 48 else 12  # every 30 minutes, or every hour
    for index, bucket in enumerate(buckets):
        bucket.x = round(PLOT_LEFT + index * step + gap / 2, 2)
        bucket.width = round(step - gap, 2)
        bucket.height = round(plot_height * bucket.count / top, 1)
        bucket.y = round(PLOT_BOTTOM - bucket.height, 1)
        bucket.label = timezone.localtime(bucket.start).minute % (label_every * 5) == 0
    grid = [
        {"value": value, "y": round(PLOT_BOTTOM - plot_height * value / top, 1)}
        for value in (0, top // 2, top)
    ]
    now_x = None
    if window.start <= now < window.end:
        now_x = round(PLOT_LEFT + (now - window.start) / BUCKET * step, 1)
    return ArrivalChart(
        window=window,
        buckets=buckets,
        peak=peak,
        now_x=now_x,
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        plot_top=PLOT_TOP,
        plot_bottom=PLOT_BOTTOM,
        plot_left=PLOT_LEFT,
        grid=grid,
    )
