"""Badge codes: the opaque random token in the QR, and the short code printed under it."""

import hashlib
import re
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from registration.models import BadgeCode, Registration

# Crockford base32: no I, L, O or U, so nothing is misread on paper or typed wrong at a desk.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "MIV1-"
TOKEN_LENGTH = 28  # 28 × 5 bits = 140 bits of randomness
SHORT_LENGTH = 8  # 40 bits: only usable by an authenticated scanner, never alone
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_SHORT_RE = re.compile(r"^[0-9A-Z]{4}-?[0-9A-Z]{4}$")


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def payload_of(token: str) -> str:
    return PREFIX + token


def payload_hash(payload: str) -> str:
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def short_code_display(short_code: str) -> str:
    return f"{short_code[:4]}-{short_code[4:]}"


def parse_scanned(raw: str) -> tuple[str, str] | None:
    """Classify what a scanner read: ("token", token), ("short", code) or None (not ours).

    Tolerates whitespace, lower case and the look-alike letters people type for digits.
    """
    if not isinstance(raw, str):
        return None
    text = raw.strip().upper()
    if len(text) > 100:
        return None
    if text.startswith(PREFIX):
        token = text[len(PREFIX) :]
        if len(token) == TOKEN_LENGTH and all(ch in ALPHABET for ch in token):
            return "token", token
        return None
    compact = text.replace(" ", "").translate(_ALIASES)
    if _SHORT_RE.match(compact):
        code = compact.replace("-", "")
        if all(ch in ALPHABET for ch in code):
            return "short", code
    return None


def _create(registration: Registration) -> BadgeCode:
    for _attempt in range(5):
        token = _random(TOKEN_LENGTH)
        try:
            with transaction.atomic():
                return BadgeCode.objects.create(
                    registration=registration,
                    token=token,
                    token_hash=payload_hash(payload_of(token)),
                    short_code=_random(SHORT_LENGTH),
                )
        except IntegrityError:
            # A short-code collision (1 in 10^12 per pair) or a concurrent issue: try again,
            # unless another transaction already gave this registration its active code.
            existing = BadgeCode.objects.filter(
                registration=registration, status=BadgeCode.Status.ACTIVE
            ).first()
            if existing:
                return existing
    raise RuntimeError("could not allocate a unique badge code")


def badge_code_create(*, registration: Registration) -> BadgeCode:
    """A code for a registration known to have none (just created)."""
    return _create(registration)


def badge_code_issue(*, registration: Registration) -> BadgeCode:
    """The registration's active code, created if it has none."""
    existing = BadgeCode.objects.filter(
        registration=registration, status=BadgeCode.Status.ACTIVE
    ).first()
    return existing or _create(registration)


def badge_code_revoke(*, registration: Registration, reason: str) -> int:
    return BadgeCode.objects.filter(
        registration=registration, status=BadgeCode.Status.ACTIVE
    ).update(status=BadgeCode.Status.REVOKED, revoked_at=timezone.now(), revoke_reason=reason)


def badge_code_reissue(*, registration: Registration, reason: str) -> BadgeCode:
    """Revoke the active code (kept on record) and issue a new one."""
    with transaction.atomic():
        badge_code_revoke(registration=registration, reason=reason)
        return _create(registration)
