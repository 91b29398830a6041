"""Public pages and feeds are built once per published version and language, and answer
If-None-Match with 304 Not Modified."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import get_language

from agenda.selectors.published import version_current
from registration.access import edition_or_404

# Kept while the version is current; a new version has new keys, so nothing stale is served.
TTL = 24 * 3600


def published(request):
    """(edition, VersionRef or None), read once per request."""
    if not hasattr(request, "_agenda_published"):
        edition = edition_or_404()
        request._agenda_published = (edition, version_current(edition=edition))
    return request._agenda_published


def viewer(request) -> str:
    """Who the page was made for: the header shows the account, and its forms carry a CSRF
    token tied to the browser's cookie. A copy kept by one browser is only valid for it."""
    get_token(request)  # the secret this response's forms use, new or from the cookie
    token = request.META.get("CSRF_COOKIE", "")
    user = request.user.pk if request.user.is_authenticated else 0
    return f"{user}:{hashlib.sha256(token.encode()).hexdigest()[:12]}"


def etag_for(ref, *parts) -> str:
    digest = hashlib.sha256(
        "|".join(map(str, (ref.pk, ref.fingerprint, get_language(), *parts))).encode()
    ).hexdigest()[:32]
    return quote_etag(digest)


def not_modified(request, etag: str) -> HttpResponse | None:
    wanted = parse_etags(request.headers.get("If-None-Match", ""))
    if etag in wanted or "*" in wanted:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    return None


def cache_key(ref, kind: str, *parts) -> str:
    raw = "|".join(map(str, (ref.pk, ref.fingerprint, get_language(), kind, *parts)))
    return "agenda:" + hashlib.sha256(raw.encode()).hexdigest()


def cached(key: str, build):
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TTL)
    return value


def finish(response: HttpResponse, etag: str | None, *, private: bool = False) -> HttpResponse:
    """Ask caches to check back every time: the answer is cheap when nothing changed."""
    if etag:
        response["ETag"] = etag
    patch_cache_control(
        response, no_cache=True, **({"private": True} if private else {"public": True})
    )
    return response
