from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from forum.decorators import answer_is_same_for_everyone
from registration.selectors.accounts import user_lacks_second_factor

# Resolved URLs a staff account without an authenticator may still reach: allauth's account and
# two-factor pages (names without a namespace: the admin's "mfa_authenticator_changelist" is not
# one of them), the health check, the language switch. The API ("api" namespace) applies the same
# rule itself and answers in JSON (checkin.api.auth).
EXEMPT_NAME_PREFIXES = ("account_", "mfa_")
EXEMPT_NAMES = frozenset({"healthz", "set_language"})
EXEMPT_NAMESPACES = frozenset({"api"})


def url_is_exempt(match) -> bool:
    """Whether a resolved URL stays open to staff who have not set up two-factor yet."""
    if match.namespaces:
        return match.namespaces[0] in EXEMPT_NAMESPACES
    name = match.url_name or ""
    return name in EXEMPT_NAMES or name.startswith(EXEMPT_NAME_PREFIXES)


class StaffTwoFactorMiddleware:
    """Staff accounts must set up TOTP before they can use anything but the account pages.

    Decided on the resolved URL (process_view), never on a piece of the path: a path that merely
    contains "/accounts/" is not an account page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if answer_is_same_for_everyone(request):
            return None  # nothing personal to guard, and no session or account to read
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or url_is_exempt(request.resolver_match):
            return None
        if not user_lacks_second_factor(user=user):
            return None
        messages.warning(
            request, _("Tài khoản cán bộ phải bật xác thực hai lớp (TOTP) trước khi tiếp tục.")
        )
        return redirect("mfa_activate_totp")
