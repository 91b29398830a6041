from django.urls import path

from registration import scanner_views

app_name = "scanner"

urlpatterns = [
    path("", scanner_views.app, name="app"),
    path("sw.js", scanner_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", scanner_views.manifest, name="manifest"),
    path("icon-<int:size>.png", scanner_views.icon, name="icon"),
]
