from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path

from checkin.api import api
from checkin.urls import scanner_urlpatterns
from forum import views

# The admin logs in through allauth, so staff two-factor authentication applies there too.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)


def _password_change_in_accounts(request, extra_context=None):
    """Passwords change on one page, the account's (which asks for the password again and
    tells the owner by email), not also on the admin's own form."""
    return redirect("account_change_password")


admin.site.password_change = _password_change_in_accounts

forum_patterns = (
    [
        path("", views.home, name="home"),
        path("jobs/<uuid:job_id>/", views.job_detail, name="job_detail"),
        path("jobs/<uuid:job_id>/progress/", views.job_progress, name="job_progress"),
    ],
    "forum",
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    # The scanner app keeps one URL whatever the language: its service worker scope must not move.
    path("scanner/", include((scanner_urlpatterns, "scanner"))),
]

urlpatterns += i18n_patterns(
    path("", include(forum_patterns)),
    path("", include("registration.urls")),
    path("", include("checkin.urls")),
    path("", include("agenda.urls")),
    path("", include("awards.urls")),
    path("", include("showcase.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler500 = "forum.views.server_error"
# Django has no 429 handler of its own; allauth's rate limits look for this one.
handler429 = "forum.views.too_many_requests"
