"""The request and answer bodies of the scanner API."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Query, Schema
from pydantic import StrictInt, StrictStr, field_validator

from checkin.models import DOOR_RESULTS, UPLOAD_REFUSALS, Gate
from checkin.services.scan_records import clean_raw_code

BATCH_MAX = 500
MALFORMED = "malformed"


class ErrorOut(Schema):
    detail: str | list[dict[str, Any]] = Field(
        description="A message, or for a malformed body the list of field errors."
    )
    code: str | None = Field(
        None,
        description="For some errors, what a program can act on: `too_large` (a body over the "
        "size limit), `unknown_gate` (the gate chosen by a staff session no longer exists), "
        "`pairing_invalid` (a pairing code that is wrong, expired or used), `unknown_cursor` (a "
        "`since` this server did not write, or dated outside 2000 to tomorrow: list again "
        "without it).",
    )


# What every scanner endpoint may answer besides its result: a malformed request, no valid
# credentials, a session's failed CSRF check or missing second factor, no forum edition set up.
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
}


# No control characters (a nonce is stored and shown in logs); the schema states it, so that a
# client generating nonces from the schema sends only ones the server takes.
NONCE_PATTERN = r"^[^\x00-\x1f\x7f]*$"
Nonce = Annotated[
    StrictStr,
    Field(
        min_length=1,
        max_length=64,
        pattern=NONCE_PATTERN,
        description="Unique per scan on this device (a UUID); the same nonce again returns "
        "the first answer and records nothing new. 1 to 64 characters, no control characters.",
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


# What the delegate list's cursors are written in (checkin.selectors.offline_list.Cursor).
CURSOR_PATTERN = r"^[A-Za-z0-9_-]*$"

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
    # Any date is read here; whether it is a possible time for a scan is the check-in service's
    # to say (checkin.scan_window), item by item.
    return parsed


class ScanIn(Schema):
    code: Code
    nonce: Nonce
    scanned_at: dt.datetime | None = Field(
        None,
        description="When the phone read the code (ISO 8601; no offset means venue time), "
        "corrected by the phone's offset from `server_time`. In an upload (batch) it is the "
        "scan's time and must lie between the edition's check-in opening (set on the edition; "
        "by default 12 hours before it starts) and 5 minutes past the server's clock; a scan "
        "sent online is recorded at the server's time and this field is only checked for its "
        "form.",
    )

    _scanned_at = field_validator("scanned_at", mode="before")(_parse_scanned_at)
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


ResultCode = Literal[tuple(str(result) for result in DOOR_RESULTS)]
RefusalCode = Literal[(*(str(result) for result in UPLOAD_REFUSALS), MALFORMED)]


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
    message: str | None = Field(
        None, description="For the person at the door: the result's or the refusal's."
    )
    delegate: DelegateOut | None = None
    first_checkin: FirstCheckinOut | None = None
    replaced: FirstCheckinOut | None = Field(
        None,
        description="With `ok`: the first entry this earlier scan took over, which is now a "
        "re-entry (the badge was let in twice).",
    )
    error: str | None = Field(
        None,
        description="Set instead of a result when the server did not take the item as a "
        "scan at the door; `code` says why.",
    )
    code: RefusalCode | None = Field(
        None,
        description="With `error`: `malformed` (not stored), or a refusal the server "
        "recorded: `scanned_too_early` (before check-in opens), `scanned_in_future` (ahead "
        "of the server's clock), `unknown_registration`.",
    )


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
    needs: str = Field(description="Needs the door should know of (accessibility, protocol).")
    checked_in: bool
    first_checkin: FirstCheckinOut | None = Field(
        description="The first entry's time and gate, as a scan answers it; null before it."
    )


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


class ManualScanIn(Schema):
    """A batch item for a delegate checked in by name while the phone was offline."""

    registration_id: StrictInt
    nonce: Nonce
    scanned_at: dt.datetime | None = None

    _scanned_at = field_validator("scanned_at", mode="before")(_parse_scanned_at)
