"""The attendance list as CSV and XLSX files, and the help desk's badge reprint."""

import csv
import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registration.models import AuditLog, Registration
from registration.selectors_checkin import attendance_rows
from registration.services.exporting import LOCAL_TIME, _defuse, phone_display

Status = Registration.Status


def attendance_headers() -> list[str]:
    return [
        _("Họ và tên"),
        _("Danh xưng"),
        _("Chức vụ"),
        _("Đơn vị"),
        _("Loại đại biểu"),
        _("Email"),
        _("Điện thoại"),
        _("Giờ đến"),
        _("Cổng"),
    ]


def _attendance_values(registration) -> list:
    arrived_at = registration.arrived_at
    return [
        registration.full_name,
        registration.honorific,
        registration.position,
        registration.organisation,
        registration.get_delegate_type_display(),
        registration.email,
        phone_display(registration.phone),
        timezone.localtime(arrived_at, LOCAL_TIME) if arrived_at else None,
        registration.arrival_gate or "",
    ]


def attendance_csv(*, edition) -> bytes:
    """UTF-8 with a byte order mark so Excel reads Vietnamese; times as dd/mm/yyyy HH:MM:SS."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(attendance_headers())
    for registration in attendance_rows(edition=edition):
        values = _attendance_values(registration)
        values[7] = values[7].strftime("%d/%m/%Y %H:%M:%S") if values[7] else ""
        writer.writerow([_defuse(value) for value in values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def attendance_xlsx(*, edition) -> bytes:
    """The arrival time is a real date-time cell (local time), so Excel can sort and filter it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Điểm danh")[:31]
    sheet.append(attendance_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for registration in attendance_rows(edition=edition):
        values = _attendance_values(registration)
        if values[7]:
            values[7] = values[7].replace(tzinfo=None)
        sheet.append(values)
        row = sheet[sheet.max_row]
        for cell in row:
            # openpyxl stores any string starting with "=" as a formula; keep text as text.
            if cell.data_type == "f":
                cell.data_type = "s"
        row[7].number_format = "dd/mm/yyyy hh:mm:ss"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, width in enumerate((28, 10, 22, 32, 24, 30, 16, 20, 16)):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def badge_reprint(*, edition, registration_id: int, actor) -> tuple[Registration, bytes]:
    """One A6 badge for an approved delegate of `edition`, with the current QR; audit-logged.

    Raises Registration.DoesNotExist for anyone else, so the view answers 404.
    """
    from registration.services.badges import render_badges_pdf

    registration = Registration.objects.select_related("edition").get(
        pk=registration_id, edition=edition, status=Status.APPROVED
    )
    pdf = render_badges_pdf(registrations=[registration], layout="a6")
    with transaction.atomic():
        AuditLog.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action="badge_reprinted",
            registration=registration,
            detail={"layout": "a6", "version": registration.version},
        )
    return registration, pdf
