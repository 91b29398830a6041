from registration.models.accounts import User, UserManager
from registration.models.badges import BadgeCode, BadgeFile
from registration.models.delegates import (
    PROFILE_FIELDS,
    AuditLog,
    ConsentPurpose,
    ConsentRecord,
    DelegateType,
    Honorific,
    InvitationBatch,
    InvitationCode,
    PersonalDataRequest,
    Registration,
)
from registration.models.seats import EditionSeats

__all__ = [
    "PROFILE_FIELDS",
    "AuditLog",
    "BadgeCode",
    "BadgeFile",
    "ConsentPurpose",
    "ConsentRecord",
    "DelegateType",
    "EditionSeats",
    "Honorific",
    "InvitationBatch",
    "InvitationCode",
    "PersonalDataRequest",
    "Registration",
    "User",
    "UserManager",
]
