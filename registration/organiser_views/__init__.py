"""Organiser pages for delegate registration: list, bulk decisions, export, import, failed mail."""

from registration.organiser_views.bulk import (
    delegate_bulk,
    delegate_bulk_continue,
    delegate_bulk_progress,
)
from registration.organiser_views.emails import email_list, email_resend
from registration.organiser_views.imports import (
    delegate_import,
    delegate_import_confirm,
    delegate_import_preview,
    delegate_import_progress,
)
from registration.organiser_views.listing import (
    delegate_export_csv,
    delegate_export_xlsx,
    delegate_list,
)

__all__ = [
    "delegate_bulk",
    "delegate_bulk_continue",
    "delegate_bulk_progress",
    "delegate_export_csv",
    "delegate_export_xlsx",
    "delegate_import",
    "delegate_import_confirm",
    "delegate_import_preview",
    "delegate_import_progress",
    "delegate_list",
    "email_list",
    "email_resend",
]
