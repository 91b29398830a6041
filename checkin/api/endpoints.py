import pydantic
from django.http import JsonResponse
from django.utils import timezone, translation
from ninja import Query, Router
from ninja.errors import HttpError

from checkin.answers import delegate_fields, outcome_payload, upload_payload
from checkin.api.auth import SCANNER_AUTH, ClientAddressThrottle, scanner_of
from checkin.api.schemas import (
    CURSOR_PATTERN,
    ERRORS,
    MALFORMED,
    BatchIn,
    BatchOut,
    DelegatesOut,
    ErrorOut,
    GateChoiceOut,
    GateQuery,
    ManualIn,
    ManualScanIn,
    MeOut,
    PairIn,
    PairOut,
    ScanIn,
    ScanOut,
    ScanRequest,
    SearchOut,
)
from checkin.selectors.devices import scanner_edition
from checkin.selectors.gates import gate_choices
from checkin.selectors.offline_list import DELTA_LIMIT_MAX, delegate_changes
from checkin.selectors.search import delegate_search
from checkin.services.batch import checkin_perform_batch
from checkin.services.devices import device_pair
from checkin.services.scans import checkin_perform, checkin_perform_for_registration
from forum.errors import ServiceError

PAIR_ATTEMPTS = "10/m"

router = Router()


# --- Pairing -------------------------------------------------------------------------------------


@router.post(
    "/devices/pair",
    response={200: PairOut, 400: ErrorOut, 429: ErrorOut},
    tags=["devices"],
    summary="Pair a scanner device with its one-time pairing code",
    throttle=ClientAddressThrottle(PAIR_ATTEMPTS),
)
def devices_pair(request, body: PairIn):
    """Trade the 8-character pairing code an organiser created for a bearer token. A code works
    once, for 15 minutes. At most 10 attempts per minute per IP address."""
    device, token = device_pair(pairing_code=body.pairing_code, name=body.name)
    return {"token": token, "device": device}


# --- Check-in ------------------------------------------------------------------------------------


@router.get(
    "/checkin/me",
    auth=SCANNER_AUTH,
    response={200: MeOut, **ERRORS},
    tags=["check-in"],
    summary="Who this scanner is, the edition and the server's clock",
)
def checkin_me(request):
    scanner = scanner_of(request)
    return {
        "device": scanner.device,
        "staff": scanner.staff,
        "edition": scanner_edition(edition_id=scanner.edition_id, language=scanner.language),
        "server_time": timezone.localtime(),
    }


@router.get(
    "/checkin/gates",
    auth=SCANNER_AUTH,
    response={200: list[GateChoiceOut], **ERRORS},
    tags=["check-in"],
    summary="The open gates, for door staff to choose where they scan",
)
def checkin_gates(request):
    """The active gates of the edition, by code. Door staff on the scanner page pick one and send
    its `code` as `gate`; a paired device is bound to its own gate."""
    return gate_choices(edition_id=scanner_of(request).edition_id)


@router.post(
    "/checkin/scan",
    auth=SCANNER_AUTH,
    response={200: ScanOut, **ERRORS},
    tags=["check-in"],
    summary="Check in one scanned code",
)
def checkin_scan(request, body: ScanRequest, gate: GateQuery = None):
    """Decide and record one scan, at the server's time (a phone's clock never orders the
    door). Every scan is recorded, refusals too; a delegate's first entry is recorded once
    whatever the number of gates. The same nonce from the same device returns the first
    answer. A code that is not ours answers `invalid`, never an error."""
    scanner = scanner_of(request, body.gate or gate)
    outcome = checkin_perform(raw_code=body.code, nonce=body.nonce, **scanner.scan_fields())
    # The answer already has ScanOut's exact shape (tested): skip re-validating it.
    return JsonResponse(outcome_payload(outcome, language=scanner.language))


