"""What organisers must look at on the live dashboard: badges let in twice, and uploads the
server refused. Each list is a fixed number of queries whatever the number of scans."""

import datetime as dt

from django.utils import timezone

from checkin.models import UPLOAD_REFUSALS, Scan

ATTENTION_LIMIT = 20


def _source(scan) -> str:
    if scan.device_id:
        return scan.device.name
    if scan.staff_id:
        return str(scan.staff)
    return ""


def claimed_time(text: str) -> str:
    """A refused upload's claimed time as dd/mm/yyyy HH:MM:SS in venue time, or as sent when it
    is no date a page can show (year 1 at +14:00 is before any local time)."""
    try:
        parsed = dt.datetime.fromisoformat(text)
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return timezone.localtime(parsed).strftime("%d/%m/%Y %H:%M:%S")
    except (ValueError, OverflowError):
        return text


def _name(scan) -> str:
    return scan.registration.full_name if scan.registration_id else ""


def doubled_entries(*, edition, limit: int = ATTENTION_LIMIT) -> list[dict]:
    """Badges let in twice, newest first (two queries): a scan that was the delegate's first
    entry until an earlier offline scan of the same badge was uploaded, with that first entry.
    Two people on one badge, or one delegate let in at two gates: either way, a look."""
    replaced = list(
        Scan.objects.filter(edition=edition, superseded_at__isnull=False)
        .select_related("registration", "gate", "device", "staff")
        .order_by("-superseded_at", "-id")[:limit]
    )
    firsts = {
        scan.registration_id: scan
        for scan in Scan.objects.filter(
            registration_id__in={scan.registration_id for scan in replaced}, is_first_entry=True
        ).select_related("gate", "device", "staff")
    }
    rows = []
    for scan in replaced:
        first = firsts.get(scan.registration_id)
        rows.append(
            {
                "scan": scan,
                "name": _name(scan),
                "first_at": timezone.localtime(first.scanned_at) if first else None,
                "first_gate": first.gate.name if first and first.gate_id else "",
                "first_source": _source(first) if first else "",
                "at": timezone.localtime(scan.scanned_at),
                "gate": scan.gate.name if scan.gate_id else "",
                "source": _source(scan),
            }
        )
    return rows


def refused_uploads(*, edition, limit: int = ATTENTION_LIMIT) -> list[dict]:
    """Offline scans the server would not take, newest first (one query): a time outside the
    edition's window (a phone's clock), or a delegate the server no longer has."""
    scans = (
        Scan.objects.filter(edition=edition, result__in=UPLOAD_REFUSALS)
        .select_related("registration", "gate", "device", "staff")
        .order_by("-received_at", "-id")[:limit]
    )
    return [
        {
            "scan": scan,
            "received_at": timezone.localtime(scan.received_at),
            "result": scan.result,
            "result_label": scan.get_result_display(),
            "device_time": claimed_time(scan.device_time) if scan.device_time else "",
            "name": _name(scan),
            "gate": scan.gate.name if scan.gate_id else "",
            "source": _source(scan),
        }
        for scan in scans
    ]
