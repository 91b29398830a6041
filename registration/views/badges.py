"""Badge downloads (the delegate's own e-badge, any delegate's for organisers) and the organiser's
bulk print page, whose PDF is rendered by a Celery task while the page polls its progress."""

import datetime as dt
import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from forum.selectors import edition_current
from registration.access import organiser_required
from registration.models import DelegateType, Registration
from registration.services.badges import ebadges, print_files

JOB_SESSION_KEY = "badge_print_job"
# A job the result backend no longer knows after this long is reported as lost, not as waiting.
JOB_LOST_AFTER = dt.timedelta(hours=1)


def _pdf_response(path, filename: str, *, attachment: bool = True) -> FileResponse:
    response = FileResponse(
        path.open("rb"),
        as_attachment=attachment,
        filename=filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- E-badges -----------------------------------------------------------------------------------


@login_required
@require_GET
def my_badge(request):
    """The signed-in delegate's own e-badge, only while the registration is approved."""
    edition = edition_current()
    registration = (
        Registration.objects.select_related("edition")
        .filter(
            edition=edition,
            user=request.user,
            status=Registration.Status.APPROVED,
            anonymised_at__isnull=True,
        )
        .first()
        if edition
        else None
    )
    if registration is None:
        raise Http404
    return _pdf_response(ebadges.ebadge_path(registration=registration), "the-dai-bieu.pdf")


@organiser_required
@require_GET
def delegate_badge(request, registration_id: int):
    edition = edition_current()
    registration = (
        Registration.objects.select_related("edition")
        .filter(
            pk=registration_id,
            edition=edition,
            status=Registration.Status.APPROVED,
            anonymised_at__isnull=True,
        )
        .first()
    )
    if registration is None:
        raise Http404
    return _pdf_response(
        ebadges.ebadge_path(registration=registration), f"the-dai-bieu-{registration.pk}.pdf"
    )


# --- Bulk print ---------------------------------------------------------------------------------


class PrintForm(forms.Form):
    sort = forms.ChoiceField(
        label=gettext_lazy("Thứ tự"),
        choices=[
            ("name", gettext_lazy("Theo tên (A–Z, theo thứ tự tiếng Việt)")),
            ("organisation", gettext_lazy("Theo cơ quan, đơn vị, rồi theo tên")),
        ],
        initial="name",
        widget=forms.RadioSelect,
    )
    layout = forms.ChoiceField(
        label=gettext_lazy("Khổ in"),
        choices=[
            ("a6", gettext_lazy("A6, mỗi trang một thẻ (máy in thẻ, giấy A6)")),
            ("a4-4up", gettext_lazy("A4, bốn thẻ một trang, có dấu cắt")),
        ],
        initial="a6",
        widget=forms.RadioSelect,
    )
    delegate_type = forms.ChoiceField(
        label=gettext_lazy("Loại đại biểu"), required=False, choices=()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate_type"].choices = [("", _("Tất cả")), *DelegateType.choices]


def _job_state(request) -> dict | None:
    """What the page shows about this session's print job, read from the Celery result backend.

    The session holds the task id and, once known, the finished result (so a result that expires
    from the backend stays downloadable while the file exists).
    """
    job = request.session.get(JOB_SESSION_KEY)
    if not job:
        return None
    state = {"job": job, "status": "queued", "done": 0, "total": job.get("count", 0)}
    if job.get("result") is None and not job.get("error"):
        from forum.celery import app

        result = app.AsyncResult(job["task_id"])
        if result.state == "SUCCESS":
            job["result"] = result.result or {}
        elif result.state in ("FAILURE", "REVOKED"):
            job["error"] = "failed"
        elif result.state == "PROGRESS" and isinstance(result.info, dict):
            state.update(
                status="running", done=result.info.get("done", 0), total=result.info.get("total")
            )
        elif result.state == "STARTED":
            state["status"] = "running"
        elif timezone.now() - dt.datetime.fromisoformat(job["started_at"]) > JOB_LOST_AFTER:
            job["error"] = "lost"
        if job.get("result") is not None or job.get("error"):
            request.session[JOB_SESSION_KEY] = job
    if job.get("error"):
        state["status"] = "failed"
    elif job.get("result") is not None:
        state["status"] = "done"
        file_id = job["result"].get("file_id")
        if not file_id or not print_files.print_file_path(file_id).exists():
            state["status"] = "gone"
        state["done"] = state["total"] = job["result"].get("badges", job.get("count", 0))
    state["percent"] = round(100 * state["done"] / state["total"]) if state["total"] else 0
    return state


def _start_job(request, edition, data: dict, count: int) -> None:
    from registration.tasks import badges_print

    previous = request.session.get(JOB_SESSION_KEY) or {}
    if (previous.get("result") or {}).get("file_id"):
        # One print file per organiser session: the previous one is no longer offered.
        print_files.print_file_delete(previous["result"]["file_id"])
    job = {
        "task_id": str(uuid.uuid4()),
        "edition_id": edition.pk,
        "sort": data["sort"],
        "layout": data["layout"],
        "delegate_type": data["delegate_type"],
        "count": count,
        "started_at": timezone.now().isoformat(),
        "result": None,
    }
    request.session[JOB_SESSION_KEY] = job
    result = badges_print.apply_async(
        kwargs={
            "edition_id": edition.pk,
            "sort": data["sort"],
            "layout": data["layout"],
            "delegate_type": data["delegate_type"],
        },
        task_id=job["task_id"],
    )
    if result.ready():
        # Inline mode (no broker): the task already ran inside this request.
        job["result"] = result.result or {}
        request.session[JOB_SESSION_KEY] = job


def _context(request, edition, form) -> dict:
    state = _job_state(request)
    labels = dict(DelegateType.choices)
    return {
        "edition": edition,
        "form": form,
        "state": state,
        "approved": print_files.badges_print_count(edition=edition),
        "type_label": labels.get((state or {}).get("job", {}).get("delegate_type", ""), ""),
    }


@organiser_required
@require_http_methods(["GET", "POST"])
def print_page(request):
    edition = edition_current()
    if edition is None:
        raise Http404
    last = request.session.get(JOB_SESSION_KEY) or {}
    form = PrintForm(
        request.POST or None,
        initial={key: last[key] for key in ("sort", "layout", "delegate_type") if key in last},
    )
    if request.method == "POST" and form.is_valid():
        count = print_files.badges_print_count(
            edition=edition, delegate_type=form.cleaned_data["delegate_type"]
        )
        if count == 0:
            form.add_error(None, _("Không có đại biểu nào đã được duyệt để in theo lựa chọn này."))
        else:
            _start_job(request, edition, form.cleaned_data, count)
            return redirect("registration:badge_print")
    return render(request, "registration/badges/print.html", _context(request, edition, form))


@organiser_required
@require_GET
def print_status(request):
    edition = edition_current()
    if edition is None:
        raise Http404
    return render(
        request,
        "registration/badges/print.html#status",
        _context(request, edition, PrintForm()),
    )


@organiser_required
@require_GET
def print_download(request, file_id: uuid.UUID):
    path = print_files.print_file_path(file_id)
    if not path.exists():
        raise Http404
    job = request.session.get(JOB_SESSION_KEY) or {}
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"the-dai-bieu-{job.get('layout', 'a6')}-{job.get('sort', 'name')}-{stamp}.pdf"
    return _pdf_response(path, name)
