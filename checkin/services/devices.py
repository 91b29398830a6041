"""Gates, and the scanner devices that work at them.

A device is created by an organiser with a one-time pairing code (8 characters of Crockford
base32, valid 15 minutes, stored hashed). The phone trades the code for a bearer token, also
stored hashed; revoking the device makes the token useless at once.
"""

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from checkin.models import Gate, ScannerDevice
from checkin.tokens import secret_hash
from forum.errors import ServiceError
from forum.vietnamese import normalize_text
from registration.badge_codes import ALPHABET

PAIRING_LENGTH = 8
PAIRING_TTL = dt.timedelta(minutes=15)
LANGUAGES = ("vi", "en")
_PAIRING_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


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


def pairing_url(*, origin: str, code: str) -> str:
    """The address that opens the scanner app already pairing with `code` (the pairing QR)."""
    return f"{origin.rstrip('/')}{reverse('scanner:app')}?pair={code}"


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


def device_create_scripted(
    *, gate: Gate, name: str, language: str = "vi"
) -> tuple[ScannerDevice, str, str]:
    """A device for the command line: paired at once (its bearer token, for a script) and with a
    pairing code, for a phone's scanner app, which takes codes, not tokens. Using the code on a
    phone replaces the token, as pairing again always does. Returns (device, token, code)."""
    device, token = device_create_paired(gate=gate, name=name, language=language)
    return device, token, _new_pairing_code(device, timezone.now())


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
