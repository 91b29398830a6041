"""Organiser pages for delegate registration: list, bulk decisions, export, import, failed mail."""

import secrets
import time

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from registration import selectors
from registration.access import edition_or_404, organiser_required
from registration.errors import ServiceError
from registration.models import DelegateType, OutgoingEmail, Registration
from registration.provinces import province_choices
from registration.services import exporting, importing, notifications, outbox, registrations

PAGE_SIZE = 50
MAX_BULK = 1000
IMPORT_SESSION_KEY = "organiser_import"
BULK_SESSION_KEY = "organiser_bulk"
# Each import or bulk request stops after this long; the progress page asks for the next step.
IMPORT_STEP_SECONDS = 8.0
BULK_STEP_SECONDS = 8.0
FILTER_KEYS = ("q", "status", "delegate_type", "province", "organisation", "sort")
Status = Registration.Status


class DelegateFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Tìm theo tên, đơn vị, email"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label=gettext_lazy("Trạng thái"), required=False, choices=())
    delegate_type = forms.ChoiceField(
        label=gettext_lazy("Loại đại biểu"), required=False, choices=()
    )
    province = forms.ChoiceField(label=gettext_lazy("Tỉnh, thành phố"), required=False, choices=())
    organisation = forms.CharField(
        label=gettext_lazy("Đơn vị có chứa"), required=False, max_length=100
    )
    sort = forms.ChoiceField(
        label=gettext_lazy("Sắp xếp"),
        required=False,
        choices=[
            ("name", gettext_lazy("Theo tên (A–Z)")),
            ("-created", gettext_lazy("Đăng ký mới nhất")),
            ("created", gettext_lazy("Đăng ký sớm nhất")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tất cả"))]
        self.fields["status"].choices = everything + list(Status.choices)
        self.fields["delegate_type"].choices = everything + list(DelegateType.choices)
        self.fields["province"].choices = everything + province_choices()

    def filters(self) -> dict:
        """The valid filters; a tampered value in one field is dropped, the others still apply."""
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}


def _filters_from(query: QueryDict) -> tuple[DelegateFilterForm, dict]:
    form = DelegateFilterForm(query)
    return form, form.filters()


def _filter_query(filters: dict) -> str:
    query = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        if filters.get(key):
            query[key] = filters[key]
    return query.urlencode()


@organiser_required
@require_GET
def delegate_list(request):
    edition = edition_or_404()
    form, filters = _filters_from(request.GET)
    paginator = Paginator(selectors.delegate_list(edition=edition, filters=filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "edition": edition,
        "form": form,
        "page": page,
        "filter_query": _filter_query(filters),
        "filtered": bool(set(filters) - {"sort"}),
    }
    if request.htmx:
        return render(request, "registration/organiser/delegate_list.html#results", context)
    context["counters"] = selectors.registration_counters(edition=edition)
    return render(request, "registration/organiser/delegate_list.html", context)


# --- Bulk actions -------------------------------------------------------------------------------

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
    _form, filters = _filters_from(QueryDict(request.POST.get("return_query", "")))
    query = QueryDict(_filter_query(filters), mutable=True)
    page = request.POST.get("return_page", "")
    if page.isascii() and page.isdigit() and page != "1":
        query["page"] = page[:6]
    back = reverse("organiser:delegate_list") + ("?" + query.urlencode() if query else "")
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
        return redirect("organiser:delegate_bulk_progress", token=state["token"])
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


def _step_counts(state: dict) -> dict:
    """Where a job done in steps stands: its state has "total" and the "queue" still to do."""
    total = state["total"]
    done = total - len(state["queue"])
    return {"done": done, "total": total, "percent": round(100 * done / total) if total else 100}


def _bulk_progress_context(edition, state: dict) -> dict:
    return {
        "edition": edition,
        "token": state["token"],
        "action_label": BULK_ACTIONS.get(state["action"], ""),
        **_step_counts(state),
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
        back = reverse("organiser:delegate_list")
        return HttpResponseClientRedirect(back) if request.htmx else redirect(back)
    return _bulk_step(request, edition, state)


@organiser_required
@require_GET
def delegate_bulk_progress(request, token: str):
    edition = edition_or_404()
    state = _stored_bulk(request, token, edition)
    if state is None:
        return redirect("organiser:delegate_list")
    return render(
        request,
        "registration/organiser/delegate_bulk_progress.html",
        _bulk_progress_context(edition, state),
    )


# --- Export -------------------------------------------------------------------------------------


def _export(request, kind: str):
    edition = edition_or_404()
    _form, filters = _filters_from(request.GET)
    rows = selectors.delegate_list(edition=edition, filters=filters)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if kind == "csv":
        response = HttpResponse(exporting.export_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exporting.export_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="dai-bieu-{stamp}.{kind}"'
    response["Cache-Control"] = "no-store"
    return response


@organiser_required
@require_GET
def delegate_export_csv(request):
    return _export(request, "csv")


@organiser_required
@require_GET
def delegate_export_xlsx(request):
    return _export(request, "xlsx")


# --- Import -------------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp danh sách (CSV UTF-8 hoặc Excel .xlsx, tối đa 2 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": importing.MAX_BYTES // (1024 * 1024)}
            )
        return upload


@organiser_required
@require_http_methods(["GET", "POST"])
def delegate_import(request):
    edition = edition_or_404()
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            preview = importing.import_parse(
                edition=edition, file_name=upload.name, data=upload.read()
            )
        except ServiceError as exc:
            form.add_error("file", exc.message)
        else:
            token = secrets.token_urlsafe(16)
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "edition_id": edition.pk,
                "file_name": preview.file_name[:200],
                "rows": [
                    {
                        "line": row.line,
                        "data": row.data,
                        "errors": row.errors,
                        "skipped": row.skipped,
                    }
                    for row in preview.rows
                ],
            }
            return redirect("organiser:delegate_import_preview", token=token)
    return render(
        request,
        "registration/organiser/delegate_import.html",
        {"edition": edition, "form": form, "max_rows": importing.MAX_ROWS},
    )


def _stored_import(request, token: str) -> dict | None:
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or not secrets.compare_digest(stored.get("token", ""), token):
        return None
    return stored


@organiser_required
@require_GET
def delegate_import_preview(request, token: str):
    edition = edition_or_404()
    stored = _stored_import(request, token)
    if stored is None or stored["edition_id"] != edition.pk:
        messages.error(request, _("Phiên nhập danh sách đã hết hạn. Hãy tải tệp lên lại."))
        return redirect("organiser:delegate_import")
    if "queue" in stored:
        return redirect("organiser:delegate_import_progress", token=token)
    preview = importing.ImportPreview(
        file_name=stored["file_name"],
        rows=[importing.RowResult(**row) for row in stored["rows"]],
    )
    return render(
        request,
        "registration/organiser/delegate_import_preview.html",
        {"edition": edition, "preview": preview, "token": token},
    )


@organiser_required
@require_POST
def delegate_import_confirm(request, token: str):
    """Start the import, or continue it: each request works for a few seconds at most, then the
    progress page asks for the next step (by itself with htmx, with a button without)."""
    edition = edition_or_404()
    stored = _stored_import(request, token)
    if stored is None or stored["edition_id"] != edition.pk:
        messages.error(
            request,
            _("Phiên nhập danh sách đã hết hạn hoặc đã được xác nhận. Không có gì thay đổi."),
        )
        if request.htmx:
            return HttpResponseClientRedirect(reverse("organiser:delegate_import"))
        return redirect("organiser:delegate_import")
    if "queue" not in stored:
        valid = [row for row in stored["rows"] if not row["errors"] and not row["skipped"]]
        stored = {
            "token": token,
            "edition_id": edition.pk,
            "file_name": stored["file_name"],
            "queue": valid,
            "total": len(valid),
            "outcome": importing.ImportOutcome().as_dict(),
        }
    step = importing.import_confirm(
        edition_id=edition.pk,
        rows=stored["queue"],
        actor=request.user,
        file_name=stored["file_name"],
        ip_address=request.META.get("REMOTE_ADDR") or None,
        time_budget_seconds=IMPORT_STEP_SECONDS,
    )
    outcome = importing.ImportOutcome.from_dict(stored["outcome"])
    outcome.merge(step)
    stored["queue"] = stored["queue"][step.processed :]
    stored["outcome"] = outcome.as_dict()
    if stored["queue"]:
        request.session[IMPORT_SESSION_KEY] = stored
        if request.htmx:
            return render(
                request,
                "registration/organiser/delegate_import_progress.html#progress",
                _progress_context(edition, token, stored),
            )
        return redirect("organiser:delegate_import_progress", token=token)
    del request.session[IMPORT_SESSION_KEY]
    lines = importing.import_summary(outcome)
    for line in lines:
        messages.info(request, line)
    if not lines:
        messages.info(request, _("Không có dòng hợp lệ nào để nhập."))
    if request.htmx:
        return HttpResponseClientRedirect(reverse("organiser:delegate_list"))
    return redirect("organiser:delegate_list")


def _progress_context(edition, token: str, stored: dict) -> dict:
    return {
        "edition": edition,
        "token": token,
        "file_name": stored["file_name"],
        **_step_counts(stored),
    }


@organiser_required
@require_GET
def delegate_import_progress(request, token: str):
    edition = edition_or_404()
    stored = _stored_import(request, token)
    if stored is None or stored["edition_id"] != edition.pk:
        return redirect("organiser:delegate_import")
    if "queue" not in stored:
        return redirect("organiser:delegate_import_preview", token=token)
    return render(
        request,
        "registration/organiser/delegate_import_progress.html",
        _progress_context(edition, token, stored),
    )


# --- Failed emails ------------------------------------------------------------------------------


@organiser_required
@require_GET
def email_list(request):
    return render(
        request,
        "registration/organiser/email_list.html",
        {"emails": selectors.emails_needing_attention()},
    )


@organiser_required
@require_POST
def email_resend(request, email_id: int):
    try:
        email = outbox.email_resend(email_id=email_id)
    except OutgoingEmail.DoesNotExist:
        raise Http404 from None
    if email.status == OutgoingEmail.Status.QUEUED:
        messages.success(
            request,
            _("Đã xếp hàng gửi lại email tới %(recipient)s.") % {"recipient": email.recipient},
        )
    else:
        messages.info(
            request,
            _("Email tới %(recipient)s không ở trạng thái lỗi (%(status)s), không gửi lại.")
            % {"recipient": email.recipient, "status": email.get_status_display()},
        )
    return redirect("organiser:email_list")
