"""Delegate lists as CSV and XLSX files for organisers (Excel opens both with Vietnamese intact)."""

import csv
import io
import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext as _

from forum.phones import phone_display
from registration.selectors import delegate_list

LOCAL_TIME = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def identity_headers() -> list[str]:
    """The columns that name a delegate, first in every list organisers download."""
    return [
        _("Họ và tên"),
        _("Danh xưng"),
        _("Chức vụ"),
        _("Đơn vị"),
        _("Loại đại biểu"),
        _("Email"),
        _("Điện thoại"),
    ]


def identity_values(registration) -> list:
    return [
        registration.full_name,
        registration.honorific,
        registration.position,
        registration.organisation,
        registration.get_delegate_type_display(),
        registration.email,
        phone_display(registration.phone),
    ]


def export_headers() -> list[str]:
    return [
        *identity_headers(),
        _("Tỉnh/thành"),
        _("Trạng thái"),
        _("Vị trí chờ"),
        _("Ngày đăng ký"),
    ]


def export_rows(registrations) -> list[list]:
    return [
        [
            *identity_values(registration),
            registration.province,
            registration.get_status_display(),
            registration.waitlist_position or "",
            timezone.localtime(registration.created_at, LOCAL_TIME).strftime("%d/%m/%Y %H:%M"),
        ]
        for registration in registrations
    ]


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


def export_csv(registrations) -> bytes:
    return csv_bytes(export_headers(), export_rows(registrations))


def export_xlsx(registrations) -> bytes:
    return xlsx_bytes(
        title=_("Đại biểu"),
        headers=export_headers(),
        rows=export_rows(registrations),
        widths=(28, 10, 22, 32, 24, 30, 16, 24, 14, 10, 17),
    )


def delegates_export(*, edition, filters: dict, kind: str) -> bytes:
    """The organiser's delegate list with these filters (selectors.delegate_list) as a file of
    this kind ("csv" or "xlsx")."""
    registrations = delegate_list(edition=edition, filters=filters)
    return export_csv(registrations) if kind == "csv" else export_xlsx(registrations)
