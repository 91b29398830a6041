from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from forum import views
from registration.api import api

# The admin logs in through allauth, so staff two-factor authentication applies there too.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

forum_patterns = (
    [
        path("", views.home, name="home"),
    ],
    "forum",
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    # The scanner app keeps one URL whatever the language: its service worker scope must not move.
    path("scanner/", include("registration.scanner_urls")),
]

urlpatterns += i18n_patterns(
    path("", include(forum_patterns)),
    path("", include("registration.urls")),
    path("organiser/", include("registration.organiser_urls")),
    path("organiser/checkin/", include("registration.checkin_urls")),
    path("organiser/live/", include("registration.dashboard_urls")),
    path("", include("registration.badge_urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=False,
)

handler500 = "forum.views.server_error"
