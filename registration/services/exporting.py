"""Delegate lists as CSV and XLSX files for organisers (Excel opens both with Vietnamese intact)."""

import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext as _

from forum.phones import phone_display
from forum.spreadsheets import csv_bytes, xlsx_bytes
from registration.selectors import delegate_list

LOCAL_TIME = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


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