def _batch_item(raw) -> ScanIn | ManualScanIn | dict:
    """An uploaded scan, or for a malformed one the answer saying why."""
    manual = isinstance(raw, dict) and "registration_id" in raw and "code" not in raw
    try:
        return (ManualScanIn if manual else ScanIn).model_validate(raw)
    except pydantic.ValidationError as exc:
        nonce = raw.get("nonce") if isinstance(raw, dict) else None
        return {
            "nonce": nonce if isinstance(nonce, str) else None,
            "code": MALFORMED,
            "error": "; ".join(
                f"{'.'.join(str(p) for p in error['loc']) or 'item'}: {error['msg']}"
                for error in exc.errors()
            ),
        }


@router.post(
    "/checkin/batch",
    auth=SCANNER_AUTH,
    response={200: BatchOut, **ERRORS},
    tags=["check-in"],
    summary="Upload scans made offline",
    exclude_unset=True,
)
def checkin_batch(request, body: BatchIn, gate: GateQuery = None):
    """Each item is checked like a scan (marked offline) and answered in request order. An
    item the server does not take as a scan at the door gets {"nonce", "error", "code",
    "message"}: malformed (not stored), or refused and recorded (a time outside the edition's
    window, an unknown delegate); the others still count. When several scans of one delegate
    arrive, the earliest `scanned_at` is the first entry, and the scan it replaces becomes a
    re-entry (`replaced`). Retrying a batch is safe."""
    scanner = scanner_of(request, body.gate or gate)
    items = [_batch_item(raw) for raw in body.scans]
    valid = [item for item in items if not isinstance(item, dict)]
    outcomes = iter(checkin_perform_batch(items=valid, **scanner.scan_fields()))
    return {
        "results": [
            item
            if isinstance(item, dict)
            else upload_payload(next(outcomes), nonce=item.nonce, language=scanner.language)
            for item in items
        ]
    }


@router.get(
    "/checkin/delegates",
    auth=SCANNER_AUTH,
    response={200: DelegatesOut, **ERRORS},
    tags=["check-in"],
    summary="Delegate list for offline checks, incremental",
)
def checkin_delegates(
    request,
    since: str | None = Query(
        None,
        max_length=200,
        pattern=CURSOR_PATTERN,
        description="The cursor of the last answer (URL-safe base64, without padding).",
    ),
    limit: int = Query(1000, ge=1, le=DELTA_LIMIT_MAX),
):
    """Without `since`: every delegate with a badge code. With the cursor of the previous
    answer: only what changed since (approved, edited, cancelled, badge reissued, checked in).
    Keep calling while `more` is true. An entry replaces the one with the same `code_hash`."""
    scanner = scanner_of(request)
    try:
        return delegate_changes(
            edition_id=scanner.edition_id, since=since, limit=limit, language=scanner.language
        )
    except ValueError:
        raise ServiceError("Unknown cursor.", code="unknown_cursor") from None


@router.get(
    "/checkin/search",
    auth=SCANNER_AUTH,
    response={200: list[SearchOut], **ERRORS},
    tags=["check-in"],
    summary="Find a delegate by name or phone (lost badge)",
)
def checkin_search(request, q: str = Query(..., max_length=100)):
    """Accents and case are ignored ("nguyen van an" finds "Nguyễn Văn An"); a phone number
    matches in any usual form ("0912 345 678", "+84912345678"). At most 20 results."""
    scanner = scanner_of(request)
    found = delegate_search(edition_id=scanner.edition_id, query=q)
    with translation.override(scanner.language):
        return [
            {
                "registration_id": registration.pk,
                **delegate_fields(registration),
                "status": registration.status,
                "checked_in": registration.arrived_at is not None,
            }
            for registration in found
        ]


@router.post(
    "/checkin/manual",
    auth=SCANNER_AUTH,
    response={200: ScanOut, **ERRORS},
    tags=["check-in"],
    summary="Check in a delegate found by search",
)
def checkin_manual(request, body: ManualIn, gate: GateQuery = None):
    """Checks the registration in with its badge code, through the same rules as a scan."""
    scanner = scanner_of(request, body.gate or gate)
    try:
        outcome = checkin_perform_for_registration(
            registration_id=body.registration_id, nonce=body.nonce, **scanner.scan_fields()
        )
    except ServiceError:
        raise HttpError(404, "Unknown registration.") from None
    return outcome_payload(outcome, language=scanner.language)
