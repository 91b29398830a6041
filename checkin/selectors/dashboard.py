"""Reads for the day itself: the live check-in dashboard and the attendance list.

Every read costs a fixed number of queries whatever the number of scans. Counts are aggregated
in the database; the arrival chart fetches only the first-entry times inside its window (at most
one per delegate, so at most a few thousand rows) and puts them into five-minute buckets in
Python (checkin.chart), which behaves the same on SQLite and PostgreSQL.
"""

import datetime as dt

from django.contrib.humanize.templatetags.humanize import NaturalTimeFormatter
from django.db.models import Count, F, FilteredRelation, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from checkin.chart import ArrivalChart, arrival_chart_layout, chart_window
from checkin.models import UPLOAD_REFUSALS, Gate, Scan, ScannerDevice
from checkin.selectors.attention import doubled_entries, refused_uploads
from registration.models import DelegateType, Registration

Status = Registration.Status
Result = Scan.Result

RECENT = dt.timedelta(minutes=15)
SILENT_AFTER = dt.timedelta(minutes=2)
LAST_SCANS = 20

RESULT_TONES = {
    Result.OK: "ok",
    Result.ALREADY_CHECKED_IN: "warn",
    Result.INVALID: "error",
    Result.NOT_APPROVED: "error",
    Result.CANCELLED: "error",
    Result.REVOKED: "error",
    Result.NO_SEAT: "warn",
    Result.SEAT_WAITLISTED: "warn",
    Result.SCANNED_TOO_EARLY: "error",
    Result.SCANNED_IN_FUTURE: "error",
    Result.UNKNOWN_REGISTRATION: "error",
}


# --- Words ---------------------------------------------------------------------------------------


class _SinceFormatter(NaturalTimeFormatter):
    """naturaltime in the dashboard's words: Django's Vietnamese ones say "59 giây trước" for
    "vừa xong" and put a non-breaking space between number and unit."""

    time_strings = {
        **NaturalTimeFormatter.time_strings,
        "now": gettext_lazy("vừa xong"),
        "past-second": gettext_lazy("vừa xong"),
        "past-minute": ngettext_lazy("%(count)d phút trước", "%(count)d phút trước", "count"),
        "past-hour": ngettext_lazy("%(count)d giờ trước", "%(count)d giờ trước", "count"),
    }


def since_label(seconds: float | None) -> str:
    """How long ago, in words ("vừa xong", "2 phút trước"); "chưa kết nối" when never seen."""
    if seconds is None:
        return _("chưa kết nối")
    seconds = max(seconds, 0)
    days = int(seconds // 86400)
    if days:
        # Beyond a day naturaltime names two units ("1 day, 14 hours ago") in words Django's
        # Vietnamese catalog lacks; whole days say enough about a device that long silent.
        return ngettext("%(count)d ngày trước", "%(count)d ngày trước", days) % {"count": days}
    # naturaltime measures from the clock, not from the `now` the dashboard was given.
    return str(_SinceFormatter.string_for(timezone.now() - dt.timedelta(seconds=seconds)))


# --- Live dashboard -------------------------------------------------------------------------------


def arrival_chart(*, edition, now: dt.datetime) -> ArrivalChart:
    """The arrivals per five minutes as bar geometry for a server-rendered SVG (one query)."""
    window = chart_window(edition=edition, now=now)
    times = Scan.objects.filter(
        edition=edition,
        is_first_entry=True,
        scanned_at__gte=window.start,
        scanned_at__lt=window.end,
    ).values_list("scanned_at", flat=True)
    return arrival_chart_layout(times=times, window=window, now=now)


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
    """First entries, all scans, refusals (upload refusals and badges let in twice among
    them) and the last 15 minutes per gate (two queries)."""
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
            uploads_refused=Count("id", filter=Q(result__in=UPLOAD_REFUSALS)),
            doubled=Count("id", filter=Q(superseded_at__isnull=False)),
        )
        .order_by()
    }
    empty = dict.fromkeys(_COUNTS, 0)
    rows = []
    for gate in Gate.objects.filter(edition=edition).order_by("code"):
        row = counts.pop(gate.pk, empty)
        if gate.is_active or row["scans"]:
            rows.append({"gate": gate, "name": gate.name, "code": gate.code, **_counts(row)})
    if None in counts:  # door staff scanning from a page with no gate chosen
        rows.append({"gate": None, "name": _("Không rõ cổng"), "code": "", **_counts(counts[None])})
    return rows


_COUNTS = (
    "first_entries",
    "scans",
    "refused",
    "recent_first_entries",
    "recent_scans",
    "uploads_refused",
    "doubled",
)


def _counts(row: dict) -> dict:
    return {key: row[key] for key in _COUNTS}


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
                "superseded": scan.superseded_at is not None,
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
    """Everything the live dashboard shows, in a fixed number of queries (nine; ten when a
    badge was let in twice)."""
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
        "uploads_refused": sum(row["uploads_refused"] for row in by_gate),
        "doubled": sum(row["doubled"] for row in by_gate),
        "refused_uploads": refused_uploads(edition=edition),
        "doubled_entries": doubled_entries(edition=edition),
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
