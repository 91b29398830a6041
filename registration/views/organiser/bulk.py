"""Decisions on the selected delegates: approve, promote, waiting list, reject, resend."""

import secrets
import time

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from forum.errors import ServiceError
from registration.access import edition_or_404, organiser_required
from registration.models import Registration
from registration.services import notifications, registrations
from registration.views.organiser.listing import filter_query, filters_from
from registration.views.organiser.steps import step_counts

MAX_BULK = 1000
BULK_SESSION_KEY = "organiser_bulk"
# Each request stops after this long; the progress page asks for the next step.
BULK_STEP_SECONDS = 8.0
Status = Registration.Status

BULK_ACTIONS = {
    "approve": gettext_lazy("Duyệt"),
    "promote": gettext_lazy("Duyệt từ danh sách chờ"),
    "waitlist": gettext_lazy("Chuyển vào danh sách chờ"),
    "reject": gettext_lazy("Từ chối"),
    "resend": gettext_lazy("Gửi lại email gần nhất"),
}
DONE_MESSAGES = {
    "approve": gettext_lazy("Đã duyệt %(count)d đăng ký."),
    "promote": gettext_lazy("Đã duyệt %(count)d đăng ký từ danh sách chờ."),
    "waitlist": gettext_lazy("Đã chuyển %(count)d đăng ký vào danh sách chờ."),
    "reject": gettext_lazy("Đã từ chối %(count)d đăng ký."),
}


def _bulk_one(action: str, registration: Registration, *, actor, reason: str) -> str:
    if action == "approve" and registration.status == Status.APPROVED:
        return "already"
    if action == "approve":
        registrations.registration_approve(registration_id=registration.pk, actor=actor)
    elif action == "promote":
        if registration.status != Status.WAITLISTED:
            raise ServiceError(_("Không ở danh sách chờ."), code="not_waitlisted")
        registrations.registration_approve(registration_id=registration.pk, actor=actor)
    elif action == "waitlist":
        registrations.registration_to_waitlist(registration_id=registration.pk, actor=actor)
    elif action == "reject":
        registrations.registration_reject(
            registration_id=registration.pk, reason=reason, actor=actor
        )
    elif action == "resend":
        return notifications.registration_email_again(registration=registration)
    return "done"


def _names(names: list[str], limit: int = 8) -> str:
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += _(" và %(count)d người khác") % {"count": len(names) - limit}
    return shown


def _report(request, action: str, outcomes: dict, failures: dict, missing: int) -> None:
    if action == "resend":
        labels = {
            "queued": _("Đã xếp hàng gửi lại %(count)d email: %(names)s."),
            "requeued": _("Đã gửi lại %(count)d email bị lỗi: %(names)s."),
            "in_queue": _("%(count)d email đang chờ gửi, không xếp thêm: %(names)s."),
            "already_sent": _(
                "%(count)d email đã gửi thành công trước đó nên không gửi trùng: %(names)s."
            ),
        }
        for outcome, label in labels.items():
            names = outcomes.get(outcome, [])
            if names:
                level = messages.SUCCESS if outcome in ("queued", "requeued") else messages.INFO
                messages.add_message(
                    request, level, label % {"count": len(names), "names": _names(names)}
                )
    else:
        done = len(outcomes.get("done", []))
        if done:
            messages.success(request, DONE_MESSAGES[action] % {"count": done})
        already = outcomes.get("already", [])
        if already:
            messages.info(
                request,
                _("%(count)d đăng ký đã được duyệt từ trước, không thay đổi: %(names)s.")
                % {"count": len(already), "names": _names(already)},
            )
    failed = sum(len(names) for names in failures.values())
    if failed:
        details = "; ".join(f"{message} ({_names(names)})" for message, names in failures.items())
        messages.error(
            request,
            _("%(count)d không thực hiện được: %(details)s")
            % {"count": failed, "details": details},
        )
    if missing:
        messages.error(
            request,
            _("%(count)d mục đã chọn không tồn tại trong kỳ diễn đàn này.") % {"count": missing},
        )


def _selected_ids(values: list[str]) -> tuple[list[int], int]:
    ids, invalid = [], 0
    for value in values[:MAX_BULK]:
        value = value.strip()
        if value.isascii() and value.isdigit() and len(value) < 19:
            ids.append(int(value))
        else:
            invalid += 1
    return list(dict.fromkeys(ids)), invalid


