"""The HTTP API under /api/v1/ (OpenAPI 3 at /api/v1/openapi.json).

Scanner endpoints accept a paired device (`Authorization: Bearer <token>`) or the session of a
door-staff or organiser account (with the CSRF token on writes). Errors are JSON {"detail": ...}:
400 for a malformed request, 401 without valid credentials, 403 for a failed CSRF check, 404 for
an unknown object, 429 when pairing is attempted too often.
"""

import datetime as dt
import os
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import pydantic
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf
from pydantic import StrictInt, StrictStr, field_validator

from checkin.models import Gate, Scan, ScannerDevice
from checkin.services import devices
from checkin.services.scans import (
    ScanOutcome,
    checkin_perform,
    checkin_perform_for_registration,
    clean_raw_code,
    outcome_payload,
)
from forum.errors import ServiceError
from forum.models import Edition
from forum.selectors import edition_current
from registration import roles
from registration.models import Registration
from registration.selectors import user_roles

api = NinjaAPI(
    title="Forum API",
    version="1",
    urls_namespace="api",
    # No interactive docs page: ninja's loads Swagger UI from a CDN. The schema is at openapi.json.
    docs_url=None,
    description=(
        "Check-in API of the Make in Viet Nam forum. Scanner phones authenticate with "
        "`Authorization: Bearer <device token>` (obtained by pairing); the scanner page used "
        "with a door-staff login authenticates with its session and sends the CSRF token."
    ),
)

PAIR_ATTEMPTS_PER_MINUTE = 10
BATCH_MAX = 500
FUTURE_TOLERANCE = dt.timedelta(hours=24)


# --- Errors --------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str | list[dict[str, Any]] = Field(
        description="A message, or for a malformed body the list of field errors."
    )


ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
}


@api.exception_handler(ValidationError)
def _malformed(request, exc):
    return api.create_response(request, {"detail": exc.errors}, status=400)


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


# --- Authentication ------------------------------------------------------------------------------


@dataclass
class Scanner:
    """Who is scanning: a paired device, or a staff member logged in on the scanner page."""

    device: ScannerDevice | None = None
    staff: Any = None
    edition_id: int | None = None
    gate: Gate | None = None
    language: str = "vi"

    @property
    def source_key(self) -> str:
        return f"d{self.device.pk}" if self.device else f"u{self.staff.pk}"


class DeviceToken(HttpBearer):
    """A paired scanner device's bearer token."""

    def authenticate(self, request, token):
        device = devices.device_authenticate(token=token)
        if device is None:
            return None
        return Scanner(
            device=device,
            edition_id=device.gate.edition_id,
            gate=device.gate,
            language=device.language,
        )


