"""Reads for the day itself: the live check-in dashboard, the attendance list, the help desk.

Every read costs a fixed number of queries whatever the number of scans. Counts are aggregated
in the database; the arrival chart fetches only the first-entry times inside its window (at most
one per delegate, so at most a few thousand rows) and puts them into five-minute buckets in
Python, which behaves the same on SQLite and PostgreSQL.

The chart window: on the event day (a local date between the edition's start and end) it runs
from two hours before the start to the end, so the whole door rush and the rest of the day stay
on one axis; on any other day (rehearsals, a test the week before), or if that span would exceed
twelve hours, it shows the last three hours.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, FilteredRelation, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from checkin.models import Gate, Scan, ScannerDevice
from forum.vietnamese import search_key
from registration.badge_codes import parse_scanned
from registration.models import BadgeCode, DelegateType, Registration
from registration.services.exporting import phone_display

Status = Registration.Status
Result = Scan.Result

BUCKET = dt.timedelta(minutes=5)
LEAD_TIME = dt.timedelta(hours=2)
FALLBACK_WINDOW = dt.timedelta(hours=3)
MAX_EVENT_WINDOW = dt.timedelta(hours=12)
RECENT = dt.timedelta(minutes=15)
SILENT_AFTER = dt.timedelta(minutes=2)
LAST_SCANS = 20
HELPDESK_LIMIT = 20

RESULT_TONES = {
    Result.OK: "ok",
    Result.ALREADY_CHECKED_IN: "warn",
    Result.INVALID: "error",
    Result.NOT_APPROVED: "error",
    Result.CANCELLED: "error",
    Result.REVOKED: "error",
}


# --- Time helpers ---------------------------------------------------------------------------------


def _floor_bucket(moment: dt.datetime) -> dt.datetime:
    local = timezone.localtime(moment)
    return local.replace(minute=local.minute - local.minute % 5, second=0, microsecond=0)


def _ceil_bucket(moment: dt.datetime) -> dt.datetime:
    floored = _floor_bucket(moment)
    return floored if floored == timezone.localtime(moment) else floored + BUCKET


def since_label(seconds: float | None) -> str:
    """How long ago, in words ("vừa xong", "2 phút trước"); "chưa kết nối" when never seen."""
    if seconds is None:
        return _("chưa kết nối")
    seconds = max(int(seconds), 0)
    if seconds < 60:
        return _("vừa xong")
    minutes = seconds // 60
    if minutes < 60:
        return ngettext("%(count)d phút trước", "%(count)d phút trước", minutes) % {
            "count": minutes
        }
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(count)d giờ trước", "%(count)d giờ trước", hours) % {"count": hours}
    days = hours // 24
    return ngettext("%(count)d ngày trước", "%(count)d ngày trước", days) % {"count": days}


# --- Live dashboard -------------------------------------------------------------------------------


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
    # Geometry of the bar in the chart's SVG coordinates, filled in by arrival_chart.
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


# The SVG's coordinate system. Whatever the number of bars, the chart keeps this width, so its
# text is the same size on a 3-hour and a 6-hour window.
CHART_WIDTH, CHART_HEIGHT = 1000, 280
PLOT_TOP, PLOT_BOTTOM, PLOT_LEFT, PLOT_RIGHT = 24, 236, 52, 8
NOW_LABEL_ROOM = 40  # half the width of the "now" label, in chart units


def _nice_ceiling(value: int) -> int:
    """The axis maximum: 1, 2, 5 × a power of ten, at least 5."""
    value = max(value, 5)
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def arrival_buckets(*, times, window: ChartWindow) -> tuple[list[Bucket], int]:
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


def arrival_chart(*, edition, now: dt.datetime) -> ArrivalChart:
    """The arrivals per five minutes as bar geometry for a server-rendered SVG (one query)."""
    window = chart_window(edition=edition, now=now)
    times = Scan.objects.filter(
        edition=edition,
        is_first_entry=True,
        scanned_at__gte=window.start,
        scanned_at__lt=window.end,
    ).values_list("scanned_at", flat=True)
    buckets, _outside = arrival_buckets(times=times, window=window)
    peak = max(buckets, key=lambda b: b.count) if buckets else None
    if peak is not None and peak.count == 0:
        peak = None
    top = _nice_ceiling(peak.count if peak else 0)
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


def _percent(part: int, whole: int) -> int:
    return round(part * 100 / whole) if whole else 0


def attendance_by_type(*, edition) -> list[dict]:
    """Approved and arrived per delegate type, in the order of DelegateType (two queries)."""
    approved = dict(
        Registration.objects.filter(edition=edition, status=Status.APPROVED)
        .values_list("delegate_type")
        .annotate(n=Count("id"))
        .order_by()
    )
    arrived = dict(
        Scan.objects.filter(edition=edition, is_first_entry=True)
        .values_list("registration__delegate_type")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = []
    for code, label in DelegateType.choices:
        row_approved, row_arrived = approved.get(code, 0), arrived.get(code, 0)
        if row_approved or row_arrived:
            rows.append(
                {
                    "code": code,
                    "label": label,
                    "approved": row_approved,
                    "arrived": row_arrived,
                    "percent": _percent(row_arrived, row_approved),
                    "bar": min(_percent(row_arrived, row_approved), 100),
                }
            )
    return rows


def attendance_by_gate(*, edition, now: dt.datetime) -> list[dict]:
    """First entries, all scans, refusals and the last 15 minutes per gate (two queries)."""
    refused = ~Q(result__in=[Result.OK, Result.ALREADY_CHECKED_IN])
    recent = Q(scanned_at__gte=now - RECENT, scanned_at__lte=now)
    counts = {
        row["gate_id"]: row
        for row in Scan.objects.filter(edition=edition)
        .values("gate_id")
        .annotate(
            first_entries=Count("id", filter=Q(is_first_entry=True)),
            scans=Count("id"),
            refused=Count("id", filter=refused),
            recent_first_entries=Count("id", filter=Q(is_first_entry=True) & recent),
            recent_scans=Count("id", filter=recent),
        )
        .order_by()
    }
    empty = {
        "first_entries": 0,
        "scans": 0,
        "refused": 0,
        "recent_first_entries": 0,
        "recent_scans": 0,
    }
    rows = []
    for gate in Gate.objects.filter(edition=edition).order_by("code"):
        row = counts.pop(gate.pk, empty)
        if gate.is_active or row["scans"]:
            rows.append({"gate": gate, "name": gate.name, "code": gate.code, **_counts(row)})
    if None in counts:  # door staff scanning from a page with no gate chosen
        rows.append({"gate": None, "name": _("Không rõ cổng"), "code": "", **_counts(counts[None])})
    return rows


def _counts(row: dict) -> dict:
    return {
        key: row[key]
        for key in ("first_entries", "scans", "refused", "recent_first_entries", "recent_scans")
    }


def last_scans(*, edition, limit: int = LAST_SCANS) -> list[dict]:
    """The latest scans the server received, newest first (one query)."""
    scans = (
        Scan.objects.filter(edition=edition)
        .select_related("gate", "device", "registration", "staff")
        .order_by("-received_at", "-id")[:limit]
    )
    rows = []
    for scan in scans:
        registration = scan.registration
        if scan.device_id:
            source = scan.device.name
        elif scan.staff_id:
            source = str(scan.staff)
        else:
            source = ""
        rows.append(
            {
                "scan": scan,
                "at": timezone.localtime(scan.scanned_at),
                "gate": scan.gate.name if scan.gate_id else "",
                "source": source,
                "result": scan.result,
                "result_label": scan.get_result_display(),
                "tone": RESULT_TONES.get(scan.result, "error"),
                "name": registration.full_name if registration else "",
                "offline": scan.offline,
            }
        )
    return rows


def device_status(*, edition, now: dt.datetime) -> list[dict]:
    """The gates' scanner devices with their last contact; silent after two minutes (one query)."""
    devices = (
        ScannerDevice.objects.filter(gate__edition=edition, revoked_at__isnull=True)
        .select_related("gate")
        .annotate(scan_count=Count("scans"))
        .order_by("gate__code", "name", "id")
    )
    rows = []
    for device in devices:
        seconds = (now - device.last_seen_at).total_seconds() if device.last_seen_at else None
        rows.append(
            {
                "device": device,
                "name": device.name,
                "gate": device.gate.name,
                "last_seen_at": device.last_seen_at,
                "since": since_label(seconds),
                "silent": seconds is None or seconds > SILENT_AFTER.total_seconds(),
                "never_seen": seconds is None,
                "scans": device.scan_count,
            }
        )
    return rows


