"""File downloads of organiser data (lists, attendance): never cached, named by time."""

from django.http import HttpResponse
from django.utils import timezone

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def spreadsheet_download(content, *, kind: str, stem: str, at=None) -> HttpResponse:
    """`content` (CSV text or XLSX bytes) as an attachment "<stem>-<yyyymmdd-hhmm>.<kind>",
    stamped with `at` (default: now, local time)."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    stamp = timezone.localtime(at).strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.{kind}"'
    response["Cache-Control"] = "no-store"
    return response
