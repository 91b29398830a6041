"""The site's URLs plus one organiser URL under /organiser/…/accounts/… whose view, like the
judges' pages, leaves the second factor to the middleware (the matrix's control)."""

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
