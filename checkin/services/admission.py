"""Who may come in: the checks a scanned badge goes through at the door, in order.

This is the one place where a door refusal is decided. A check receives the edition's badge
code found for the scan (None for a code that is not one of the edition's; its `registration`
is loaded) and the scan's context, and returns a door result that refuses entry (a
`Scan.Result` value) or None to let the next check decide. The first refusal wins; no refusal
admits the delegate.

Another app adds its own rule (an agenda room's door, say) from its `AppConfig.ready` with
`admission_check_register`; the result it returns must be one of `Scan.Result`, so that the
scan can be stored, answered, counted and shown like every other refusal.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checkin.models import Gate, Scan
from registration.models import BadgeCode, Registration

Result = Scan.Result


@dataclass(frozen=True)
class AdmissionContext:
    edition_id: int
    gate: Gate | None
    scanned_at: dt.datetime
    offline: bool
    device: Any = None
    staff: Any = None


AdmissionCheck = Callable[[BadgeCode | None, AdmissionContext], str | None]


def badge_admission(code: BadgeCode | None, context: AdmissionContext) -> str | None:
    """The badge itself: one of the edition's, of an approved delegate, not replaced."""
    if code is None:
        return Result.INVALID
    registration = code.registration
    if registration.status == Registration.Status.CANCELLED:
        return Result.CANCELLED
    # A rejected (or no longer approved) delegate's badge was revoked with the decision: the
    # answer is "not approved", not "replaced by a new badge".
    if registration.status != Registration.Status.APPROVED:
        return Result.NOT_APPROVED
    if code.status == BadgeCode.Status.REVOKED:
        return Result.REVOKED
    return None


_CHECKS: list[AdmissionCheck] = [badge_admission]


def admission_check_register(check: AdmissionCheck) -> None:
    """Add a check after the badge's own (registering the same one twice adds it once)."""
    if check not in _CHECKS:
        _CHECKS.append(check)


def admission_check_unregister(check: AdmissionCheck) -> None:
    if check is not badge_admission and check in _CHECKS:
        _CHECKS.remove(check)


def admission_refusal(code: BadgeCode | None, context: AdmissionContext) -> str | None:
    """The door result refusing this badge, or None when it may come in."""
    for check in _CHECKS:
        refusal = check(code, context)
        if refusal is not None:
            return refusal
    return None
