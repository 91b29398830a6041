from django.urls import path

from registration import checkin_views as views

app_name = "checkin"

urlpatterns = [
    path("gates/", views.gate_list, name="gate_list"),
    path("devices/", views.device_list, name="device_list"),
    path("devices/<int:device_id>/pairing/", views.device_pairing, name="device_pairing"),
    path(
        "devices/<int:device_id>/pairing/new/",
        views.device_pairing_renew,
        name="device_pairing_renew",
    ),
    path("devices/<int:device_id>/revoke/", views.device_revoke, name="device_revoke"),
]
