"""Fuzzing the API from its published schema (schemathesis).

Every operation of /api/v1/openapi.json, as a paired device, as a door-staff session with its
second factor, and with no credentials, under every check schemathesis has: no server error,
every answer in the schema (status, content type, headers, body), requests with invalid data
refused and requests with valid data taken. Seeded and bounded, so that a run is repeatable and
short; FUZZ_EXAMPLES raises the bound for a longer search.
"""

import json
import os
from collections.abc import MutableMapping

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode
from schemathesis.openapi.checks import RejectedPositiveData

from forum.wsgi import application
from registration import roles
from registration.services.accounts import totp_ensure
from tests.checkin.api.helpers import ME, approved, csrf_headers
from tests.factories import user_with_roles

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
SEED = int(os.environ.get("FUZZ_SEED", "20251230"))
# Refusals of a well-formed request that names something this server does not hold: a schema
# states what a pairing code, a gate code or a cursor looks like, never which ones exist. Each
# is a 400 with its own `code`; every other refusal of valid data is a failure.
UNKNOWN_REFERENCES = {"pairing_invalid", "unknown_gate", "unknown_cursor"}

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
schema.config.seed = SEED
schema.config.generation.update(
    modes=list(GenerationMode),
    max_examples=EXAMPLES,
    deterministic=True,
    # Each caller sends its own credentials (none, a device token, a session): generated ones
    # would stand beside them, or be replaced by them while counted as the data sent.
    with_security_parameters=False,
)
schema.config.checks.update(included_check_names=["all"])

pytestmark = pytest.mark.django_db
# The data (the edition, a gate, a delegate, a device, a staff account) is made once per
# operation and kept for all its examples, as a server keeps its data between requests.
DATA_PER_OPERATION = hypothesis_settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# The connection's address, which a WSGI server always gives (pairing is limited per address).
ENVIRON = {"REMOTE_ADDR": "192.0.2.10"}


@schemathesis.check
def valid_data_taken(ctx, response, case):
    """schemathesis' positive_data_acceptance, except for a refused unknown reference."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if response.status_code == 400 and _error_code(response) in UNKNOWN_REFERENCES:
            return None
        raise


def _error_code(response) -> str | None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None


CHECKS = {
    "excluded_checks": [positive_data_acceptance],
    "additional_checks": [valid_data_taken],
}


@pytest.fixture(autouse=True)
def _wsgi_in_test_transaction():
    """Requests through the WSGI application leave the test's connection open (the test client
    does the same): Django closes it at the end of every request otherwise."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def delegate(edition, gate):
    """A delegate to list, find and check in, at an edition with a gate."""
    return approved(edition)


def session_of(client, user) -> dict:
    """A signed-in browser's credentials: its cookies (the session and the CSRF token), which
    the WSGI client sends from its jar, and the CSRF header. The same cookies go in a `Cookie`
    header too, so that schemathesis knows them as this caller's credentials (its checks send
    the request again without them)."""
    client.force_login(user)
    csrf = csrf_headers(client)
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return {"headers": {**csrf, "Cookie": header}, "cookies": cookies}


@pytest.fixture
def as_device(device_token) -> dict:
    return {"headers": {"Authorization": f"Bearer {device_token}"}}


@pytest.fixture
def as_door_staff(client, door_staff) -> dict:
    return session_of(client, door_staff)


def _call(case, credentials: dict):
    # Each example from a fresh client: the pairing limit (10 a minute, its own test) would
    # otherwise answer every later pairing request 429 before reading it.
    cache.clear()
    case.call_and_validate(environ_base=ENVIRON, **credentials, **CHECKS)


@schema.parametrize()
@DATA_PER_OPERATION
def test_api_as_device(case, delegate, as_device):
    _call(case, as_device)


@schema.parametrize()
@DATA_PER_OPERATION
def test_api_as_door_staff(case, delegate, as_door_staff):
    # A browser's session sends no bearer token.
    if isinstance(case.headers, MutableMapping):
        case.headers.pop("Authorization", None)
    if isinstance(case.cookies, MutableMapping):
        case.cookies.pop(settings.SESSION_COOKIE_NAME, None)
    _call(case, as_door_staff)


@schema.parametrize()
@DATA_PER_OPERATION
def test_api_without_credentials(case, delegate):
    _call(case, {})


@pytest.mark.parametrize(
    ("caller", "status", "who"),
    [
        ("as_device", 200, ("device", "name", "Máy 1")),
        ("as_door_staff", 200, ("staff", "email", "cong@example.vn")),
        (None, 401, None),
    ],
)
def test_the_callers_are_who_the_fuzzing_says(request, delegate, caller, status, who):
    """Each caller's credentials reach the server as it would send them (a jar's cookies,
    a header): a fuzzed run answered 401 throughout would check next to nothing."""
    credentials = request.getfixturevalue(caller) if caller else {}
    case = schema[ME]["GET"].Case()

    response = case.call_and_validate(environ_base=ENVIRON, **credentials, **CHECKS)

    assert response.status_code == status
    if who:
        kind, field, value = who
        assert response.json()[kind][field] == value


# --- Answers the fuzzed data never reaches, held to the same schema --------------------------

CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# A request of each scanner operation that is valid in itself.
VALID = {
    ("GET", "/api/v1/checkin/me"): {},
    ("GET", "/api/v1/checkin/gates"): {},
    ("POST", "/api/v1/checkin/scan"): {"body": {"code": "MIV1-X", "nonce": "n-1"}},
    ("POST", "/api/v1/checkin/batch"): {"body": {"scans": []}},
    ("GET", "/api/v1/checkin/delegates"): {"query": {"limit": 10}},
    ("GET", "/api/v1/checkin/search"): {"query": {"q": "an"}},
    ("POST", "/api/v1/checkin/manual"): {"body": {"registration_id": 1, "nonce": "n-2"}},
}


def test_every_scanner_operation_is_checked_here():
    operations = {
        (method.upper(), path)
        for path, methods in schema.raw_schema["paths"].items()
        for method, operation in methods.items()
        if operation.get("security")
    }

    assert operations == set(VALID)


@pytest.mark.parametrize(("method", "path"), list(VALID))
def test_before_any_edition_a_session_gets_a_declared_404(client, method, path):
    staff = user_with_roles(roles.DOOR_STAFF, email="cong@example.vn")
    totp_ensure(user=staff)
    case = schema[path][method].Case(**VALID[method, path])

    response = case.call_and_validate(
        environ_base=ENVIRON, checks=CONFORMANCE, **session_of(client, staff)
    )

    assert response.status_code == 404
    assert response.json()["detail"] == "No forum edition is set up."


@pytest.mark.parametrize(("method", "path"), list(VALID))
def test_staff_without_a_second_factor_get_a_declared_403(client, edition, method, path):
    staff = user_with_roles(roles.DOOR_STAFF, email="cong@example.vn", is_staff=True)
    case = schema[path][method].Case(**VALID[method, path])

    response = case.call_and_validate(
        environ_base=ENVIRON, checks=CONFORMANCE, **session_of(client, staff)
    )

    assert response.status_code == 403
    assert "TOTP" in response.json()["detail"]
