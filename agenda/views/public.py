"""The public agenda: by room as a timeline or as a list, filters, now / next, session and
speaker pages, the changelog. Built from the published version, never from the draft."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from agenda.selectors.pages import programme_page, session_page, speaker_photo, waiting_rank
from agenda.selectors.personal import mine
from agenda.selectors.published import programme_of, versions_published
from agenda.views.caching import (
    anonymous_page,
    cache_key,
    etag_for,
    finish,
    not_modified,
    published,
    viewer,
)


def now():
    return timezone.now()


def _unpublished(request, edition):
    return render(request, "agenda/programme_unpublished.html", {"edition": edition})


@require_GET
def programme(request):
    edition, ref = published(request)
    if ref is None:
        return _unpublished(request, edition)
    page = programme_page(
        programme=programme_of(ref), edition=edition, query=request.GET, now=now()
    )
    context = {"edition": edition, "page": page}
    if request.user.is_authenticated:
        context["mine"] = mine(edition=edition, user=request.user)
        return finish(render(request, "agenda/programme_page.html", context), None, private=True)
    etag = etag_for(ref, "programme", page.key, viewer(request))
    unchanged = not_modified(request, etag)
    if unchanged:
        return unchanged
    response = None
    if page.canonical(request.GET):
        response = anonymous_page(
            request,
            cache_key(ref, "programme", page.key, request.get_full_path()),
            "agenda/programme_page.html",
            context,
        )
    return finish(response or render(request, "agenda/programme_page.html", context), etag)


@require_GET
def session(request, code: str):
    edition, ref = published(request)
    programme = programme_of(ref)
    page = session_page(programme=programme, code=code, now=now()) if programme else None
    if page is None:
        raise Http404
    context = {"edition": edition, "page": page, "session": page.session}
    if request.user.is_authenticated:
        context["mine"] = have = mine(edition=edition, user=request.user)
        context["booking"] = booking = have.seats.get(page.session.id)
        context["rank"] = waiting_rank(booking=booking)
        return finish(render(request, "agenda/session_detail.html", context), None, private=True)
    etag = etag_for(ref, "session", code, page.key, viewer(request))
    return not_modified(request, etag) or finish(
        render(request, "agenda/session_detail.html", context), etag
    )


@require_GET
def speakers(request):
    edition, ref = published(request)
    programme = programme_of(ref)
    if programme is None:
        return _unpublished(request, edition)
    etag = etag_for(ref, "speakers", viewer(request))
    return not_modified(request, etag) or finish(
        render(request, "agenda/speaker_list.html", {"edition": edition, "programme": programme}),
        etag,
    )


@require_GET
def speaker(request, slug: str):
    edition, ref = published(request)
    programme = programme_of(ref)
    person = programme.speakers_by_slug.get(slug) if programme else None
    if person is None or not person.live_sessions:
        raise Http404
    etag = etag_for(ref, "speaker", slug, viewer(request))
    return not_modified(request, etag) or finish(
        render(request, "agenda/speaker_detail.html", {"edition": edition, "speaker": person}),
        etag,
    )


@require_GET
def photo(request, slug: str, size: int, token: str):
    edition, ref = published(request)
    programme = programme_of(ref)
    person = programme.speakers_by_slug.get(slug) if programme else None
    if person is None or not person.photo or person.photo != token:
        raise Http404
    etag = etag_for(ref, "photo", slug, size, token)
    unchanged = not_modified(request, etag)
    if unchanged:
        return unchanged
    content = speaker_photo(edition=edition, speaker_id=person.id, token=token, size=size)
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type="image/jpeg")
    response["ETag"] = etag
    # The URL names the photo and its size: it never changes, so browsers may keep it.
    response["Cache-Control"] = "public, max-age=604800, immutable"
    return response


@require_GET
def changes(request):
    edition, ref = published(request)
    if ref is None:
        return _unpublished(request, edition)
    etag = etag_for(ref, "changes", viewer(request))
    return not_modified(request, etag) or finish(
        render(
            request,
            "agenda/change_list.html",
            {
                "edition": edition,
                "versions": versions_published(edition=edition),
                "site_url": settings.SITE_URL,
            },
        ),
        etag,
    )
