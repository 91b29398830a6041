from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from registration.selectors import user_has_mfa, user_is_staff_member

SESSION_KEY = "forum_staff_mfa_ok"


class StaffTwoFactorMiddleware:
    """Staff accounts must set up TOTP before they can use anything but the account pages."""

    EXEMPT_PREFIXES = ("/static/", "/healthz", "/api/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            from django.contrib import messages

            messages.warning(
                request,
                _("Tài khoản cán bộ phải bật xác thực hai lớp (TOTP) trước khi tiếp tục."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        if not settings.FORUM_STAFF_MFA_REQUIRED:
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        path = request.path_info
        if path.startswith(self.EXEMPT_PREFIXES) or "/accounts/" in path:
            return False
        if request.session.get(SESSION_KEY):
            return False
        if not user_is_staff_member(user=user):
            return False
        if user_has_mfa(user=user):
            request.session[SESSION_KEY] = True
            return False
        return reverse("mfa_activate_totp") != path
