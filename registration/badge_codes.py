"""Badge codes: the opaque random token in the QR and the short code printed under it, and how to
read back what a scanner saw. Pure functions; issuing and revoking codes are services."""

import hashlib
import re
import secrets

# Crockford base32: no I, L, O or U, so nothing is misread on paper or typed wrong at a desk.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "MIV1-"
TOKEN_LENGTH = 28  # 28 × 5 bits = 140 bits of randomness
SHORT_LENGTH = 8  # 40 bits: only usable by an authenticated scanner, never alone
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_SHORT_RE = re.compile(r"^[0-9A-Z]{4}-?[0-9A-Z]{4}$")


def random_code(length: int) -> str:
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
