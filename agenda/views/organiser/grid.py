"""The organiser's day: a grid of rooms × time with the warnings, sessions edited in place."""

import datetime as dt
import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from agenda.forms import SessionForm
from agenda.selectors.drafts import draft_grid, session_of_edition
from agenda.selectors.seats import seat_list
from agenda.services import editing
from agenda.snapshot import VN
from forum.errors import ServiceError
from registration.access import edition_or_404, organiser_required

GRID = "agenda/organiser/grid.html"
EDIT = "agenda/organiser/session_edit.html"


def organiser_page(view):
    """organiser_required, except that an htmx request whose login has expired sends the whole
    page to the login form instead of swapping it into the grid."""
    guarded = organiser_required(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.htmx and not request.user.is_authenticated:
            back = request.htmx.current_url_abs_path or request.get_full_path()
            return HttpResponseClientRedirect(redirect_to_login(back).url)
        return guarded(request, *args, **kwargs)

    return wrapper


def _fresh(response):
    patch_vary_headers(response, ("HX-Request",))
    response["Cache-Control"] = "no-store"
    return response


def _fragment(request) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


@organiser_page
@require_GET
def grid(request):
    edition = edition_or_404()
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = None
    return _fresh(
        render(request, GRID, {"edition": edition, "grid": draft_grid(edition=edition, day=day)})
    )


def _session(edition, session_id):
    session = session_of_edition(edition=edition, session_id=session_id)
    if session is None:
        raise Http404
    return session


def _saved(request, session, created: bool, moved: bool):
    if _fragment(request) and moved:
        # The card belongs in another row or column now: the grid is drawn again.
        messages.success(request, _("Đã lưu phiên “%(title)s”.") % {"title": session.title})
        return HttpResponseClientRefresh()
    if _fragment(request):
        # The card in the grid shows the session as saved; the grid's warnings refresh too.
        response = render(request, f"{EDIT}#card", {"session": session, "flagged": set()})
        response["HX-Trigger"] = "agenda:changed"
        return _fresh(response)
    text = _("Đã thêm phiên “%(title)s”.") if created else _("Đã lưu phiên “%(title)s”.")
    messages.success(request, text % {"title": session.title})
    day = session.starts_at.astimezone(VN).date()
    return redirect(f"{reverse('agenda:organiser_grid')}?day={day.isoformat()}")


def _edit(request, edition, session=None):
    initial = SessionForm.initial_from(session) if session else {}
    if not session:
        # "+" in a room's column of the grid: that room and day are filled in.
        initial.update({k: request.GET[k] for k in ("room", "day") if request.GET.get(k)})
    form = SessionForm(request.POST or None, edition=edition, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = editing.session_save(
                edition=edition,
                data=form.service_data(),
                session_id=session.pk if session else None,
                revision=form.cleaned_data.get("revision") if session else None,
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            moved = session is None or (session.starts_at, session.room_id) != (
                saved.starts_at,
                saved.room_id,
            )
            return _saved(request, _session(edition, saved.pk), session is None, moved)
    context = {"edition": edition, "form": form, "session": session}
    if _fragment(request):
        # htmx swaps only successful answers: the editor with its errors comes back as a 200.
        return _fresh(render(request, f"{EDIT}#editor", context))
    return _fresh(render(request, EDIT, context, status=400 if form.errors else 200))


@organiser_page
@require_http_methods(["GET", "POST"])
def session_new(request):
    return _edit(request, edition_or_404())


@organiser_page
@require_http_methods(["GET", "POST"])
def session_edit(request, session_id: int):
    edition = edition_or_404()
    return _edit(request, edition, _session(edition, session_id))


@organiser_page
@require_GET
def session_card(request, session_id: int):
    """The card alone: "cancel" in the in-place editor puts it back."""
    edition = edition_or_404()
    return _fresh(
        render(
            request, f"{EDIT}#card", {"session": _session(edition, session_id), "flagged": set()}
        )
    )


@organiser_required
@require_POST
def session_cancel(request, session_id: int):
    edition = edition_or_404()
    session = _session(edition, session_id)
    cancel = request.POST.get("restore") != "1"
    editing.session_cancel(edition=edition, session_id=session.pk, cancelled=cancel)
    if cancel:
        messages.success(
            request, _("Đã hủy phiên “%(title)s” trong bản nháp.") % {"title": session.title}
        )
    else:
        messages.success(
            request, _("Đã khôi phục phiên “%(title)s” trong bản nháp.") % {"title": session.title}
        )
    return redirect("agenda:organiser_session", session_id=session.pk)


@organiser_required
@require_POST
def session_delete(request, session_id: int):
    edition = edition_or_404()
    session = _session(edition, session_id)
    try:
        editing.session_delete(edition=edition, session_id=session.pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("agenda:organiser_session", session_id=session.pk)
    messages.success(request, _("Đã xóa phiên “%(title)s”.") % {"title": session.title})
    return redirect("agenda:organiser_grid")


@organiser_required
@require_GET
def session_seats(request, session_id: int):
    edition = edition_or_404()
    session = _session(edition, session_id)
    return _fresh(
        render(
            request,
            "agenda/organiser/seat_list.html",
            {"edition": edition, "session": session, "seats": seat_list(session=session)},
        )
    )
