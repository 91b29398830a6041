"""The delegate's own agenda: saving sessions, seats, the personal calendar feed."""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from agenda.feeds.ical import calendar_bytes
from agenda.selectors.pages import waiting_rank
from agenda.selectors.personal import mine, personal_agenda_of, personal_by_token
from agenda.selectors.published import programme_of, version_current
from agenda.services import personal, seats
from agenda.views.caching import etag_for, finish, not_modified, published
from forum.errors import ServiceError
from registration.access import edition_or_404


def now():
    return timezone.now()


def login_first(view):
    """login_required, except that an htmx request whose session has expired sends the whole
    page to the login form instead of swapping the form into a button."""
    guarded = login_required(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.htmx and not request.user.is_authenticated:
            back = request.htmx.current_url_abs_path or request.get_full_path()
            return HttpResponseClientRedirect(redirect_to_login(back).url)
        return guarded(request, *args, **kwargs)

    return wrapper


def _back(request, code: str):
    """To the page the form was on (`next`), if it is a page of this site; else the session's.
    Django's check also refuses what browsers read as another site ("/\\evil.example") and
    control characters."""
    url = request.POST.get("next", "")
    allowed = reverse("agenda:programme").rsplit("agenda/", 1)[0]
    if not (
        url.startswith(allowed)
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
        and url.isprintable()
    ):
        url = reverse("agenda:session", kwargs={"code": code})
    return redirect(url)


def _published_session(request, code: str):
    edition, ref = published(request)
    programme = programme_of(ref)
    session = programme.by_code.get(code) if programme else None
    if session is None:
        raise Http404
    return edition, session


@login_first
@require_POST
def save(request, code: str):
    """Save a session to the personal agenda, or take it out (`saved=0`)."""
    edition, session = _published_session(request, code)
    wanted = request.POST.get("saved", "1") != "0"
    saved = personal.session_save(
        edition=edition, user=request.user, session_id=session.id, saved=wanted
    )
    if request.htmx:
        return render(
            request,
            "agenda/_save_button.html",
            {"session": session, "saved": saved, "next": request.POST.get("next", "")},
        )
    if saved:
        messages.success(
            request,
            _("Đã lưu “%(title)s” vào chương trình của tôi.") % {"title": session.display_title},
        )
    else:
        messages.success(
            request,
            _("Đã bỏ “%(title)s” khỏi chương trình của tôi.") % {"title": session.display_title},
        )
    return _back(request, code)


@login_required
@require_POST
def seat(request, code: str):
    """Take a seat (or a place on the waiting list), or give it back (`action=release`)."""
    _edition, session = _published_session(request, code)
    try:
        if request.POST.get("action") == "release":
            booking = seats.seat_release(session_id=session.id, user=request.user)
            if booking is not None:
                messages.success(
                    request, _("Đã trả chỗ. Chỗ được chuyển cho người kế tiếp trong danh sách chờ.")
                )
        else:
            booking = seats.seat_take(session_id=session.id, user=request.user, now=now())
            if booking.status == booking.Status.HELD:
                messages.success(request, _("Quý vị đã có chỗ ở phiên này."))
            else:
                messages.warning(
                    request,
                    _(
                        "Phiên đã hết chỗ. Quý vị ở danh sách chờ, thứ %(rank)s; "
                        "sẽ có email khi có chỗ."
                    )
                    % {"rank": waiting_rank(booking=booking)},
                )
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("agenda:session", code=code)


@login_required
@require_GET
def my_agenda(request):
    edition = edition_or_404()
    ref = version_current(edition=edition)
    programme = programme_of(ref)
    have = mine(edition=edition, user=request.user)
    sessions = [s for s in programme.sessions if s.id in have.session_ids] if programme else []
    overlaps = {
        s.id
        for s in sessions
        for other in sessions
        if other.id != s.id and not s.cancelled and not other.cancelled and s.overlaps(other)
    }
    agenda = personal_agenda_of(edition=edition, user=request.user)
    feed_url = (
        settings.SITE_URL + reverse("agenda:personal_feed", kwargs={"token": agenda.feed_token})
        if agenda
        else None
    )
    rows = [(s, have.seats.get(s.id), waiting_rank(booking=have.seats.get(s.id))) for s in sessions]
    response = render(
        request,
        "agenda/my_agenda.html",
        {
            "edition": edition,
            "programme": programme,
            "sessions": sessions,
            "overlaps": overlaps,
            "mine": have,
            "rows": rows,
            "feed_url": feed_url,
            # Calendar programs subscribe to webcal: addresses (and keep them up to date).
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1] if feed_url else None,
        },
    )
    return finish(response, None, private=True)


@login_required
@require_POST
def feed_renew(request):
    edition = edition_or_404()
    personal.feed_renew(edition=edition, user=request.user)
    messages.success(request, _("Đã tạo địa chỉ lịch mới. Địa chỉ cũ không còn dùng được."))
    return redirect("agenda:mine")


@require_GET
def personal_feed(request, token: str):
    """The personal calendar, by its secret address (no login: calendar programs fetch it)."""
    agenda = personal_by_token(token=token)
    if agenda is None:
        raise Http404
    edition = agenda.edition
    ref = version_current(edition=edition)
    programme = programme_of(ref)
    if programme is None:
        raise Http404
    ids = mine(edition=edition, user=agenda.user).session_ids
    etag = etag_for(ref, "personal", token, sorted(ids))
    unchanged = not_modified(request, etag)
    if unchanged:
        return unchanged
    content = calendar_bytes(
        programme=programme,
        sessions=[s for s in programme.sessions if s.id in ids],
        edition=edition,
        name=_("Chương trình của tôi — %(forum)s")
        % {"forum": edition.short_name or edition.display_name},
        site_url=settings.SITE_URL,
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["X-Robots-Tag"] = "noindex"
    return finish(response, etag, private=True)
