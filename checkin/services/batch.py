"""Scans a phone made offline, uploaded together: each one checked like a scan of its own."""

from collections.abc import Sequence

from django.utils import timezone

from checkin.services.scans import (
    ScanOutcome,
    checkin_perform,
    checkin_perform_for_registration,
    scan_window_of,
)


def checkin_perform_batch(
    *, edition_id: int, items: Sequence, source_key: str, device=None, staff=None, gate=None
) -> list[ScanOutcome]:
    """Check in each item (with `nonce`, `scanned_at`, and `code` or else `registration_id`, for a
    delegate found by name), marked offline. The outcomes come in the items' order. A time
    outside the edition's window, or a registration id that is not one of the edition's
    delegates, is recorded and answered as an upload refusal."""
    outcomes: list[ScanOutcome | None] = [None] * len(items)
    now = timezone.now()
    window = scan_window_of(edition_id=edition_id, now=now)
    # Oldest first, so that later scans of the same badge answer "already checked in".
    for index in sorted(range(len(items)), key=lambda i: items[i].scanned_at or now):
        item = items[index]
        scan = {
            "edition_id": edition_id,
            "nonce": item.nonce,
            "source_key": source_key,
            "device": device,
            "staff": staff,
            "gate": gate,
            "scanned_at": item.scanned_at,
            "offline": True,
            "window": window,
        }
        registration_id = getattr(item, "registration_id", None)
        if registration_id is None:
            outcomes[index] = checkin_perform(raw_code=item.code, **scan)
        else:
            outcomes[index] = checkin_perform_for_registration(
                registration_id=registration_id, **scan
            )
    return outcomes