def live_stats(*, edition, now: dt.datetime | None = None) -> dict:
    """Everything the live dashboard shows, in a fixed number of queries (seven)."""
    now = now or timezone.now()
    by_type = attendance_by_type(edition=edition)
    by_gate = attendance_by_gate(edition=edition, now=now)
    approved = sum(row["approved"] for row in by_type)
    arrived = sum(row["arrived"] for row in by_type)
    chart = arrival_chart(edition=edition, now=now)
    chart.outside = arrived - chart.total
    devices = device_status(edition=edition, now=now)
    return {
        "now": timezone.localtime(now),
        "approved": approved,
        "arrived": arrived,
        "not_arrived": max(approved - arrived, 0),
        "percent": _percent(arrived, approved),
        # The progress bar's length in an SVG of width 100 (no inline styles under the CSP).
        "bar": min(_percent(arrived, approved), 100),
        "recent_arrivals": sum(row["recent_first_entries"] for row in by_gate),
        "scans": sum(row["scans"] for row in by_gate),
        "refused": sum(row["refused"] for row in by_gate),
        "by_type": by_type,
        "by_gate": by_gate,
        "chart": chart,
        "last_scans": last_scans(edition=edition),
        "devices": devices,
        "silent_devices": sum(1 for row in devices if row["silent"]),
    }


