"""Issuing, revoking and reissuing badge codes."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from registration.badge_codes import (
    SHORT_LENGTH,
    TOKEN_LENGTH,
    payload_hash,
    payload_of,
    random_code,
)
from registration.models import BadgeCode, Registration


def _create(registration: Registration) -> BadgeCode:
    for _attempt in range(5):
        token = random_code(TOKEN_LENGTH)
        try:
            with transaction.atomic():
                return BadgeCode.objects.create(
                    registration=registration,
                    token=token,
                    token_hash=payload_hash(payload_of(token)),
                    short_code=random_code(SHORT_LENGTH),
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


def badge_codes_create_bulk(
    *,
    registrations: list[Registration],
    tokens: list[str] | None = None,
    short_codes: list[str] | None = None,
) -> None:
    """Active codes for many registrations known to have none, in few inserts (demo and load-test
    data). Random unless `tokens` and `short_codes` (one per registration) are both given."""
    drawn = tokens is None
    if drawn:
        tokens = [random_code(TOKEN_LENGTH) for _ in registrations]
        short_codes = [random_code(SHORT_LENGTH) for _ in registrations]
    codes = [
        BadgeCode(
            registration=registration,
            token=token,
            token_hash=payload_hash(payload_of(token)),
            short_code=short_code,
        )
        for registration, token, short_code in zip(registrations, tokens, short_codes, strict=True)
    ]
    try:
        with transaction.atomic():
            BadgeCode.objects.bulk_create(codes, batch_size=500)
    except IntegrityError:
        if not drawn:
            raise
        # A random short code drawn twice (likely only among tens of thousands): one by one,
        # each retried on its own collision.
        for registration in registrations:
            badge_code_issue(registration=registration)


def badge_code_revoke(*, registration: Registration, reason: str) -> int:
    return BadgeCode.objects.filter(
        registration=registration, status=BadgeCode.Status.ACTIVE
    ).update(status=BadgeCode.Status.REVOKED, revoked_at=timezone.now(), revoke_reason=reason)


def badge_code_reissue(*, registration: Registration, reason: str) -> BadgeCode:
    """Revoke the active code (kept on record) and issue a new one."""
    with transaction.atomic():
        badge_code_revoke(registration=registration, reason=reason)
        return _create(registration)
