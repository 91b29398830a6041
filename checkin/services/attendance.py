"""The attendance list as CSV and XLSX files, and the help desk's badge reprint."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from checkin.selectors.dashboard import attendance_rows
from forum.spreadsheets import csv_bytes, xlsx_bytes
from registration.models import AuditLog, Registration
from registration.services.badges.pdf import render_badges_pdf
from registration.services.exporting import LOCAL_TIME, identity_headers, identity_values

Status = Registration.Status


def attendance_headers() -> list[str]:
    return [*identity_headers(), _("Giờ đến"), _("Cổng")]


ARRIVED = len(identity_headers())  # the column of the arrival time


def _attendance_values(registration) -> list:
    arrived_at = registration.arrived_at
    return [
        *identity_values(registration),
        timezone.localtime(arrived_at, LOCAL_TIME) if arrived_at else None,
        registration.arrival_gate or "",
    ]


def attendance_csv(*, edition) -> bytes:
    """Times as dd/mm/yyyy HH:MM:SS."""
    rows = []
    for registration in attendance_rows(edition=edition):
        values = _attendance_values(registration)
        arrived = values[ARRIVED]
        values[ARRIVED] = arrived.strftime("%d/%m/%Y %H:%M:%S") if arrived else ""
        rows.append(values)
    return csv_bytes(attendance_headers(), rows)


def attendance_xlsx(*, edition) -> bytes:
    """The arrival time is a real date-time cell (local time), so Excel can sort and filter it."""
    rows = []
    for registration in attendance_rows(edition=edition):
        values = _attendance_values(registration)
        if values[ARRIVED]:
            values[ARRIVED] = values[ARRIVED].replace(tzinfo=None)
        rows.append(values)
    return xlsx_bytes(
        title=_("Điểm danh"),
        headers=attendance_headers(),
        rows=rows,
        widths=(28, 10, 22, 32, 24, 30, 16, 20, 16),
        number_formats={ARRIVED: "dd/mm/yyyy hh:mm:ss"},
        auto_filter=True,
    )


def badge_reprint(*, edition, registration_id: int, actor) -> tuple[Registration, bytes]:
    """One A6 badge for an approved delegate of `edition`, with the current QR; audit-logged.

    Raises Registration.DoesNotExist for anyone else, so the view answers 404.
    """
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
