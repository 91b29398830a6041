"""Organiser pages for the day itself: live arrivals, the attendance export, the help desk."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from checkin.selectors import dashboard as selectors_checkin
from checkin.selectors.search import delegate_search
from checkin.services import attendance
from forum.spreadsheets import spreadsheet_download
from registration.access import edition_or_404, organiser_required
from registration.models import Registration

LIVE_TEMPLATE = "checkin/dashboard/live.html"
HELPDESK_TEMPLATE = "checkin/dashboard/helpdesk.html"


def now():
    return timezone.now()


def organiser_page(view):
    """organiser_required, except that a poll whose session has expired reloads the whole page
    (to the login form) instead of swapping the login form into a fragment."""
    guarded = organiser_required(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.htmx and not request.user.is_authenticated:
            login = redirect_to_login(request.htmx.current_url_abs_path or request.get_full_path())
            return HttpResponseClientRedirect(login.url)
        return guarded(request, *args, **kwargs)

    return wrapper


def _fragment(request) -> bool:
    # A history restore (back button after hx-push-url) needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request


def _fresh(response: HttpResponse) -> HttpResponse:
    # The page and its fragment share a URL: keep caches from serving one for the other.
    patch_vary_headers(response, ("HX-Request",))
    response["Cache-Control"] = "no-store"
    return response


@organiser_page
@require_GET
def live(request):
    edition = edition_or_404()
    context = {
        "edition": edition,
        "stats": selectors_checkin.live_stats(edition=edition, now=now()),
        "wall": request.GET.get("wall") == "1",
    }
    template = f"{LIVE_TEMPLATE}#stats" if _fragment(request) else LIVE_TEMPLATE
    return _fresh(render(request, template, context))


def _export(kind: str) -> HttpResponse:
    edition = edition_or_404()
    export = attendance.attendance_csv if kind == "csv" else attendance.attendance_xlsx
    return spreadsheet_download(export(edition=edition), kind=kind, stem="diem-danh", at=now())


@organiser_required
@require_GET
def attendance_csv(request):
    return _export("csv")


@organiser_required
@require_GET
def attendance_xlsx(request):
    return _export("xlsx")


@organiser_page
@require_GET
def helpdesk(request):
    edition = edition_or_404()
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "edition": edition,
        "query": query,
        "results": delegate_search(edition_id=edition.pk, query=query),
    }
    template = f"{HELPDESK_TEMPLATE}#results" if _fragment(request) else HELPDESK_TEMPLATE
    return _fresh(render(request, template, context))


@organiser_required
@require_POST
def badge_reprint(request, registration_id: int):
    edition = edition_or_404()
    try:
        registration, pdf = attendance.badge_reprint(
            edition=edition, registration_id=registration_id, actor=request.user
        )
    except Registration.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="the-dai-bieu-{registration.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
