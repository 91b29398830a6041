"""Delegate lists as CSV and XLSX files for organisers (Excel opens both with Vietnamese intact)."""

import csv
import io
import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext as _

LOCAL_TIME = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_headers() -> list[str]:
    return [
        _("Họ và tên"),
        _("Danh xưng"),
        _("Chức vụ"),
        _("Đơn vị"),
        _("Loại đại biểu"),
        _("Email"),
        _("Điện thoại"),
        _("Tỉnh/thành"),
        _("Trạng thái"),
        _("Vị trí chờ"),
        _("Ngày đăng ký"),
    ]


def phone_display(phone) -> str:
    """Vietnamese numbers in national form ("0912 345 678"), others in international form."""
    if not phone:
        return ""
    if getattr(phone, "country_code", None) == 84:
        return phone.as_national
    return phone.as_international


def export_rows(registrations) -> list[list]:
    rows = []
    for registration in registrations:
        rows.append(
            [
                registration.full_name,
                registration.honorific,
                registration.position,
                registration.organisation,
                registration.get_delegate_type_display(),
                registration.email,
                phone_display(registration.phone),
                registration.province,
                registration.get_status_display(),
                registration.waitlist_position or "",
                timezone.localtime(registration.created_at, LOCAL_TIME).strftime("%d/%m/%Y %H:%M"),
            ]
        )
    return rows


def _defuse(value):
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def export_csv(registrations) -> bytes:
    """UTF-8 with a byte order mark, so that Excel does not read Vietnamese as Windows-1252."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(export_headers())
    for row in export_rows(registrations):
        writer.writerow([_defuse(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(registrations) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Đại biểu")[:31]
    sheet.append(export_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export_rows(registrations):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            # openpyxl stores any string starting with "=" as a formula; keep text as text.
            if cell.data_type == "f":
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    widths = (28, 10, 22, 32, 24, 30, 16, 24, 14, 10, 17)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
