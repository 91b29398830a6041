"""Spreadsheets of organiser data (lists, attendance): CSV and XLSX that Excel opens with
Vietnamese intact and never runs as formulas, downloaded uncached and named by time."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
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


def _defuse(value):
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(headers: list[str], rows) -> bytes:
    """UTF-8 with a byte order mark, so that Excel does not read Vietnamese as Windows-1252;
    cells that a spreadsheet would run as formulas are defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_defuse(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    *,
    title: str,
    headers: list[str],
    rows,
    widths: tuple[int, ...],
    number_formats: dict[int, str] | None = None,
    auto_filter: bool = False,
) -> bytes:
    """One sheet: bold frozen headers, text kept as text, `number_formats` by column index."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append(values)
        row = sheet[sheet.max_row]
        for cell in row:
            # openpyxl stores any string starting with "=" as a formula; keep text as text.
            if cell.data_type == "f":
                cell.data_type = "s"
        for column, number_format in (number_formats or {}).items():
            row[column].number_format = number_format
    sheet.freeze_panes = "A2"
    if auto_filter:
        sheet.auto_filter.ref = sheet.dimensions
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
