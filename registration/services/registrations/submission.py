"""Submitting a registration: the window, invitation codes, duplicates, and the status it gets
(approved, pending or waitlisted) under the edition lock."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from forum.models import Edition
from registration.models import (
    PROFILE_FIELDS,
    ConsentPurpose,
    ConsentRecord,
    InvitationCode,
    Registration,
)
from registration.services.badge_codes import badge_code_create
from registration.services.notifications import registration_notify
from registration.services.registrations.audit import audit
from registration.services.registrations.profile import registration_derive
from registration.services.registrations.waitlist import (
    lock_edition,
    next_waitlist_position,
    seats_taken,
    someone_waits,
    waitlist_fill,
)

NOTICE_VERSION = "2025-11"
Status = Registration.Status


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
    registration_derive(registration=registration)
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
        edition = lock_edition(registration.edition_id)
        registration.edition = edition
        if registration.source == Registration.Source.ONLINE:
            registration_window_check(edition=edition)
        invitation = None
        if invitation_code:
            invitation = _claim_invitation(edition, invitation_code)
            registration.invitation = invitation
            registration.source = Registration.Source.INVITATION
            registration.bypass_capacity = invitation.batch.bypass_capacity

        # Seats freed or added since the last decision go to those already waiting, first.
        waitlist_fill(edition)
        seats_left = seats_taken(edition) < edition.capacity
        if registration.bypass_capacity or (
            seats_left
            and not someone_waits(edition)
            and (
                invitation is not None or edition.registration_mode == Edition.RegistrationMode.OPEN
            )
        ):
            registration.status = Status.APPROVED
            registration.decided_at = timezone.now()
        elif seats_left and edition.registration_mode == Edition.RegistrationMode.MODERATED:
            registration.status = Status.PENDING
        else:
            registration.status = Status.WAITLISTED
            registration.waitlist_position = next_waitlist_position(edition)
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
        audit(
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
