"""Scanner devices and gates, and the reads a scanner phone needs.

A device is created by an organiser with a one-time pairing code (8 characters of Crockford
base32, valid 15 minutes, stored hashed). The phone trades the code for a bearer token, also
stored hashed; revoking the device makes the token useless at once.

The delegate list for offline use is incremental: every answer carries an opaque cursor, the
position (change time, registration id) of the last registration it contains, and the next call
continues strictly after it. Rows are withheld until they are SETTLE_SECONDS old, so that a
transaction that wrote an earlier change time but commits a little later is never jumped over.
"""

import base64
import binascii
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import (
    DateTimeField,
    Exists,
    Max,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from checkin.models import Gate, Scan, ScannerDevice
from forum.errors import ServiceError
from forum.sql import fetch_one, model_from_row
from forum.vietnamese import normalize_text, search_key
from registration.badge_codes import ALPHABET, payload_of
from registration.models import BadgeCode, Registration

PAIRING_LENGTH = 8
PAIRING_TTL = dt.timedelta(minutes=15)
LAST_SEEN_EVERY = dt.timedelta(seconds=10)
SETTLE_SECONDS = 2.0
DELTA_LIMIT_MAX = 2000
SEARCH_LIMIT = 20
LANGUAGES = ("vi", "en")
_PAIRING_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def short_code_hash(short_code: str) -> str:
    """What a phone stores to recognise a typed short code offline."""
    return secret_hash("SHORT:" + short_code)


# --- Gates ---------------------------------------------------------------------------------------


def gate_create(*, edition, code: str, name: str, kind: str = Gate.Kind.ENTRANCE) -> Gate:
    gate = Gate(edition=edition, code=(code or "").strip().lower(), name=normalize_text(name))
    gate.kind = kind
    gate.full_clean(exclude=["edition"], validate_unique=False)
    if Gate.objects.filter(edition=edition, code=gate.code).exists():
        raise ServiceError(_("Mã cổng này đã có."), code="gate_exists")
    try:
        with transaction.atomic():
            gate.save()
    except IntegrityError:
        raise ServiceError(_("Mã cổng này đã có."), code="gate_exists") from None
    return gate


# --- Devices -------------------------------------------------------------------------------------


def pairing_code_display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def pairing_code_normalise(raw) -> str | None:
    """The 8-character code from what a person typed, or None if it cannot be one."""
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    text = "".join(raw.split()).replace("-", "").upper().translate(_PAIRING_ALIASES)
    if len(text) != PAIRING_LENGTH or any(char not in ALPHABET for char in text):
        return None
    return text


def _new_pairing_code(device: ScannerDevice, now) -> str:
    """Give `device` a fresh pairing code (saved) and return it in clear, once."""
    for _attempt in range(5):
        code = "".join(secrets.choice(ALPHABET) for _ in range(PAIRING_LENGTH))
        device.pairing_code_hash = secret_hash(code)
        device.pairing_expires_at = now + PAIRING_TTL
        try:
            with transaction.atomic():
                device.save()
            return code
        except IntegrityError:
            continue  # the same code is pending on another device (1 in 10^12): draw again
    raise RuntimeError("could not allocate a unique pairing code")


def _clean_device_fields(name: str, language: str) -> tuple[str, str]:
    name = normalize_text(name)[:100]
    if not name:
        raise ServiceError(_("Cần đặt tên thiết bị."), code="name_required")
    if language not in LANGUAGES:
        raise ServiceError(_("Ngôn ngữ không hợp lệ."), code="bad_language")
    return name, language


def device_create(
    *, gate: Gate, name: str, language: str = "vi", created_by=None
) -> tuple[ScannerDevice, str]:
    """A new device awaiting pairing; returns it and its pairing code (shown once)."""
    name, language = _clean_device_fields(name, language)
    device = ScannerDevice(
        gate=gate,
        name=name,
        language=language,
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )
    return device, _new_pairing_code(device, timezone.now())


def device_create_paired(
    *, gate: Gate, name: str, language: str = "vi"
) -> tuple[ScannerDevice, str]:
    """A device paired at once (from the command line); returns it and its bearer token."""
    name, language = _clean_device_fields(name, language)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    device = ScannerDevice.objects.create(
        gate=gate, name=name, language=language, token_hash=secret_hash(token), paired_at=now
    )
    return device, token


def device_pairing_renew(*, device_id: int) -> tuple[ScannerDevice, str]:
    """A new pairing code for a device (a lost or replaced phone). The old token stays valid
    until the new code is used."""
    with transaction.atomic():
        device = ScannerDevice.objects.select_for_update().select_related("gate").get(pk=device_id)
        if device.revoked_at:
            raise ServiceError(_("Thiết bị đã bị thu hồi."), code="revoked")
        return device, _new_pairing_code(device, timezone.now())


def device_pair(*, pairing_code: str, name: str | None = None) -> tuple[ScannerDevice, str]:
    """Trade a valid pairing code for a bearer token; the code cannot be used again."""
    code = pairing_code_normalise(pairing_code)
    refused = ServiceError(
        _("Mã ghép nối không đúng, đã hết hạn hoặc đã được dùng."), code="pairing_invalid"
    )
    if code is None:
        raise refused
    now = timezone.now()
    with transaction.atomic():
        device = (
            ScannerDevice.objects.select_for_update()
            .select_related("gate")
            .filter(pairing_code_hash=secret_hash(code), revoked_at__isnull=True)
            .first()
        )
        if device is None or device.pairing_expires_at is None or device.pairing_expires_at <= now:
            raise refused
        token = secrets.token_urlsafe(32)
        device.token_hash = secret_hash(token)
        device.pairing_code_hash = None
        device.pairing_expires_at = None
        device.paired_at = now
        device.last_seen_at = now
        if name and normalize_text(name):
            device.name = normalize_text(name)[:100]
        device.save()
    return device, token


def device_revoke(*, device_id: int) -> ScannerDevice:
    with transaction.atomic():
        device = ScannerDevice.objects.select_for_update().get(pk=device_id)
        if device.revoked_at is None:
            device.revoked_at = timezone.now()
            device.pairing_code_hash = None
            device.pairing_expires_at = None
            device.save()
    return device


_DEVICE_FIELDS = ("id", "gate_id", "name", "language", "last_seen_at")
_GATE_FIELDS = ("id", "edition_id", "code", "name")
# Only identifiers from the models' metadata are formatted in; the token hash is a parameter.
_AUTHENTICATE_SQL = (  # noqa: S608
    "SELECT {device_columns}, {gate_columns} FROM {devices} d JOIN {gates} g ON g.id = d.gate_id "
    "WHERE d.token_hash = %s AND d.revoked_at IS NULL"
).format(
    device_columns=", ".join(f"d.{name}" for name in _DEVICE_FIELDS),
    gate_columns=", ".join(f"g.{name}" for name in _GATE_FIELDS),
    devices=ScannerDevice._meta.db_table,
    gates=Gate._meta.db_table,
)


def device_authenticate(*, token: str) -> ScannerDevice | None:
    """The paired, unrevoked device holding `token` (one indexed query), else None.

    Runs on every scanner request, so it is one plain SQL query building the two model
    instances, without the ORM's per-call query compilation (see docs/performance.md).
    """
    if not token or len(token) > 200:
        return None
    row = fetch_one(_AUTHENTICATE_SQL, [secret_hash(token)])
    if row is None:
        return None
    split = len(_DEVICE_FIELDS)
    device = model_from_row(ScannerDevice, _DEVICE_FIELDS, row[:split])
    device.gate = model_from_row(Gate, _GATE_FIELDS, row[split:])
    device_touch(device=device)
    return device


def device_touch(*, device: ScannerDevice, now=None) -> None:
    """Record the last contact, writing at most once per LAST_SEEN_EVERY per device."""
    now = now or timezone.now()
    if device.last_seen_at is None or now - device.last_seen_at >= LAST_SEEN_EVERY:
        ScannerDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
        device.last_seen_at = now


def device_info(device: ScannerDevice) -> dict:
    return {
        "id": device.pk,
        "name": device.name,
        "language": device.language,
        "gate": {"code": device.gate.code, "name": device.gate.name},
    }


# --- Delegate list for offline scanning -----------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    at: dt.datetime
    registration_id: int

    def encode(self) -> str:
        raw = f"{self.at.astimezone(dt.UTC).isoformat()}|{self.registration_id}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> "Cursor":
        """Raises ValueError for anything this module did not write."""
        try:
            padded = value + "=" * (-len(value) % 4)
            at_text, _sep, pk_text = base64.urlsafe_b64decode(padded).decode().partition("|")
            at = dt.datetime.fromisoformat(at_text)
            registration_id = int(pk_text)
        except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
            raise ValueError("bad cursor") from exc
        if at.tzinfo is None or registration_id < 0:
            raise ValueError("bad cursor")
        return cls(at, registration_id)


START = Cursor(dt.datetime(2000, 1, 1, tzinfo=dt.UTC), 0)


def _with_change_time(queryset):
    """Annotate `changed_at`: the latest of the registration's own change, a badge code issued or
    revoked, and its first entry (the flag moves when an earlier offline scan arrives)."""
    codes_at = (
        BadgeCode.objects.filter(registration_id=OuterRef("pk"))
        .values("registration_id")
        .annotate(at=Max(Greatest("issued_at", Coalesce("revoked_at", "issued_at"))))
        .values("at")
    )
    first_at = Scan.objects.filter(registration_id=OuterRef("pk"), is_first_entry=True).values(
        "received_at"
    )[:1]
    return queryset.annotate(
        codes_at=Subquery(codes_at, output_field=DateTimeField()),
        first_at=Subquery(first_at, output_field=DateTimeField()),
    ).annotate(
        changed_at=Greatest(
            "updated_at",
            Coalesce("codes_at", "updated_at"),
            Coalesce("first_at", "updated_at"),
            output_field=DateTimeField(),
        )
    )


def delegate_changes(
    *, edition_id: int, since: str | None, limit: int = 1000, language: str = "vi", now=None
) -> dict:
    """The registrations (with a badge code) changed after `since`, oldest change first.

    `delegates` holds each one's active code; `revoked` the hashes of their revoked codes, which a
    phone must stop admitting. Raises ValueError for a cursor this module did not write.
    """
    cursor = Cursor.decode(since) if since else START
    limit = max(1, min(limit, DELTA_LIMIT_MAX))
    horizon = (now or timezone.now()) - dt.timedelta(seconds=SETTLE_SECONDS)
    rows = list(
        _with_change_time(Registration.objects.filter(edition_id=edition_id))
        .filter(codes_at__isnull=False, changed_at__lte=horizon)
        .filter(
            Q(changed_at__gt=cursor.at) | Q(changed_at=cursor.at, pk__gt=cursor.registration_id)
        )
        .order_by("changed_at", "pk")
        .only(
            "pk",
            "full_name",
            "honorific",
            "organisation",
            "delegate_type",
            "status",
            "updated_at",
        )[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    codes: dict[int, list[BadgeCode]] = {}
    for code in BadgeCode.objects.filter(registration_id__in=[r.pk for r in rows]).only(
        "registration_id", "token_hash", "short_code", "status"
    ):
        codes.setdefault(code.registration_id, []).append(code)
    delegates, revoked = [], []
    with translation.override(language):
        for registration in rows:
            for code in codes.get(registration.pk, ()):
                if code.status == BadgeCode.Status.REVOKED:
                    revoked.append(code.token_hash)
                    continue
                delegates.append(
                    {
                        "code_hash": code.token_hash,
                        "short_hash": short_code_hash(code.short_code),
                        "registration_id": registration.pk,
                        "name": registration.full_name,
                        "title": registration.honorific,
                        "organisation": registration.organisation,
                        "type": registration.delegate_type,
                        "type_label": str(registration.get_delegate_type_display()),
                        "status": registration.status,
                        "checked_in": registration.first_at is not None,
                    }
                )
    if rows:
        cursor = Cursor(rows[-1].changed_at, rows[-1].pk)
    return {"cursor": cursor.encode(), "more": more, "delegates": delegates, "revoked": revoked}


# --- Lookup at the help desk ---------------------------------------------------------------------


def _phone_e164(query: str) -> str | None:
    """ "0912 345 678", "+84912345678", "84-912-345-678" → "+84912345678"; None if not a phone."""
    import phonenumbers

    compact = "".join(char for char in query if char not in " .-()")
    if not compact or not compact.lstrip("+").isdigit() or len(compact.lstrip("+")) < 8:
        return None
    try:
        number = phonenumbers.parse(compact, "VN")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def delegate_search(
    *, edition_id: int, query: str, limit: int = SEARCH_LIMIT, language: str = "vi"
) -> list[dict]:
    """Registrations matching a name (accents and case ignored) or a phone number."""
    query = (query or "").strip()[:100]
    rows = Registration.objects.filter(edition_id=edition_id, anonymised_at__isnull=True)
    phone = _phone_e164(query)
    if phone:
        rows = rows.filter(phone=phone)
    else:
        key = search_key(query)
        if len(key) < 2:
            return []
        rows = rows.filter(search_key__contains=key)
    rows = rows.annotate(
        checked_in=Exists(Scan.objects.filter(registration_id=OuterRef("pk"), is_first_entry=True))
    ).only("pk", "full_name", "honorific", "organisation", "delegate_type", "status")
    with translation.override(language):
        return [
            {
                "registration_id": row.pk,
                "name": row.full_name,
                "title": row.honorific,
                "organisation": row.organisation,
                "type_label": str(row.get_delegate_type_display()),
                "status": row.status,
                "checked_in": row.checked_in,
            }
            for row in rows.order_by("sort_key", "pk")[:limit]
        ]


def registration_checkin_code(*, edition_id: int, registration_id: int) -> str | None:
    """What a manual check-in presents to the check-in service: the payload of the active code,
    else of the latest revoked one (so the answer says "cancelled" or "revoked"), else None."""
    code = (
        BadgeCode.objects.filter(
            registration_id=registration_id, registration__edition_id=edition_id
        )
        .order_by("status", "-issued_at", "-pk")  # "active" sorts before "revoked"
        .values_list("token", flat=True)
        .first()
    )
    return payload_of(code) if code else None