@organiser_required
@require_POST
def delegate_bulk(request):
    edition = edition_or_404()
    _form, filters = filters_from(QueryDict(request.POST.get("return_query", "")))
    query = QueryDict(filter_query(filters), mutable=True)
    page = request.POST.get("return_page", "")
    if page.isascii() and page.isdigit() and page != "1":
        query["page"] = page[:6]
    back = reverse("registration:delegate_list") + ("?" + query.urlencode() if query else "")
    action = request.POST.get("action", "")
    if action not in BULK_ACTIONS:
        messages.error(request, _("Hãy chọn một thao tác."))
        return redirect(back)
    ids, invalid = _selected_ids(request.POST.getlist("ids"))
    if not ids and not invalid:
        messages.error(request, _("Chưa chọn đại biểu nào."))
        return redirect(back)
    reason = request.POST.get("reason", "").strip()[:1000]
    if action == "reject" and not reason:
        messages.error(request, _("Cần nêu lý do từ chối."))
        return redirect(back)
    found = list(
        Registration.objects.filter(edition=edition, pk__in=ids)
        .order_by("sort_key")
        .values_list("pk", flat=True)
    )
    state = {
        "token": secrets.token_urlsafe(12),
        "edition_id": edition.pk,
        "action": action,
        "reason": reason,
        "back": back,
        "queue": found,
        "total": len(found),
        "outcomes": {},
        "failures": {},
        "missing": invalid + len(ids) - len(found),
    }
    return _bulk_step(request, edition, state)


def _bulk_step(request, edition, state: dict):
    """Work through the selection for BULK_STEP_SECONDS at most (approvals send emails with a
    badge, seconds each without a worker), then hand over to the progress page, which asks for
    the next step; at the end, report and go back to the list."""
    started = time.monotonic()
    queue = state["queue"]
    processed = 0
    while queue and (not processed or time.monotonic() - started < BULK_STEP_SECONDS):
        registration = Registration.objects.filter(edition=edition, pk=queue.pop(0)).first()
        processed += 1
        if registration is None:
            state["missing"] += 1
            continue
        try:
            outcome = _bulk_one(
                state["action"], registration, actor=request.user, reason=state["reason"]
            )
        except ServiceError as exc:
            state["failures"].setdefault(str(exc.message), []).append(registration.full_name)
        except Registration.DoesNotExist:
            state["missing"] += 1
        else:
            state["outcomes"].setdefault(outcome, []).append(registration.full_name)
    if queue:
        request.session[BULK_SESSION_KEY] = state
        if request.htmx:
            return render(
                request,
                "registration/organiser/delegate_bulk_progress.html#progress",
                _bulk_progress_context(edition, state),
            )
        return redirect("registration:delegate_bulk_progress", token=state["token"])
    request.session.pop(BULK_SESSION_KEY, None)
    _report(
        request, state["action"], state["outcomes"], state["failures"], missing=state["missing"]
    )
    if request.htmx:
        return HttpResponseClientRedirect(state["back"])
    return redirect(state["back"])


def _stored_bulk(request, token: str, edition) -> dict | None:
    state = request.session.get(BULK_SESSION_KEY)
    if not state or state.get("token") != token or state.get("edition_id") != edition.pk:
        return None
    return state


def _bulk_progress_context(edition, state: dict) -> dict:
    return {
        "edition": edition,
        "token": state["token"],
        "action_label": BULK_ACTIONS.get(state["action"], ""),
        **step_counts(state),
    }


@organiser_required
@require_POST
def delegate_bulk_continue(request, token: str):
    edition = edition_or_404()
    state = _stored_bulk(request, token, edition)
    if state is None:
        messages.error(
            request, _("Thao tác hàng loạt này đã xong hoặc đã hết hạn. Không có gì thay đổi.")
        )
        back = reverse("registration:delegate_list")
        return HttpResponseClientRedirect(back) if request.htmx else redirect(back)
    return _bulk_step(request, edition, state)


@organiser_required
@require_GET
def delegate_bulk_progress(request, token: str):
    edition = edition_or_404()
    state = _stored_bulk(request, token, edition)
    if state is None:
        return redirect("registration:delegate_list")
    return render(
        request,
        "registration/organiser/delegate_bulk_progress.html",
        _bulk_progress_context(edition, state),
    )
