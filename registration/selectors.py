from registration.roles import ALL_ROLES, STAFF_ROLES


def user_roles(*, user) -> frozenset[str]:
    """The role codes of a user, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_forum_roles", None)
    if cached is None:
        cached = frozenset(
            name for name in user.groups.values_list("name", flat=True) if name in ALL_ROLES
        )
        user._forum_roles = cached
    return cached


def user_is_staff_member(*, user) -> bool:
    """Staff act on other people's data: admins and the organiser, door-staff and judge roles."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or user.is_superuser or bool(user_roles(user=user) & STAFF_ROLES)


def user_has_mfa(*, user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# --- Organiser reads -----------------------------------------------------------------------------

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
    from forum.vietnamese import search_key
    from registration.models import Registration

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
    from django.db.models import Count, Q

    from registration.models import DelegateType, Registration

    Status = Registration.Status
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


def waitlist_rank(*, registration) -> int | None:
    """1-based place in the waiting list as the delegate sees it today."""
    from registration.models import Registration

    if registration.status != Registration.Status.WAITLISTED:
        return None
    return Registration.objects.filter(
        edition_id=registration.edition_id,
        status=Registration.Status.WAITLISTED,
        waitlist_position__lte=registration.waitlist_position,
    ).count()
