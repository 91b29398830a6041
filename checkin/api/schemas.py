"""The request and answer bodies of the scanner API."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Query, Schema
from pydantic import StrictInt, StrictStr, field_validator

from checkin.models import Gate, Scan
from checkin.services.scans import clean_raw_code

BATCH_MAX = 500
FUTURE_TOLERANCE = dt.timedelta(hours=24)


class ErrorOut(Schema):
    detail: str | list[dict[str, Any]] = Field(
        description="A message, or for a malformed body the list of field errors."
    )


ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
}


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
