"""Who may use the enterprise pages, and what every polled page needs."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers

from forum.errors import ServiceError
from registration import roles
from registration.selectors import user_roles
from showcase.selectors import board as boards


def enterprise_required(view):
    """Enterprise representatives (the "enterprise" group), organisers and superusers; anonymous
    visitors log in first."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        allowed = {roles.ENTERPRISE, roles.ORGANISER}
        if not (user.is_superuser or allowed & user_roles(user=user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def is_organiser(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or roles.ORGANISER in user_roles(user=user))
    )


def fragment(request) -> bool:
    """An htmx request for the fragment alone (a history restore needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def fresh(response: HttpResponse) -> HttpResponse:
    # The page and its fragment share a URL: keep caches from serving one for the other.
    patch_vary_headers(response, ("HX-Request",))
    response["Cache-Control"] = "no-store"
    return response


def form_errors_add(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: under its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, texts in error.message_dict.items():
            for text in texts:
                form.add_error(field if field in form.fields else None, text)
    else:
        for text in error.messages:
            form.add_error(None, text)


def form_save(form, write) -> bool:
    """Run `write()` once the form is valid; a refusal becomes the form's error."""
    if not form.is_valid():
        return False
    try:
        write()
    except ValidationError as exc:
        form_errors_add(form, exc)
        return False
    except ServiceError as exc:
        form.add_error(None, exc.message)
        return False
    return True


def board_fragment(request, *, board, partial: str, context: dict, key: str) -> HttpResponse:
    """A polled fragment rendered once per board snapshot and language: every other poll of
    the interval is served the same bytes from the cache."""
    name = f"showcase:board:html:{board.computed_at.timestamp() if board else 0}:{key}"
    name += f":{translation.get_language()}"
    html = cache.get(name)
    if html is None:
        html = render_to_string(partial, context, request)
        cache.set(name, html, timeout=boards.INTERVAL * 5)
    return fresh(HttpResponse(html))
