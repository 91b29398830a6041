from django.urls import path

from registration.views import badges, delegates
from registration.views.organiser import bulk, emails, imports, listing

app_name = "registration"

urlpatterns = [
    # Delegates
    path("register/", delegates.register, name="register"),
    path("my-registration/", delegates.status, name="status"),
    path("my-registration/edit/", delegates.edit, name="edit"),
    path("my-registration/cancel/", delegates.cancel, name="cancel"),
    path("my-registration/badge.pdf", badges.my_badge, name="my_badge"),
    path("my-data/", delegates.my_data, name="my_data"),
    path("my-data/download.json", delegates.my_data_download, name="my_data_download"),
    path("my-data/consent/<str:purpose>/", delegates.consent_change, name="consent_change"),
    path("my-data/delete/", delegates.account_delete, name="account_delete"),
    # Organisers
    path("organiser/delegates/", listing.delegate_list, name="delegate_list"),
    path("organiser/delegates/bulk/", bulk.delegate_bulk, name="delegate_bulk"),
    path("organiser/delegates/export.csv", listing.delegate_export_csv, name="delegate_export_csv"),
    path(
        "organiser/delegates/export.xlsx",
        listing.delegate_export_xlsx,
        name="delegate_export_xlsx",
    ),
    path("organiser/delegates/import/", imports.delegate_import, name="delegate_import"),
    path(
        "organiser/delegates/import/<str:job_id>/",
        imports.delegate_import_preview,
        name="delegate_import_preview",
    ),
    path(
        "organiser/delegates/import/<str:job_id>/confirm/",
        imports.delegate_import_confirm,
        name="delegate_import_confirm",
    ),
    path("organiser/emails/", emails.email_list, name="email_list"),
    path("organiser/emails/<int:email_id>/resend/", emails.email_resend, name="email_resend"),
    path("organiser/badges/", badges.print_page, name="badge_print"),
    path(
        "organiser/badges/print/<uuid:job_id>.pdf",
        badges.print_download,
        name="badge_print_download",
    ),
    path(
        "organiser/badges/<int:registration_id>.pdf",
        badges.delegate_badge,
        name="delegate_badge",
    ),
]
