"""The HTTP API under /api/v1/ (OpenAPI 3 at /api/v1/openapi.json).

Scanner endpoints accept a paired device (`Authorization: Bearer <token>`) or the session of a
door-staff or organiser account (with the CSRF token on writes). Errors are JSON {"detail": ...}:
400 for a malformed or oversized request, 401 without valid credentials, 403 for a failed CSRF
check, 404 for an unknown object or before any forum edition is set up, 429 when pairing is
attempted too often.
"""

from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, Throttled, ValidationError
from ninja.parser import Parser

from checkin.api.endpoints import router
from forum.errors import ServiceError


class OneValueParser(Parser):
    """A query parameter that takes one value, sent more than once (`?gate=a&gate=b`), is
    malformed: its values reach the schema as a list and are refused, rather than the last one
    being taken silently."""

    def parse_querydict(self, data, list_fields, request):
        return {
            key: data.getlist(key)
            if key in list_fields or len(data.getlist(key)) > 1
            else data[key]
            for key in data
        }


class ForumAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # Named after the package, not the module an endpoint is written in: the published ids
        # stay put when endpoints move between modules.
        return f"checkin_api_{operation.view_func.__name__}"


api = ForumAPI(
    title="Forum API",
    version="1",
    urls_namespace="api",
    parser=OneValueParser(),
    # No interactive docs page: ninja's loads Swagger UI from a CDN. The schema is at openapi.json.
    docs_url=None,
    description=(
        "Check-in API of the Make in Viet Nam forum. Scanner phones authenticate with "
        "`Authorization: Bearer <device token>` (obtained by pairing); the scanner page used "
        "with a door-staff login authenticates with its session and sends the CSRF token."
    ),
)
api.add_router("", router)


@api.exception_handler(ValidationError)
def _malformed(request, exc):
    return api.create_response(request, {"detail": exc.errors}, status=400)


@api.exception_handler(RequestDataTooBig)
def _too_large(request, exc):
    # Without this, ninja answers a traceback with DEBUG on and Django an HTML page without.
    return api.create_response(
        request,
        {"detail": "Request body too large.", "code": "too_large"},
        status=400,
    )


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    response = api.create_response(
        request, {"detail": "Missing, invalid or revoked credentials."}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="scanner"'
    return response


@api.exception_handler(ServiceError)
def _refused(request, exc):
    return api.create_response(request, {"detail": str(exc.message), "code": exc.code}, status=400)


@api.exception_handler(Throttled)
def _too_often(request, exc):
    # ninja adds Retry-After: the seconds until the oldest attempt in the window expires.
    return api.create_response(
        request, {"detail": _("Thử quá nhiều lần. Hãy đợi một phút.")}, status=429
    )
