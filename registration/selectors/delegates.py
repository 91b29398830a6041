"""Registrations as delegates and organisers see them."""

from dataclasses import dataclass

from django.db.models import Count, Q

from forum.selectors import edition_current
from forum.vietnamese import search_key
from registration.models import BadgeCode, DelegateType, Registration

Status = Registration.Status

# --- The delegate's own ---------------------------------------------------------------------------


def registration_own(*, user) -> Registration | None:
    """The user's registration for the current edition."""
    edition = edition_current()
    if edition is None:
        return None
    return Registration.objects.select_related("edition").filter(edition=edition, user=user).first()


def badge_code_active(*, registration) -> BadgeCode | None:
    return BadgeCode.objects.filter(
        registration=registration, status=BadgeCode.Status.ACTIVE
    ).first()


@dataclass(frozen=True)
class RegistrationStatus:
    registration: Registration
    waitlist_rank: int | None
    # Approval issues the code, so an approved registration has one; None otherwise.
    badge_code: BadgeCode | None


def registration_status(*, user) -> RegistrationStatus | None:
    """What the delegate's status page shows, or None when the user has not registered."""
    registration = registration_own(user=user)
    if registration is None:
        return None
    approved = registration.status == Status.APPROVED
    return RegistrationStatus(
        registration=registration,
        waitlist_rank=waitlist_rank(registration=registration),
        badge_code=badge_code_active(registration=registration) if approved else None,
    )


def _badge_holders():
    """Registrations of the current edition whose badge may be downloaded."""
    return Registration.objects.select_related("edition").filter(
        edition=edition_current(), status=Status.APPROVED, anonymised_at__isnull=True
    )


def registration_badge_own(*, user) -> Registration | None:
    """The user's registration, if its badge may be downloaded."""
    return _badge_holders().filter(user=user).first()


def registration_badge_of(*, registration_id: int) -> Registration | None:
    """Any delegate's registration (for organisers), if its badge may be downloaded."""
    return _badge_holders().filter(pk=registration_id).first()


def waitlist_rank(*, registration) -> int | None:
    """1-based place in the waiting list as the delegate sees it today."""
    if registration.status != Status.WAITLISTED:
        return None
    return Registration.objects.filter(
        edition_id=registration.edition_id,
        status=Status.WAITLISTED,
        waitlist_position__lte=registration.waitlist_position,
    ).count()


# --- Organiser reads ------------------------------------------------------------------------------

DELEGATE_SORTS = {
    "name": ("sort_key", "id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}


def delegate_list(*, edition, filters: dict | None = None):
    """The registrations of `edition` matching the organiser's filters, in the requested order.

    `filters` keys (all optional, already validated): status, delegate_type, province,
    organisation (contains), q (accent- and case-free search on name, organisation and email),
    sort (a key of DELEGATE_SORTS). Rows need no related objects, so listing any number of them
    costs the same queries.
    """
    filters = filters or {}
    queryset = Registration.objects.filter(edition=edition)
    for field in ("status", "delegate_type", "province"):
        if filters.get(field):
            queryset = queryset.filter(**{field: filters[field]})
    if filters.get("organisation"):
        queryset = queryset.filter(organisation__icontains=filters["organisation"].strip())
    if filters.get("q"):
        key = search_key(filters["q"])
        if key:
            queryset = queryset.filter(search_key__contains=key)
    return queryset.order_by(*DELEGATE_SORTS.get(filters.get("sort") or "name", ("sort_key", "id")))


def registration_counters(*, edition, top_provinces: int = 10) -> dict:
    """Head counts for the organiser's dashboard: three aggregate queries whatever the size."""
    rows = Registration.objects.filter(edition=edition)
    totals = rows.aggregate(
        total=Count("id"),
        **{status: Count("id", filter=Q(status=status)) for status in Status.values},
    )
    active = rows.exclude(status=Status.CANCELLED)
    labels = dict(DelegateType.choices)
    by_type = [
        {"code": row["delegate_type"], "label": labels.get(row["delegate_type"], ""), **row}
        for row in active.values("delegate_type").annotate(count=Count("id")).order_by("-count")
    ]
    by_province = list(
        active.values("province")
        .annotate(count=Count("id"))
        .order_by("-count", "province")[:top_provinces]
    )
    return {
        "registered": totals["total"] - totals[Status.CANCELLED],
        "approved": totals[Status.APPROVED],
        "pending": totals[Status.PENDING],
        "waitlisted": totals[Status.WAITLISTED],
        "rejected": totals[Status.REJECTED],
        "cancelled": totals[Status.CANCELLED],
        "capacity": edition.capacity,
        "seats_left": max(edition.capacity - totals[Status.APPROVED], 0),
        "by_type": by_type,
        "by_province": by_province,
    }
