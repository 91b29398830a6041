"""Roles are Django groups; the names here are the stable codes the code checks."""

from django.utils.translation import gettext_lazy as _

ORGANISER = "organiser"
DOOR_STAFF = "door_staff"
JUDGE = "judge"
ENTERPRISE = "enterprise"

ROLE_LABELS = {
    ORGANISER: _("Ban tổ chức"),
    DOOR_STAFF: _("Nhân viên check-in"),
    JUDGE: _("Giám khảo"),
    ENTERPRISE: _("Đại diện doanh nghiệp"),
}

# Roles that act on other people's data: their accounts must use two-factor authentication.
STAFF_ROLES = frozenset({ORGANISER, DOOR_STAFF, JUDGE})
ALL_ROLES = tuple(ROLE_LABELS)
