"""The address of the person behind a request, also behind reverse proxies.

One setting, TRUSTED_PROXY_COUNT (environment: DJANGO_TRUSTED_PROXY_COUNT), says how many proxies
in front of the application append to X-Forwarded-For; allauth's login and sign-up limits
(ALLAUTH_TRUSTED_PROXY_COUNT), the API's throttling (NINJA_NUM_PROXIES) and every record that
stores an address (consent, personal-data requests, imports) read it. With 0, the connection's
own address counts and X-Forwarded-For, which anyone can send, is ignored.
"""

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


def client_ip(request) -> str | None:
    """The client's address as the trusted proxies saw it; REMOTE_ADDR without proxies. A
    request that passed fewer proxies than configured (someone reaching the application
    directly) is answered with its own connection address; a request with no address at all
    (a server listening on a Unix socket with no proxy configured) with None: the records that
    store an address then store none, where allauth refuses to guess."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (ImproperlyConfigured, PermissionDenied):
        return request.META.get("REMOTE_ADDR") or None
