"""Public pages and feeds are built once per published version and language, and answer
If-None-Match with 304 Not Modified."""

import hashlib
import secrets

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import get_language

from agenda.selectors.published import agenda_current

# Kept while the version is current; a new version has new keys, so nothing stale is served.
TTL = 24 * 3600


def published(request):
    """(edition, VersionRef or None), read once per request."""
    if not hasattr(request, "_agenda_published"):
        edition, ref = agenda_current()
        if edition is None:
            raise Http404
        request._agenda_published = (edition, ref)
    return request._agenda_published


def viewer(request) -> str:
    """Who the page was made for: the header shows the account, and its forms carry a CSRF
    token tied to the browser's cookie. A copy kept by one browser is only valid for it."""
    if not request.META.get("CSRF_COOKIE"):
        get_token(request)  # no cookie yet: the secret this response's forms will use
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


# Stands for the CSRF token in a page kept for every visitor; each answer gets its own token.
CSRF_SLOT = "csrf-slot-" + secrets.token_hex(16)


def anonymous_page(request, key: str, template: str, context: dict) -> HttpResponse | None:
    """A page that every visitor without an account sees alike, built once per `key` (which
    names the version, the language and the full path); None when it must be built for this
    request alone (a message is waiting for it). Only the CSRF token of its forms (the
    language switch) differs per browser: it is put in each time."""
    if request.user.is_authenticated or len(messages.get_messages(request)):
        return None
    html = cached(
        key, lambda: render_to_string(template, {**context, "csrf_token": CSRF_SLOT}, request)
    )
    return HttpResponse(html.replace(CSRF_SLOT, get_token(request)))


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
