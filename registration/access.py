"""Who may see organiser pages, and the edition they work on."""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from forum.selectors import edition_current
from registration import roles, selectors
from registration.selectors.accounts import user_lacks_second_factor


def organiser_required(view):
    """Organisers (the "organiser" group) and superusers only, with their second factor set up;
    anonymous visitors log in first."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_superuser or roles.ORGANISER in selectors.user_roles(user=user)):
            raise PermissionDenied
        if refused := second_factor_missing(request):
            return refused
        return view(request, *args, **kwargs)

    return wrapper


def second_factor_missing(request):
    """For a staff account without its second factor set up: the answer that sends it to set
    one up (every staff page's decorator asks; the middleware already sends them away, this
    holds should it be left out or bypassed). None when the account may go on."""
    if not user_lacks_second_factor(user=request.user):
        return None
    messages.warning(
        request, _("Tài khoản cán bộ phải bật xác thực hai lớp (TOTP) trước khi tiếp tục.")
    )
    return redirect("mfa_activate_totp")


def edition_or_404():
    edition = edition_current()
    if edition is None:
        raise Http404
    return edition
