"""Requests and data for the API tests."""

from django.middleware.csrf import _get_new_csrf_string

from forum.vietnamese import search_key
from registration.badge_codes import payload_of
from registration.models import BadgeCode, Registration
from registration.services.badge_codes import badge_code_issue
from tests.factories import RegistrationFactory

SCAN = "/api/v1/checkin/scan"
BATCH = "/api/v1/checkin/batch"
DELEGATES = "/api/v1/checkin/delegates"
SEARCH = "/api/v1/checkin/search"
MANUAL = "/api/v1/checkin/manual"
ME = "/api/v1/checkin/me"
PAIR = "/api/v1/devices/pair"
GATES = "/api/v1/checkin/gates"


def approved(edition, name="Đặng Thị Ánh", **fields) -> Registration:
    registration = RegistrationFactory(
        edition=edition,
        status="approved",
        full_name=name,
        given_name=name.split()[-1],
        search_key=search_key(name),
        **fields,
    )
    badge_code_issue(registration=registration)
    return registration


def payload(registration) -> str:
    code = BadgeCode.objects.get(registration=registration, status="active")
    return payload_of(code.token)


def csrf_headers(client) -> dict:
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    return {"X-CSRFToken": secret}
