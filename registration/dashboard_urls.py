from django.urls import path

from registration import dashboard_views as views

app_name = "dashboard"

urlpatterns = [
    path("", views.live, name="live"),
    path("attendance.csv", views.attendance_csv, name="attendance_csv"),
    path("attendance.xlsx", views.attendance_xlsx, name="attendance_xlsx"),
    path("helpdesk/", views.helpdesk, name="helpdesk"),
    path(
        "helpdesk/<int:registration_id>/badge.pdf",
        views.badge_reprint,
        name="badge_reprint",
    ),
]
