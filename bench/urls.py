"""The project's URLs and the check-in benchmark's reference endpoint."""

from django.urls import path

from bench import reference
from forum.urls import handler500, urlpatterns

urlpatterns = [path("api/v1/bench/", reference.api.urls), *urlpatterns]

__all__ = ["handler500", "urlpatterns"]
