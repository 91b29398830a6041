"""The site's URLs and error handlers, plus one view that fails (for the 500 page test)."""

from django.urls import path

from forum.urls import handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("a view that fails")


urlpatterns = [*urlpatterns, path("boom-for-test/", boom)]
