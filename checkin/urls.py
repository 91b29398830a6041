from django.urls import path

from checkin.views import dashboard, devices, scanner

app_name = "checkin"

urlpatterns = [
    path("organiser/checkin/gates/", devices.gate_list, name="gate_list"),
    path("organiser/checkin/devices/", devices.device_list, name="device_list"),
    path(
        "organiser/checkin/devices/<int:device_id>/pairing/",
        devices.device_pairing,
        name="device_pairing",
    ),
    path(
        "organiser/checkin/devices/<int:device_id>/pairing/new/",
        devices.device_pairing_renew,
        name="device_pairing_renew",
    ),
    path(
        "organiser/checkin/devices/<int:device_id>/revoke/",
        devices.device_revoke,
        name="device_revoke",
    ),
    path("organiser/live/", dashboard.live, name="live"),
    path("organiser/live/attendance.csv", dashboard.attendance_csv, name="attendance_csv"),
    path("organiser/live/attendance.xlsx", dashboard.attendance_xlsx, name="attendance_xlsx"),
    path("organiser/live/helpdesk/", dashboard.helpdesk, name="helpdesk"),
    path(
        "organiser/live/helpdesk/<int:registration_id>/badge.pdf",
        dashboard.badge_reprint,
        name="badge_reprint",
    ),
]

# The scanner app keeps one URL whatever the language: its service worker scope must not move.
scanner_urlpatterns = [
    path("", scanner.app, name="app"),
    path("sw.js", scanner.service_worker, name="service_worker"),
    path("manifest.webmanifest", scanner.manifest, name="manifest"),
    path("icon-<int:size>.png", scanner.icon, name="icon"),
]
