"""Finding a delegate at the door or the help desk: someone who lost the badge, or whose badge the
door refused."""

from django.db.models import F, FilteredRelation, Q

from forum.phones import phone_display, phone_lookup
from forum.vietnamese import search_key
from registration.badge_codes import parse_scanned
from registration.models import BadgeCode, Registration

SEARCH_LIMIT = 20
MIN_KEY_LENGTH = 2  # one letter matches half the list


def delegate_search(
    *, edition_id: int, query: str, limit: int = SEARCH_LIMIT
) -> list[Registration]:
    """The edition's delegates by accent- and case-free name, organisation or email (the stored
    search key), by (part of) a phone number, or by the short code printed under the QR.

    Every status is listed, so that the desk can tell a pending or cancelled delegate why the door
    refused them. Each one carries its arrival (`arrived_at`, `arrival_gate`: the first entry's
    time and gate name, None before it) and `phone_display`.
    """
    query = (query or "").strip()[:100]
    match = phone_lookup(query)
    if match is None:
        key = search_key(query)
        if len(key) < MIN_KEY_LENGTH:
            return []
        match = Q(search_key__contains=key)
    scanned = parse_scanned(query)
    if scanned and scanned[0] == "short":
        # The short code printed under the QR, typed from a damaged badge or a phone screen.
        match |= Q(pk__in=BadgeCode.objects.filter(short_code=scanned[1]).values("registration"))
    found = list(
        Registration.objects.filter(match, edition_id=edition_id, anonymised_at__isnull=True)
        .annotate(first=FilteredRelation("scans", condition=Q(scans__is_first_entry=True)))
        .annotate(arrived_at=F("first__scanned_at"), arrival_gate=F("first__gate__name"))
        .order_by("sort_key", "id")[:limit]
    )
    for registration in found:
        registration.phone_display = phone_display(registration.phone)
    return found
