from django.urls import path

from registration import badge_views as views

app_name = "badges"

urlpatterns = [
    path("my-registration/badge.pdf", views.my_badge, name="my_badge"),
    path("organiser/badges/", views.print_page, name="print"),
    path("organiser/badges/status/", views.print_status, name="print_status"),
    path("organiser/badges/print/<uuid:file_id>.pdf", views.print_download, name="print_download"),
    path("organiser/badges/<int:registration_id>.pdf", views.delegate_badge, name="delegate_badge"),
]
