"""Registration life cycle: submit, approve, reject, cancel, waiting list, profile changes.

Seats are counted from rows while the edition row is locked, so approved seats never exceed the
capacity however many people submit at once (only invitation codes marked so may bypass it).
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from forum.models import Edition
from forum.vietnamese import given_name, normalize_text, search_key, sort_key_string
from registration.models import (
    PROFILE_FIELDS,
    AuditLog,
    ConsentPurpose,
    ConsentRecord,
    InvitationCode,
    Registration,
)
from registration.services.badge_codes import (
    badge_code_create,
    badge_code_issue,
    badge_code_revoke,
)
from registration.services.notifications import registration_notify

NOTICE_VERSION = "2025-11"
Status = Registration.Status
# Profile fields printed on the badge: changing one re-issues the e-badge.
BADGE_FIELDS = frozenset({"honorific", "full_name", "position", "organisation", "delegate_type"})


def _lock_edition(edition_id: int) -> Edition:
    return Edition.objects.select_for_update().get(pk=edition_id)


def _seats_taken(edition: Edition) -> int:
    return Registration.objects.filter(edition=edition, status=Status.APPROVED).count()


def _next_waitlist_position(edition: Edition) -> int:
    top = Registration.objects.filter(edition=edition).aggregate(m=Max("waitlist_position"))["m"]
    return (top or 0) + 1


def _audit(action: str, registration: Registration | None, actor=None, **detail) -> None:
    AuditLog.objects.create(
        action=action,
        registration=registration,
        actor=actor if getattr(actor, "pk", None) else None,
        detail=detail,
    )


def _derive(registration: Registration) -> None:
    registration.full_name = normalize_text(registration.full_name)
    registration.given_name = normalize_text(registration.given_name) or given_name(
        registration.full_name
    )
    for field in ("position", "organisation", "province", "needs"):
        setattr(registration, field, normalize_text(getattr(registration, field)))
    registration.search_key = search_key(
        " ".join((registration.full_name, registration.organisation, registration.email))
    )
    registration.sort_key = sort_key_string(registration.full_name, registration.given_name)


def registration_window_check(*, edition: Edition, now=None) -> None:
    now = now or timezone.now()
    if edition.registration_opens_at and now < edition.registration_opens_at:
        raise ServiceError(
            _("Đăng ký chưa mở. Đăng ký mở lúc %(at)s.")
            % {"at": timezone.localtime(edition.registration_opens_at).strftime("%H:%M %d/%m/%Y")},
            code="not_open",
        )
    if edition.registration_closes_at and now >= edition.registration_closes_at:
        raise ServiceError(_("Đăng ký đã đóng."), code="closed")


def _claim_invitation(edition: Edition, code: str) -> InvitationCode:
    invitation = (
        InvitationCode.objects.select_for_update()
        .select_related("batch")
        .filter(code=code.strip().upper(), batch__edition=edition)
        .first()
    )
    if invitation is None:
        raise ServiceError(_("Mã mời không đúng."), code="invitation_invalid")
    if invitation.registrations.count() >= invitation.max_uses:
        raise ServiceError(_("Mã mời đã được dùng hết."), code="invitation_used")
    return invitation


def registration_submit(
    *,
    edition_id: int,
    user,
    data: dict,
    consents: dict[str, bool],
    ip_address: str | None = None,
    user_agent: str = "",
    invitation_code: str = "",
    source: str = Registration.Source.ONLINE,
) -> Registration:
    """Record a registration: approved, pending or waitlisted, and queue the matching email."""
    if not consents.get(ConsentPurpose.ADMINISTRATION):
        raise ServiceError(
            _("Cần đồng ý xử lý dữ liệu để tổ chức sự kiện và check-in."), code="consent_required"
        )
    email = (user.email if user is not None else data["email"]).strip().lower()
    # Checked before taking the lock so the locked section stays short; the database's unique
    # constraints close the gap if a duplicate races in meanwhile.
    _refuse_duplicate(edition_id, user, email)
    registration = Registration(
        edition_id=edition_id,
        user=user,
        email=email,
        source=source,
        **{field: data.get(field, "") or "" for field in PROFILE_FIELDS if field != "phone"},
        phone=data.get("phone") or "",
    )
    _derive(registration)
    registration.full_clean(
        exclude=["user", "edition", "invitation", "decided_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        return _submit_locked(registration, consents, invitation_code, ip_address, user_agent)
    except IntegrityError:
        _refuse_duplicate(edition_id, user, email)
        raise


def _refuse_duplicate(edition_id: int, user, email: str) -> None:
    if user is not None and Registration.objects.filter(edition_id=edition_id, user=user).exists():
        raise ServiceError(_("Tài khoản này đã đăng ký tham dự."), code="already_registered")
    if (
        Registration.objects.filter(
            edition_id=edition_id, email__iexact=email, anonymised_at__isnull=True
        )
        .exclude(status=Status.CANCELLED)
        .exists()
    ):
        raise ServiceError(_("Email này đã được đăng ký."), code="duplicate_email")


def _submit_locked(registration, consents, invitation_code, ip_address, user_agent):
    with transaction.atomic():
        edition = _lock_edition(registration.edition_id)
        registration.edition = edition
        if registration.source == Registration.Source.ONLINE:
            registration_window_check(edition=edition)
        invitation = None
        if invitation_code:
            invitation = _claim_invitation(edition, invitation_code)
            registration.invitation = invitation
            registration.source = Registration.Source.INVITATION
            registration.bypass_capacity = invitation.batch.bypass_capacity

        seats_left = _seats_taken(edition) < edition.capacity
        if registration.bypass_capacity or (
            seats_left
            and (
                invitation is not None or edition.registration_mode == Edition.RegistrationMode.OPEN
            )
        ):
            registration.status = Status.APPROVED
            registration.decided_at = timezone.now()
        elif seats_left:
            registration.status = Status.PENDING
        else:
            registration.status = Status.WAITLISTED
            registration.waitlist_position = _next_waitlist_position(edition)
        registration.save()
        if registration.status == Status.APPROVED:
            badge_code_create(registration=registration)

        ConsentRecord.objects.bulk_create(
            ConsentRecord(
                registration=registration,
                purpose=purpose,
                granted=bool(consents.get(purpose)),
                notice_version=NOTICE_VERSION,
                ip_address=ip_address,
                user_agent=(user_agent or "")[:400],
            )
            for purpose in ConsentPurpose.values
        )
        _audit(
            "submitted",
            registration,
            registration.user,
            status=registration.status,
            source=registration.source,
        )
        registration_notify(
            registration=registration,
            kind={Status.APPROVED: "approved", Status.WAITLISTED: "waitlisted"}.get(
                registration.status, "received"
            ),
        )
    return registration


def _promote_from_waitlist(edition: Edition, *, actor=None, seats_freed: int = 1) -> list:
    """Fill freed seats from the head of the waiting list (caller holds the edition lock)."""
    promoted = []
    open_mode = edition.registration_mode == Edition.RegistrationMode.OPEN
    waiting = Registration.objects.filter(edition=edition, status=Status.WAITLISTED).order_by(
        "waitlist_position"
    )
    room = max(edition.capacity - _seats_taken(edition), 0) if open_mode else seats_freed
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
        _audit("promoted", registration, actor, status=registration.status)
        registration_notify(registration=registration, kind="approved" if open_mode else "promoted")
        promoted.append(registration)
    return promoted


def _get_locked(registration_id: int) -> tuple[Edition, Registration]:
    edition_id = Registration.objects.values_list("edition_id", flat=True).get(pk=registration_id)
    edition = _lock_edition(edition_id)
    return edition, Registration.objects.select_for_update().get(pk=registration_id)


def registration_approve(*, registration_id: int, actor=None) -> Registration:
    with transaction.atomic():
        edition, registration = _get_locked(registration_id)
        if registration.status == Status.APPROVED:
            return registration
        if registration.status not in (Status.PENDING, Status.WAITLISTED, Status.REJECTED):
            raise ServiceError(
                _("Không thể duyệt đăng ký ở trạng thái “%(status)s”.")
                % {"status": registration.get_status_display()},
                code="invalid_transition",
            )
        if not registration.bypass_capacity and _seats_taken(edition) >= edition.capacity:
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
        _audit("approved", registration, actor)
        registration_notify(registration=registration, kind="approved")
    return registration


def registration_reject(*, registration_id: int, reason: str, actor=None) -> Registration:
    reason = normalize_text(reason)
    if not reason:
        raise ServiceError(_("Cần nêu lý do từ chối."), code="reason_required")
    with transaction.atomic():
        edition, registration = _get_locked(registration_id)
        if registration.status in (Status.REJECTED, Status.CANCELLED):
            raise ServiceError(
                _("Không thể từ chối đăng ký ở trạng thái “%(status)s”.")
                % {"status": registration.get_status_display()},
                code="invalid_transition",
            )
        was_approved = registration.status == Status.APPROVED
        registration.status = Status.REJECTED
        registration.rejection_reason = reason[:1000]
        registration.waitlist_position = None
        registration.decided_at = timezone.now()
        registration.decided_by = actor if getattr(actor, "pk", None) else None
        registration.version += 1
        registration.save()
        badge_code_revoke(registration=registration, reason="rejected")
        _audit("rejected", registration, actor, reason=reason[:200])
        registration_notify(registration=registration, kind="rejected")
        if was_approved:
            _promote_from_waitlist(edition, actor=actor)
    return registration


def registration_cancel(*, registration_id: int, actor=None) -> Registration:
    with transaction.atomic():
        edition, registration = _get_locked(registration_id)
        if registration.status in (Status.CANCELLED, Status.REJECTED):
            return registration
        was_approved = registration.status == Status.APPROVED
        registration.status = Status.CANCELLED
        registration.waitlist_position = None
        registration.version += 1
        registration.save()
        badge_code_revoke(registration=registration, reason="cancelled")
        _audit("cancelled", registration, actor)
        registration_notify(registration=registration, kind="cancelled")
        if was_approved:
            _promote_from_waitlist(edition, actor=actor)
    return registration


def registration_to_waitlist(*, registration_id: int, actor=None) -> Registration:
    """Organiser moves a pending registration to the end of the waiting list."""
    with transaction.atomic():
        edition, registration = _get_locked(registration_id)
        if registration.status != Status.PENDING:
            raise ServiceError(
                _("Chỉ đăng ký đang chờ duyệt mới chuyển được vào danh sách chờ."),
                code="invalid_transition",
            )
        registration.status = Status.WAITLISTED
        registration.waitlist_position = _next_waitlist_position(edition)
        registration.version += 1
        registration.save()
        _audit("waitlisted", registration, actor)
        registration_notify(registration=registration, kind="waitlisted")
    return registration


def edition_fill_from_waitlist(*, edition_id: int, actor=None) -> list:
    """After a capacity increase: promote as many waiting delegates as now fit (open mode)."""
    with transaction.atomic():
        edition = _lock_edition(edition_id)
        room = max(edition.capacity - _seats_taken(edition), 0)
        return _promote_from_waitlist(edition, actor=actor, seats_freed=room)


def registration_update_profile(*, registration_id: int, data: dict, actor=None) -> Registration:
    """Correct profile fields. A change on an approved registration re-issues the badge."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.status == Status.CANCELLED or registration.anonymised_at:
            raise ServiceError(_("Đăng ký đã hủy không thể chỉnh sửa."), code="invalid_transition")
        changed = []
        for field in PROFILE_FIELDS:
            if field in data and getattr(registration, field) != data[field]:
                setattr(registration, field, data[field] if data[field] is not None else "")
                changed.append(field)
        if not changed:
            return registration
        _derive(registration)
        registration.full_clean(exclude=["user", "edition", "invitation", "decided_by"])
        registration.version += 1
        registration.save()
        _audit("profile_changed", registration, actor, fields=changed)
        if registration.status == Status.APPROVED and set(changed) & BADGE_FIELDS:
            # The new version's approval email carries a freshly rendered badge.
            registration_notify(registration=registration, kind="approved")
    return registration
