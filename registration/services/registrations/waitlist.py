"""Seats and the waiting list.

Seats are counted from rows while the edition row is locked, so approved seats never exceed the
capacity however many people submit at once (only invitation codes marked so may bypass it).
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from forum.models import Edition
from registration.models import Registration
from registration.services.badge_codes import badge_code_issue
from registration.services.notifications import registration_notify
from registration.services.registrations.audit import audit

Status = Registration.Status


def lock_edition(edition_id: int) -> Edition:
    return Edition.objects.select_for_update().get(pk=edition_id)


def seats_taken(edition: Edition) -> int:
    return Registration.objects.filter(edition=edition, status=Status.APPROVED).count()


def next_waitlist_position(edition: Edition) -> int:
    top = Registration.objects.filter(edition=edition).aggregate(m=Max("waitlist_position"))["m"]
    return (top or 0) + 1


def lock_registration(registration_id: int) -> tuple[Edition, Registration]:
    """The registration and its edition, both locked, the edition first."""
    edition_id = Registration.objects.values_list("edition_id", flat=True).get(pk=registration_id)
    edition = lock_edition(edition_id)
    return edition, Registration.objects.select_for_update().get(pk=registration_id)


def waitlist_promote(edition: Edition, *, actor=None, seats_freed: int = 1) -> list:
    """Fill freed seats from the head of the waiting list (caller holds the edition lock)."""
    promoted = []
    open_mode = edition.registration_mode == Edition.RegistrationMode.OPEN
    waiting = Registration.objects.filter(edition=edition, status=Status.WAITLISTED).order_by(
        "waitlist_position"
    )
    room = max(edition.capacity - seats_taken(edition), 0) if open_mode else seats_freed
    for registration in waiting[:room]:
        registration.status = Status.APPROVED if open_mode else Status.PENDING
        registration.promoted_at = timezone.now()
        registration.waitlist_position = None
        registration.version += 1
        if open_mode:
            registration.decided_at = registration.promoted_at
        registration.save()
        if open_mode:
            badge_code_issue(registration=registration)
        audit("promoted", registration, actor, status=registration.status)
        registration_notify(registration=registration, kind="approved" if open_mode else "promoted")
        promoted.append(registration)
    return promoted


def edition_fill_from_waitlist(*, edition_id: int, actor=None) -> list:
    """After a capacity increase: promote as many waiting delegates as now fit (open mode)."""
    with transaction.atomic():
        edition = lock_edition(edition_id)
        room = max(edition.capacity - seats_taken(edition), 0)
        return waitlist_promote(edition, actor=actor, seats_freed=room)
