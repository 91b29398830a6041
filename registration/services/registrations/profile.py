"""The delegate's profile: derived fields, and corrections after submission."""

from django.db import transaction
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from forum.vietnamese import given_name, normalize_text, search_key, sort_key_string
from registration.models import PROFILE_FIELDS, Registration
from registration.services.notifications import registration_notify
from registration.services.registrations.audit import audit

Status = Registration.Status
# Profile fields printed on the badge: changing one re-issues the e-badge.
BADGE_FIELDS = frozenset({"honorific", "full_name", "position", "organisation", "delegate_type"})


def registration_derive(*, registration: Registration) -> None:
    """Normalise what was typed and fill the derived fields (given name if left blank, search and
    sort keys); the caller saves."""
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
        registration_derive(registration=registration)
        registration.full_clean(exclude=["user", "edition", "invitation", "decided_by"])
        registration.version += 1
        registration.save()
        audit("profile_changed", registration, actor, fields=changed)
        if registration.status == Status.APPROVED and set(changed) & BADGE_FIELDS:
            # The new version's approval email carries a freshly rendered badge.
            registration_notify(registration=registration, kind="approved")
    return registration
