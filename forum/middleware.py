"""Headers every response carries: what the browser may use (Permissions-Policy) and what it
may keep (Cache-Control) when the page belongs to someone."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers

from forum.decorators import answer_is_same_for_everyone


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """`{"camera": ["self"], "usb": []}` → `camera=(self), usb=()`."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in sorted(policy.items()))


class PrivacyHeadersMiddleware:
    """Permissions-Policy on every response: no camera, microphone, location or payment, except
    what a URL namespace is granted in PERMISSIONS_POLICY_BY_NAMESPACE (the scanner: the camera).

    Every answer to a signed-in person, or to a request carrying credentials (a scanner's bearer
    token), is `Cache-Control: no-store`: it may hold personal data (the header alone shows the
    account's email), and a shared or back-button cache must not keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        base = settings.PERMISSIONS_POLICY
        self.default = permissions_policy_header(base)
        self.by_namespace = {
            namespace: permissions_policy_header({**base, **granted})
            for namespace, granted in settings.PERMISSIONS_POLICY_BY_NAMESPACE.items()
        }

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        namespace = match.namespaces[0] if match is not None and match.namespaces else None
        response.headers.setdefault(
            "Permissions-Policy", self.by_namespace.get(namespace, self.default)
        )
        if self._personal(request):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _personal(request) -> bool:
        if "HTTP_AUTHORIZATION" in request.META:
            return True
        if answer_is_same_for_everyone(request):
            return False
        # Static files answered before authentication ran have no user: they are never personal.
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
