"""Organisers' and delegates' decisions on a registration: approve, reject, cancel, move to the
waiting list. Each one locks the edition, then the registration."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from forum.vietnamese import normalize_text
from registration.models import Registration
from registration.services.badge_codes import badge_code_issue, badge_code_revoke
from registration.services.notifications import registration_notify
from registration.services.registrations.audit import audit
from registration.services.registrations.waitlist import (
    lock_registration,
    next_waitlist_position,
    seats_taken,
    waitlist_catch_up,
    waitlist_fill,
)

Status = Registration.Status


def registration_approve(*, registration_id: int, actor=None) -> Registration:
    # Seats added since the last decision go to the head of the waiting list first, whether or
    # not this approval then finds a seat.
    edition_id = Registration.objects.values_list("edition_id", flat=True).get(pk=registration_id)
    waitlist_catch_up(edition_id=edition_id, actor=actor)
    with transaction.atomic():
        edition, registration = lock_registration(registration_id)
        if registration.status == Status.APPROVED:
            return registration
        if registration.status not in (Status.PENDING, Status.WAITLISTED, Status.REJECTED):
            raise ServiceError(
                _("Không thể duyệt đăng ký ở trạng thái “%(status)s”.")
                % {"status": registration.get_status_display()},
                code="invalid_transition",
            )
        if not registration.bypass_capacity and seats_taken(edition) >= edition.capacity:
            raise ServiceError(
                _("Đã hết chỗ (%(capacity)s). Hãy tăng số chỗ hoặc giữ ở danh sách chờ.")
                % {"capacity": edition.capacity},
                code="full",
            )
        registration.status = Status.APPROVED
        registration.waitlist_position = None
        registration.rejection_reason = ""
        registration.decided_at = timezone.now()
        registration.decided_by = actor if getattr(actor, "pk", None) else None
        registration.version += 1
        registration.save()
        badge_code_issue(registration=registration)
        audit("approved", registration, actor)
        registration_notify(registration=registration, kind="approved")
    return registration


def _close(edition, registration: Registration, status: str, actor, **detail) -> None:
    """Reject or cancel (the caller holds the locks): the badge code is revoked, and a seat the
    registration held (or was offered, from the waiting list) goes to the head of the waiting
    list. The status names the revoke reason, the audit action and the email."""
    held_a_seat = registration.status == Status.APPROVED or (
        registration.status == Status.PENDING and registration.promoted_at is not None
    )
    registration.status = status
    registration.waitlist_position = None
    registration.version += 1
    registration.save()
    badge_code_revoke(registration=registration, reason=status)
    audit(status, registration, actor, **detail)
    registration_notify(registration=registration, kind=status)
    waitlist_fill(edition, actor=actor, seats_freed=1 if held_a_seat else 0)


def registration_reject(*, registration_id: int, reason: str, actor=None) -> Registration:
    reason = normalize_text(reason)
    if not reason:
        raise ServiceError(_("Cần nêu lý do từ chối."), code="reason_required")
    with transaction.atomic():
        edition, registration = lock_registration(registration_id)
        if registration.status in (Status.REJECTED, Status.CANCELLED):
            raise ServiceError(
                _("Không thể từ chối đăng ký ở trạng thái “%(status)s”.")
                % {"status": registration.get_status_display()},
                code="invalid_transition",
            )
        registration.rejection_reason = reason[:1000]
        registration.decided_at = timezone.now()
        registration.decided_by = actor if getattr(actor, "pk", None) else None
        _close(edition, registration, Status.REJECTED, actor, reason=reason[:200])
    return registration


def registration_cancel(*, registration_id: int, actor=None) -> Registration:
    with transaction.atomic():
        edition, registration = lock_registration(registration_id)
        if registration.status in (Status.CANCELLED, Status.REJECTED):
            return registration
        _close(edition, registration, Status.CANCELLED, actor)
    return registration


def registration_to_waitlist(*, registration_id: int, actor=None) -> Registration:
    """Organiser moves a pending registration to the end of the waiting list."""
    with transaction.atomic():
        edition, registration = lock_registration(registration_id)
        if registration.status != Status.PENDING:
            raise ServiceError(
                _("Chỉ đăng ký đang chờ duyệt mới chuyển được vào danh sách chờ."),
                code="invalid_transition",
            )
        registration.status = Status.WAITLISTED
        registration.waitlist_position = next_waitlist_position(edition)
        registration.version += 1
        registration.save()
        audit("waitlisted", registration, actor)
        registration_notify(registration=registration, kind="waitlisted")
    return registration