class StaffSession(APIKeyCookie):
    """The Django session of a door-staff or organiser account; writes need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        # Only a logged-in session is checked for CSRF, so that a request with no credentials
        # gets 401 rather than a CSRF failure.
        if not request.user.is_authenticated:
            return None
        if check_csrf(request):
            raise HttpError(403, "CSRF check failed.")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = request.user
        if not user.is_authenticated:
            return None
        if not (user.is_superuser or user_roles(user=user) & {roles.DOOR_STAFF, roles.ORGANISER}):
            return None
        return Scanner(staff=user, language=translation.get_language() or "vi")


SCANNER_AUTH = [DeviceToken(), StaffSession()]


def _scanner(request: HttpRequest, gate_code: str | None = None) -> Scanner:
    """The authenticated scanner, with the edition and (for staff) the chosen gate resolved."""
    scanner: Scanner = request.auth
    if scanner.device is None and scanner.edition_id is None:
        edition = edition_current()
        if edition is None:
            raise HttpError(404, "No forum edition is set up.")
        scanner.edition_id = edition.pk
        if gate_code:
            scanner.gate = Gate.objects.filter(edition=edition, code=gate_code).first()
            if scanner.gate is None:
                raise HttpError(400, "Unknown gate.")
    return scanner


# --- Schemas -------------------------------------------------------------------------------------

Nonce = Annotated[
    StrictStr,
    Field(
        min_length=1,
        max_length=64,
        description="Unique per scan on this device (a UUID); the same nonce again returns "
        "the first answer and records nothing new.",
    ),
]
Code = Annotated[
    StrictStr,
    Field(max_length=2000, description="What the camera read, or a short code typed by hand."),
]
GateCode = Annotated[
    StrictStr | None,
    Field(
        None,
        max_length=20,
        description="Session users only: the code of the gate being staffed (ignored for devices).",
    ),
]


GateQuery = Annotated[
    str | None,
    Query(max_length=20, description="Session users only: the gate code, instead of in the body."),
]


def _parse_scanned_at(value):
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("scanned_at must be an ISO 8601 date-time string")
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("scanned_at must be an ISO 8601 date-time string") from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)  # a phone that sends no offset is on venue time
    if parsed > timezone.now() + FUTURE_TOLERANCE:
        raise ValueError("scanned_at is more than 24 hours in the future")
    return parsed


def _printable(value: str) -> str:
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ValueError("control characters are not allowed")
    return value


class ScanIn(Schema):
    code: Code
    nonce: Nonce
    scanned_at: dt.datetime | None = Field(
        None,
        description="When the phone read the code (ISO 8601; no offset means venue time). "
        "Defaults to the time the server receives the scan.",
    )

    _scanned_at = field_validator("scanned_at", mode="before")(_parse_scanned_at)
    _nonce = field_validator("nonce")(_printable)
    _code = field_validator("code")(clean_raw_code)


class ScanRequest(ScanIn):
    gate: GateCode


class GateOut(Schema):
    code: str
    name: str


class GateChoiceOut(Schema):
    code: str = Field(description="Send it as `gate` with scans from a staff session.")
    name: str
    kind: Literal[tuple(Gate.Kind.values)]


class DeviceOut(Schema):
    id: int
    name: str
    language: str
    gate: GateOut


class PairIn(Schema):
    pairing_code: StrictStr = Field(max_length=40, description="8 characters, e.g. 7K3M-Q9TX.")
    name: StrictStr | None = Field(None, max_length=100, description="A name for this phone.")


class PairOut(Schema):
    token: str = Field(description="The bearer token; shown once, store it on the device.")
    device: DeviceOut


class StaffOut(Schema):
    email: str


class EditionOut(Schema):
    name: str
    starts_at: dt.datetime


class MeOut(Schema):
    device: DeviceOut | None
    staff: StaffOut | None
    edition: EditionOut
    server_time: dt.datetime


class DelegateOut(Schema):
    name: str
    title: str
    organisation: str
    type: str
    type_label: str
    needs: str


class FirstCheckinOut(Schema):
    at: str = Field(json_schema_extra={"format": "date-time"})
    gate: str | None


ResultCode = Literal[tuple(Scan.Result.values)]


class ScanOut(Schema):
    result: ResultCode
    message: str = Field(description="For the person at the door, in the device's language.")
    delegate: DelegateOut | None
    first_checkin: FirstCheckinOut | None


class BatchIn(Schema):
    scans: list[Any] = Field(
        max_length=BATCH_MAX,
        description="Up to 500 objects {code, nonce, scanned_at}, or {registration_id, nonce, "
        "scanned_at} for a delegate found by name in the offline list; each one is checked on "
        "its own.",
    )
    gate: GateCode


class BatchItemOut(Schema):
    nonce: str | None
    result: ResultCode | None = None
    message: str | None = None
    delegate: DelegateOut | None = None
    first_checkin: FirstCheckinOut | None = None
    error: str | None = Field(None, description="Set instead of a result for a malformed item.")


class BatchOut(Schema):
    results: list[BatchItemOut]


class DelegateEntryOut(Schema):
    code_hash: str = Field(description="SHA-256 (hex) of the QR payload.")
    short_hash: str = Field(description='SHA-256 (hex) of "SHORT:" + the 8-character short code.')
    registration_id: int = Field(
        description="For a check-in by name while offline: send it in a batch item instead of "
        "`code`."
    )
    name: str
    title: str
    organisation: str
    type: str
    type_label: str
    status: str = Field(description='Admit only "approved".')
    checked_in: bool


class DelegatesOut(Schema):
    cursor: str = Field(description="Pass as `since` on the next call.")
    more: bool = Field(description="True when another page is ready now.")
    delegates: list[DelegateEntryOut]
    revoked: list[str] = Field(description="Code hashes that must no longer be admitted.")


class SearchOut(Schema):
    registration_id: int
    name: str
    title: str
    organisation: str
    type_label: str
    status: str
    checked_in: bool


class ManualIn(Schema):
    registration_id: StrictInt
    nonce: Nonce
    gate: GateCode

    _nonce = field_validator("nonce")(_printable)


class ManualScanIn(Schema):
    """A batch item for a delegate checked in by name while the phone was offline."""

    registration_id: StrictInt
    nonce: Nonce
    scanned_at: dt.datetime | None = None

    _scanned_at = field_validator("scanned_at", mode="before")(_parse_scanned_at)
    _nonce = field_validator("nonce")(_printable)


# --- Pairing -------------------------------------------------------------------------------------


def _pairing_attempt_allowed(request) -> bool:
    key = f"api:pair:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=60)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60)
        attempts = 1
    return attempts <= PAIR_ATTEMPTS_PER_MINUTE


@api.post(
    "/devices/pair",
    response={200: PairOut, 400: ErrorOut, 429: ErrorOut},
    tags=["devices"],
    summary="Pair a scanner device with its one-time pairing code",
)
def devices_pair(request, body: PairIn):
    """Trade the 8-character pairing code an organiser created for a bearer token. A code works
    once, for 15 minutes. At most 10 attempts per minute per IP address."""
    if not _pairing_attempt_allowed(request):
        response = api.create_response(
            request, {"detail": _("Thử quá nhiều lần. Hãy đợi một phút.")}, status=429
        )
        response["Retry-After"] = "60"
        return response
    device, token = devices.device_pair(pairing_code=body.pairing_code, name=body.name)
    return {"token": token, "device": devices.device_info(device)}


# --- Check-in ------------------------------------------------------------------------------------


@api.get(
    "/checkin/me",
    auth=SCANNER_AUTH,
    response={200: MeOut, **ERRORS},
    tags=["check-in"],
    summary="Who this scanner is, the edition and the server's clock",
)
def checkin_me(request):
    scanner = _scanner(request)
    edition = Edition.objects.get(pk=scanner.edition_id)
    name = edition.name_en if scanner.language == "en" and edition.name_en else edition.name
    return {
        "device": devices.device_info(scanner.device) if scanner.device else None,
        "staff": {"email": scanner.staff.email} if scanner.staff else None,
        "edition": {"name": name, "starts_at": timezone.localtime(edition.starts_at)},
        "server_time": timezone.localtime(),
    }


@api.get(
    "/checkin/gates",
    auth=SCANNER_AUTH,
    response={200: list[GateChoiceOut], **ERRORS},
    tags=["check-in"],
    summary="The open gates, for door staff to choose where they scan",
)
def checkin_gates(request):
    """The active gates of the edition, by code. Door staff on the scanner page pick one and send
    its `code` as `gate`; a paired device is bound to its own gate."""
    scanner = _scanner(request)
    gates = Gate.objects.filter(edition_id=scanner.edition_id, is_active=True)
    return list(gates.order_by("code").values("code", "name", "kind"))


def _scan_fields(scanner: Scanner, item, *, offline: bool) -> dict:
    return {
        "edition_id": scanner.edition_id,
        "nonce": item.nonce,
        "source_key": scanner.source_key,
        "device": scanner.device,
        "staff": scanner.staff,
        "gate": scanner.gate,
        "scanned_at": getattr(item, "scanned_at", None),
        "offline": offline,
    }


def _perform(scanner: Scanner, item: ScanIn, *, offline: bool) -> ScanOutcome:
    return checkin_perform(raw_code=item.code, **_scan_fields(scanner, item, offline=offline))


def _perform_manual(scanner: Scanner, item: ManualIn | ManualScanIn, *, offline: bool):
    return checkin_perform_for_registration(
        registration_id=item.registration_id, **_scan_fields(scanner, item, offline=offline)
    )


@api.post(
    "/checkin/scan",
    auth=SCANNER_AUTH,
    response={200: ScanOut, **ERRORS},
    tags=["check-in"],
    summary="Check in one scanned code",
)
def checkin_scan(request, body: ScanRequest, gate: GateQuery = None):
    """Decide and record one scan. Every scan is recorded, refusals too; a delegate's first
    entry is recorded once whatever the number of gates. The same nonce from the same device
    returns the first answer. A code that is not ours answers `invalid`, never an error."""
    scanner = _scanner(request, body.gate or gate)
    outcome = _perform(scanner, body, offline=False)
    # The answer already has ScanOut's exact shape (tested): skip re-validating it.
    return JsonResponse(outcome_payload(outcome, language=scanner.language))


@api.post(
    "/checkin/batch",
    auth=SCANNER_AUTH,
    response={200: BatchOut, **ERRORS},
    tags=["check-in"],
    summary="Upload scans made offline",
    exclude_unset=True,
)
def checkin_batch(request, body: BatchIn, gate: GateQuery = None):
    """Each item is checked like a scan (marked offline) and answered in request order; a
    malformed item gets {"nonce", "error"} and the others still count. When several scans of
    one delegate arrive, the earliest `scanned_at` is the first entry. Retrying a batch is safe."""
    scanner = _scanner(request, body.gate or gate)
    results: list[dict | None] = [None] * len(body.scans)
    valid: list[tuple[int, ScanIn | ManualScanIn]] = []
    for index, raw in enumerate(body.scans):
        manual = isinstance(raw, dict) and "registration_id" in raw and "code" not in raw
        try:
            valid.append((index, (ManualScanIn if manual else ScanIn).model_validate(raw)))
        except pydantic.ValidationError as exc:
            nonce = raw.get("nonce") if isinstance(raw, dict) else None
            results[index] = {
                "nonce": nonce if isinstance(nonce, str) else None,
                "error": "; ".join(
                    f"{'.'.join(str(p) for p in error['loc']) or 'item'}: {error['msg']}"
                    for error in exc.errors()
                ),
            }
    now = timezone.now()
    # Oldest first, so that later scans of the same badge answer "already checked in".
    for index, item in sorted(valid, key=lambda pair: pair[1].scanned_at or now):
        if isinstance(item, ManualScanIn):
            try:
                outcome = _perform_manual(scanner, item, offline=True)
            except ServiceError:
                results[index] = {"nonce": item.nonce, "error": "Unknown registration."}
                continue
        else:
            outcome = _perform(scanner, item, offline=True)
        results[index] = {
            "nonce": item.nonce,
            **outcome_payload(outcome, language=scanner.language),
        }
    return {"results": results}


@api.get(
    "/checkin/delegates",
    auth=SCANNER_AUTH,
    response={200: DelegatesOut, **ERRORS},
    tags=["check-in"],
    summary="Delegate list for offline checks, incremental",
)
def checkin_delegates(
    request,
    since: str | None = Query(None, max_length=200, description="The cursor of the last answer."),
    limit: int = Query(1000, ge=1, le=devices.DELTA_LIMIT_MAX),
):
    """Without `since`: every delegate with a badge code. With the cursor of the previous
    answer: only what changed since (approved, edited, cancelled, badge reissued, checked in).
    Keep calling while `more` is true. An entry replaces the one with the same `code_hash`."""
    scanner = _scanner(request)
    try:
        return devices.delegate_changes(
            edition_id=scanner.edition_id, since=since, limit=limit, language=scanner.language
        )
    except ValueError:
        raise HttpError(400, "Unknown cursor.") from None


@api.get(
    "/checkin/search",
    auth=SCANNER_AUTH,
    response={200: list[SearchOut], **ERRORS},
    tags=["check-in"],
    summary="Find a delegate by name or phone (lost badge)",
)
def checkin_search(request, q: str = Query(..., max_length=100)):
    """Accents and case are ignored ("nguyen van an" finds "Nguyễn Văn An"); a phone number
    matches in any usual form ("0912 345 678", "+84912345678"). At most 20 results."""
    scanner = _scanner(request)
    return devices.delegate_search(
        edition_id=scanner.edition_id, query=q, language=scanner.language
    )


@api.post(
    "/checkin/manual",
    auth=SCANNER_AUTH,
    response={200: ScanOut, 404: ErrorOut, **ERRORS},
    tags=["check-in"],
    summary="Check in a delegate found by search",
)
def checkin_manual(request, body: ManualIn, gate: GateQuery = None):
    """Checks the registration in with its badge code, through the same rules as a scan."""
    scanner = _scanner(request, body.gate or gate)
    try:
        outcome = _perform_manual(scanner, body, offline=False)
    except ServiceError:
        raise HttpError(404, "Unknown registration.") from None
    return outcome_payload(outcome, language=scanner.language)


# --- Benchmark reference -------------------------------------------------------------------------

if os.environ.get("FORUM_BENCH_REFERENCE") == "1":
    from django.db import transaction

    from forum.sql import fetch_one

    class ReferenceIn(Schema):
        registration_id: int
        nonce: str

    @api.post("/bench/reference", include_in_schema=False)
    def bench_reference(request, body: ReferenceIn):
        """The floor of a scan's database work: lock the registration row, insert one scan.
        Run as the scan's own statements are (forum.sql.fetch_one: prepared on PostgreSQL)."""
        registrations = Registration._meta.db_table
        with transaction.atomic():
            fetch_one(
                f"SELECT id FROM {registrations} WHERE id = %s FOR UPDATE",  # noqa: S608
                [body.registration_id],
            )
            fetch_one(
                f"INSERT INTO {Scan._meta.db_table} (edition_id, source_key, nonce, raw_code, "  # noqa: S608
                "result, is_first_entry, offline, scanned_at, received_at, registration_id) "
                f"SELECT edition_id, 'bench', %s, '', 'ok', false, false, now(), now(), id "
                f"FROM {registrations} WHERE id = %s RETURNING id",
                [body.nonce, body.registration_id],
            )
        return {"result": "ok"}