# --- Attendance list ----------------------------------------------------------------------------


def attendance_rows(*, edition):
    """Every approved delegate with the first entry's time and gate, if any (one query)."""
    return (
        Registration.objects.filter(edition=edition, status=Status.APPROVED)
        .annotate(first=FilteredRelation("scans", condition=Q(scans__is_first_entry=True)))
        .annotate(arrived_at=F("first__scanned_at"), arrival_gate=F("first__gate__name"))
        .order_by("sort_key", "id")
    )


# --- Help desk ------------------------------------------------------------------------------------


def _phone_match(query: str) -> Q | None:
    """How to find the query in stored E.164 numbers, if it looks like (part of) a phone number.

    "0912…" is a national number, so it must start the number after +84; "+84 912…" likewise;
    bare digits ("345678", the end someone remembers) may be anywhere.
    """
    compact = "".join(char for char in query if char not in " .-()")
    international = compact.startswith("+")
    digits = compact.removeprefix("+")
    if not (digits.isascii() and digits.isdigit() and len(digits) >= 4):
        return None
    if international:
        return Q(phone__startswith="+" + digits)
    if digits.startswith("0"):
        return Q(phone__startswith="+84" + digits[1:])
    return Q(phone__contains=digits)


def helpdesk_search(*, edition, query: str, limit: int = HELPDESK_LIMIT) -> list[Registration]:
    """Delegates by accent- and case-free name, organisation or email, by (part of) a phone
    number, or by the short code printed under the QR.

    Every status is listed, so the desk can tell a pending or cancelled delegate why the door
    refused them. Each row carries its arrival (first entry time and gate) if any.
    """
    query = (query or "").strip()[:100]
    if not query:
        return []
    rows = Registration.objects.filter(edition=edition, anonymised_at__isnull=True)
    match = _phone_match(query)
    if match is None:
        key = search_key(query)
        if not key:
            return []
        match = Q(search_key__contains=key)
    scanned = parse_scanned(query)
    if scanned and scanned[0] == "short":
        # The short code printed under the QR, typed from a damaged badge or a phone screen.
        match |= Q(pk__in=BadgeCode.objects.filter(short_code=scanned[1]).values("registration"))
    rows = rows.filter(match)
    found = list(
        rows.annotate(first=FilteredRelation("scans", condition=Q(scans__is_first_entry=True)))
        .annotate(arrived_at=F("first__scanned_at"), arrival_gate=F("first__gate__name"))
        .order_by("sort_key", "id")[:limit]
    )
    for registration in found:
        registration.phone_display = phone_display(registration.phone)
    return found
