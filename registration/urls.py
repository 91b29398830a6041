from django.urls import path

from registration import views

app_name = "registration"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("my-registration/", views.status, name="status"),
    path("my-registration/edit/", views.edit, name="edit"),
    path("my-registration/cancel/", views.cancel, name="cancel"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download.json", views.my_data_download, name="my_data_download"),
    path("my-data/consent/<str:purpose>/", views.consent_change, name="consent_change"),
    path("my-data/delete/", views.account_delete, name="account_delete"),
]
