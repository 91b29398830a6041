"""Seats and the waiting list.

Seats are counted from rows while the edition row is locked, so approved seats never exceed the
capacity however many people submit at once (only invitation codes marked so may bypass it).

The waiting list is served from its head, in order, whenever seats are freed or added: a
cancellation, a rejection, a deleted account, a capacity raised (through `edition_save` or
`edition_capacity_set`, or any other way: every decision on the edition's seats first notices
seats added since the last one, see `EditionSeats`). In open mode the head is approved while
seats are free, so nobody who registers later is approved while someone waits. In moderated mode
each freed or added seat is offered to the head (pending again, for the organisers to decide);
the organisers' own moves to the waiting list are respected while seats are free.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from forum.models import Edition
from registration.models import EditionSeats, Registration
from registration.services.badge_codes import badge_code_issue
from registration.services.notifications import registration_notify
from registration.services.registrations.audit import audit

Status = Registration.Status


def lock_edition(edition_id: int) -> Edition:
    return Edition.objects.select_for_update().get(pk=edition_id)


def seats_taken(edition: Edition) -> int:
    return Registration.objects.filter(edition=edition, status=Status.APPROVED).count()


def someone_waits(edition: Edition) -> bool:
    return Registration.objects.filter(edition=edition, status=Status.WAITLISTED).exists()


def next_waitlist_position(edition: Edition) -> int:
    top = Registration.objects.filter(edition=edition).aggregate(m=Max("waitlist_position"))["m"]
    return (top or 0) + 1


def lock_registration(registration_id: int) -> tuple[Edition, Registration]:
    """The registration and its edition, both locked, the edition first."""
    edition_id = Registration.objects.values_list("edition_id", flat=True).get(pk=registration_id)
    edition = lock_edition(edition_id)
    return edition, Registration.objects.select_for_update().get(pk=registration_id)


def _seats_seen(edition: Edition, capacity: int) -> EditionSeats:
    """The edition's record of seats offered, started at `capacity` if it has none yet."""
    seen, _created = EditionSeats.objects.get_or_create(
        edition=edition, defaults={"capacity": capacity}
    )
    return seen


def _seats_added(edition: Edition) -> int:
    """Seats added to the edition since the waiting list was last offered seats (the caller
    holds the edition lock); from now on they count as offered."""
    seen = _seats_seen(edition, edition.capacity)
    if seen.capacity == edition.capacity:
        return 0
    added = max(edition.capacity - seen.capacity, 0)
    seen.capacity = edition.capacity
    seen.save(update_fields=["capacity"])
    return added


def waitlist_fill(edition: Edition, *, actor=None, seats_freed: int = 0) -> list[Registration]:
    """Serve the waiting list from its head (the caller holds the edition lock): in open mode
    approve while seats are free; in moderated mode offer each seat freed (`seats_freed`) or
    added since the last decision. Each promoted delegate gets the email."""
    added = _seats_added(edition)
    open_mode = edition.registration_mode == Edition.RegistrationMode.OPEN
    if not open_mode and not seats_freed + added:
        return []
    free = max(edition.capacity - seats_taken(edition), 0)
    # Moderated: never more offers than seats really free (a capacity lowered below the approved
    # count, then raised again, adds fewer seats than the difference says).
    room = free if open_mode else min(seats_freed + added, free)
    if room <= 0:
        return []
    promoted = []
    waiting = Registration.objects.filter(edition=edition, status=Status.WAITLISTED).order_by(
        "waitlist_position", "pk"
    )
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


def waitlist_catch_up(*, edition_id: int, actor=None) -> list[Registration]:
    """Serve the waiting list with seats added since the last decision, in a transaction of its
    own: kept even when the decision that follows is refused."""
    with transaction.atomic():
        return waitlist_fill(lock_edition(edition_id), actor=actor)


def edition_save(*, edition: Edition, actor=None) -> list[Registration]:
    """Save an edition edited as a whole (the admin's form), then serve the waiting list with
    the seats a raised capacity (or a switch to open mode) makes free. Returns who was promoted."""
    with transaction.atomic():
        before = None
        if edition.pk:
            before = lock_edition(edition.pk)
            # Seats are counted as added from the capacity as it stood before this change.
            _seats_seen(before, before.capacity)
        edition.save()
        if before is not None and before.capacity != edition.capacity:
            audit(
                "capacity_changed",
                None,
                actor,
                edition=edition.pk,
                capacity_from=before.capacity,
                capacity_to=edition.capacity,
            )
        return waitlist_fill(edition, actor=actor)


def edition_capacity_set(*, edition_id: int, capacity: int, actor=None) -> list[Registration]:
    """Change an edition's capacity; seats added go to the head of the waiting list at once."""
    if capacity < 0:
        raise ServiceError(_("Số chỗ không được âm."), code="invalid_capacity")
    with transaction.atomic():
        edition = lock_edition(edition_id)
        edition.capacity = capacity
        return edition_save(edition=edition, actor=actor)
