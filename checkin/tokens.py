"""Hashes of the secrets a scanner holds. Device tokens and pairing codes are stored only as their
hashes; a phone keeps the hashes of the badge codes it may admit offline, never the codes."""

import hashlib


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def short_code_hash(short_code: str) -> str:
    """What a phone stores to recognise a typed short code offline."""
    return secret_hash("SHORT:" + short_code)
