"""The agenda for other programs: frab/c3voc schedule as JSON and XML, and iCalendar."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from agenda.feeds.frab import schedule_json as frab_json
from agenda.feeds.frab import schedule_xml as frab_xml
from agenda.feeds.ical import calendar_bytes
from agenda.selectors.published import programme_of
from agenda.views.caching import cache_key, cached, etag_for, finish, not_modified, published


def _feed(request, kind: str, content_type: str, build):
    edition, ref = published(request)
    if ref is None:
        raise Http404
    etag = etag_for(ref, kind)
    unchanged = not_modified(request, etag)
    if unchanged:
        return unchanged
    content = cached(
        cache_key(ref, kind),
        lambda: build(programme=programme_of(ref), edition=edition, site_url=settings.SITE_URL),
    )
    response = HttpResponse(content, content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    return finish(response, etag)


@require_GET
def schedule_json(request):
    return _feed(request, "json", "application/json; charset=utf-8", frab_json)


@require_GET
def schedule_xml(request):
    return _feed(request, "xml", "application/xml; charset=utf-8", frab_xml)


def _whole_calendar(*, programme, edition, site_url):
    return calendar_bytes(
        programme=programme,
        sessions=programme.sessions,
        edition=edition,
        name=edition.short_name or edition.display_name,
        site_url=site_url,
    )


@require_GET
def agenda_ics(request):
    return _feed(request, "ics", "text/calendar; charset=utf-8", _whole_calendar)
