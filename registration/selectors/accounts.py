"""Who a user is: role codes, staff status, second factor."""

from allauth.mfa.models import Authenticator
from django.conf import settings

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


def user_lacks_second_factor(*, user) -> bool:
    """The one rule for every door (pages, admin, API): a staff account without an authenticator
    app may do nothing but set one up (FORUM_STAFF_MFA_REQUIRED).

    Read on every request, never remembered in the session: an authenticator removed during a
    session closes the doors at once. The answer is kept on the user object for the request.
    """
    if not settings.FORUM_STAFF_MFA_REQUIRED or not user_is_staff_member(user=user):
        return False
    lacks = getattr(user, "_forum_lacks_second_factor", None)
    if lacks is None:
        lacks = user._forum_lacks_second_factor = not user_has_mfa(user=user)
    return lacks
