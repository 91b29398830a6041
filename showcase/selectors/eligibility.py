"""Who may verify a demo: a delegate logged in, approved and checked in at the door."""

import datetime as dt
from dataclasses import dataclass

from checkin.selectors.dashboard import attendance_rows
from registration.models import Registration


@dataclass(frozen=True)
class Eligibility:
    """`code`: "ok", or why not: "anonymous", "not_registered", "not_approved",
    "not_checked_in". `registration` once there is one; `arrived_at` once checked in."""

    code: str
    registration: Registration | None = None
    arrived_at: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.code == "ok"


def verification_eligibility(*, user, edition) -> Eligibility:
    if not getattr(user, "is_authenticated", False):
        return Eligibility("anonymous")
    registration = Registration.objects.filter(
        edition=edition, user=user, anonymised_at__isnull=True
    ).first()
    if registration is None:
        return Eligibility("not_registered")
    if registration.status != Registration.Status.APPROVED:
        return Eligibility("not_approved", registration)
    # The first entry at the door, as the check-in app records it.
    arrived_at = (
        attendance_rows(edition=edition)
        .filter(pk=registration.pk)
        .values_list("arrived_at", flat=True)
        .first()
    )
    if arrived_at is None:
        return Eligibility("not_checked_in", registration)
    return Eligibility("ok", registration, arrived_at)
