from django.urls import path

from registration import organiser_views as views

app_name = "organiser"

urlpatterns = [
    path("delegates/", views.delegate_list, name="delegate_list"),
    path("delegates/bulk/", views.delegate_bulk, name="delegate_bulk"),
    path(
        "delegates/bulk/<str:token>/continue/",
        views.delegate_bulk_continue,
        name="delegate_bulk_continue",
    ),
    path(
        "delegates/bulk/<str:token>/",
        views.delegate_bulk_progress,
        name="delegate_bulk_progress",
    ),
    path("delegates/export.csv", views.delegate_export_csv, name="delegate_export_csv"),
    path("delegates/export.xlsx", views.delegate_export_xlsx, name="delegate_export_xlsx"),
    path("delegates/import/", views.delegate_import, name="delegate_import"),
    path(
        "delegates/import/<str:token>/",
        views.delegate_import_preview,
        name="delegate_import_preview",
    ),
    path(
        "delegates/import/<str:token>/confirm/",
        views.delegate_import_confirm,
        name="delegate_import_confirm",
    ),
    path(
        "delegates/import/<str:token>/progress/",
        views.delegate_import_progress,
        name="delegate_import_progress",
    ),
    path("emails/", views.email_list, name="email_list"),
    path("emails/<int:email_id>/resend/", views.email_resend, name="email_resend"),
]
