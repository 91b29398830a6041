import logging

from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from forum.selectors import edition_current


def server_error(request):
    """The 500 page, rendered without the request's context (the database, a context processor
    or a template may be what failed). Even the style sheet is optional: a missing static
    manifest must not turn the error page into a second error."""
    try:
        stylesheet = static("css/forum.css")
    except Exception:
        logging.getLogger(__name__).exception("500 page without its style sheet")
        stylesheet = None
    return HttpResponseServerError(loader.render_to_string("500.html", {"stylesheet": stylesheet}))


def csrf_failure(request, reason=""):
    """A form sent with a missing or stale CSRF token: say what happened in the visitor's
    language and how to send it again, instead of Django's technical page."""
    return render(request, "403_csrf.html", status=403)


@require_GET
def home(request):
    return render(request, "forum/home.html", {"edition": edition_current()})


@never_cache
@require_GET
def healthz(request):
    """Liveness + database reachability for the load balancer and the compose health check."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
