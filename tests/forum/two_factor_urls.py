"""The site's URLs plus an organiser view whose path contains "/accounts/" (the MFA test)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from forum.urls import handler500, urlpatterns  # noqa: F401


@login_required
def bulk_continue(request):
    return HttpResponse("the view ran")


urlpatterns = [
    path("organiser/delegates/bulk/accounts/continue/", bulk_continue, name="bulk_continue"),
    *urlpatterns,
]
