"""Registration life cycle: submission, decisions (approve, reject, cancel, waiting list),
promotion from the waiting list, profile corrections."""

from registration.services.registrations.decisions import (
    registration_approve,
    registration_cancel,
    registration_reject,
    registration_to_waitlist,
)
from registration.services.registrations.profile import (
    BADGE_FIELDS,
    registration_derive,
    registration_update_profile,
)
from registration.services.registrations.submission import (
    NOTICE_VERSION,
    registration_submit,
    registration_window_check,
)
from registration.services.registrations.waitlist import (
    edition_capacity_set,
    edition_save,
)

__all__ = [
    "BADGE_FIELDS",
    "NOTICE_VERSION",
    "edition_capacity_set",
    "edition_save",
    "registration_approve",
    "registration_cancel",
    "registration_derive",
    "registration_reject",
    "registration_submit",
    "registration_to_waitlist",
    "registration_update_profile",
    "registration_window_check",
]
