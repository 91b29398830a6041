"""Who a user is: role codes, staff status, second factor."""

from allauth.mfa.models import Authenticator

from registration.roles import ALL_ROLES, STAFF_ROLES


def user_roles(*, user) -> frozenset[str]:
    """The role codes of a user, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_forum_roles", None)
    if cached is None:
        cached = frozenset(
            name for name in user.groups.values_list("name", flat=True) if name in ALL_ROLES
        )
        user._forum_roles = cached
    return cached


def user_is_staff_member(*, user) -> bool:
    """Staff act on other people's data: admins and the organiser, door-staff and judge roles."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or user.is_superuser or bool(user_roles(user=user) & STAFF_ROLES)


def user_has_mfa(*, user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
