import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRedirect

from forum import jobs, selectors
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


def too_many_requests(request, exception=None):
    """The 429 page, in the site's design and the visitor's language: allauth's login and
    sign-up limits answer with it (forum.urls.handler429), and so may any other limit."""
    return render(request, "429.html", status=429)


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


# --- Long jobs -----------------------------------------------------------------------------------


def _own_job(request, job_id):
    job = selectors.job_of_owner(job_id=job_id, owner=request.user)
    if job is None:
        raise Http404
    return job


def _finished_elsewhere(request, job):
    """A job done whose kind reports on another page (a list of delegates, say): go there with
    the job's messages. A failed job stays on its page, which says so."""
    kind = jobs.job_kind(job.kind)
    if job.status != job.Status.DONE or kind.done_url is None:
        return None
    for level, text in jobs.job_report(job):
        messages.add_message(request, level, text)
    url = kind.done_url(job)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_GET
def job_detail(request, job_id):
    """Where a long job is followed: its progress bar, then its outcome."""
    job = _own_job(request, job_id)
    return _finished_elsewhere(request, job) or render(
        request, "forum/job_detail.html", jobs.job_display(job)
    )


@login_required
@require_GET
def job_progress(request, job_id):
    """The progress partial alone, polled by every page that shows a job."""
    job = _own_job(request, job_id)
    return _finished_elsewhere(request, job) or render(
        request, "forum/_job_progress.html", jobs.job_display(job)
    )
