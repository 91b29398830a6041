"""Reads: plain functions that query and return, never write (services do)."""

from registration.selectors.accounts import user_has_mfa, user_is_staff_member, user_roles
from registration.selectors.delegates import (
    DELEGATE_SORTS,
    RegistrationStatus,
    badge_code_active,
    delegate_list,
    registration_badge_of,
    registration_badge_own,
    registration_counters,
    registration_own,
    registration_status,
    waitlist_rank,
)
from registration.selectors.personal_data import (
    consent_state,
    personal_data_export,
    personal_data_overview,
)

__all__ = [
    "DELEGATE_SORTS",
    "RegistrationStatus",
    "badge_code_active",
    "consent_state",
    "delegate_list",
    "personal_data_export",
    "personal_data_overview",
    "registration_badge_of",
    "registration_badge_own",
    "registration_counters",
    "registration_own",
    "registration_status",
    "user_has_mfa",
    "user_is_staff_member",
    "user_roles",
    "waitlist_rank",
]
