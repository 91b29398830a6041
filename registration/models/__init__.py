from registration.models.accounts import User, UserManager
from registration.models.badges import BadgeCode, BadgeFile
from registration.models.checkin import Gate, Scan, ScannerDevice
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
from registration.models.outbox import OutgoingEmail

__all__ = [
    "PROFILE_FIELDS",
    "AuditLog",
    "BadgeCode",
    "BadgeFile",
    "ConsentPurpose",
    "ConsentRecord",
    "DelegateType",
    "Gate",
    "Honorific",
    "InvitationBatch",
    "InvitationCode",
    "OutgoingEmail",
    "PersonalDataRequest",
    "Registration",
    "Scan",
    "ScannerDevice",
    "User",
    "UserManager",
]
