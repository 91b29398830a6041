"""Import of invited delegates from CSV or Excel: upload, preview, confirm in steps."""

import secrets

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from forum.errors import ServiceError
from registration.access import edition_or_404, organiser_required
from registration.services import importing
from registration.views.organiser.steps import step_counts

IMPORT_SESSION_KEY = "organiser_import"
# Each request stops after this long; the progress page asks for the next step.
IMPORT_STEP_SECONDS = 8.0


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
            return redirect("registration:delegate_import_preview", token=token)
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
        return redirect("registration:delegate_import")
    if "queue" in stored:
        return redirect("registration:delegate_import_progress", token=token)
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
            return HttpResponseClientRedirect(reverse("registration:delegate_import"))
        return redirect("registration:delegate_import")
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
        return redirect("registration:delegate_import_progress", token=token)
    del request.session[IMPORT_SESSION_KEY]
    lines = importing.import_summary(outcome)
    for line in lines:
        messages.info(request, line)
    if not lines:
        messages.info(request, _("Không có dòng hợp lệ nào để nhập."))
    if request.htmx:
        return HttpResponseClientRedirect(reverse("registration:delegate_list"))
    return redirect("registration:delegate_list")


def _progress_context(edition, token: str, stored: dict) -> dict:
    return {
        "edition": edition,
        "token": token,
        "file_name": stored["file_name"],
        **step_counts(stored),
    }


@organiser_required
@require_GET
def delegate_import_progress(request, token: str):
    edition = edition_or_404()
    stored = _stored_import(request, token)
    if stored is None or stored["edition_id"] != edition.pk:
        return redirect("registration:delegate_import")
    if "queue" not in stored:
        return redirect("registration:delegate_import_preview", token=token)
    return render(
        request,
        "registration/organiser/delegate_import_progress.html",
        _progress_context(edition, token, stored),
    )
