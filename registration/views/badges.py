"""Badge downloads (the delegate's own e-badge, any delegate's for organisers) and the organiser's
bulk print page, whose PDF is rendered by a job while the page shows its progress."""

import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from forum.errors import ServiceError
from forum.selectors import job_latest, job_of_owner
from registration import selectors
from registration.access import edition_or_404, organiser_required
from registration.models import DelegateType
from registration.services.badges import ebadges, print_files


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
    registration = selectors.registration_badge_own(user=request.user)
    if registration is None:
        raise Http404
    return _pdf_response(ebadges.ebadge_path(registration=registration), "the-dai-bieu.pdf")


@organiser_required
@require_GET
def delegate_badge(request, registration_id: int):
    registration = selectors.registration_badge_of(registration_id=registration_id)
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


@organiser_required
@require_http_methods(["GET", "POST"])
def print_page(request):
    """The print form, and the organiser's latest print job (its progress, then the file)."""
    edition = edition_or_404()
    job = job_latest(kind=print_files.PRINT_JOB, owner=request.user, edition=edition)
    form = PrintForm(request.POST or None, initial=job.params if job else None)
    if request.method == "POST" and form.is_valid():
        try:
            print_files.badges_print_start(edition=edition, owner=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("registration:badge_print")
    return render(
        request,
        "registration/badges/print.html",
        {
            "edition": edition,
            "form": form,
            "job": job,
            "approved": print_files.badges_print_count(edition=edition),
        },
    )


@organiser_required
@require_GET
def print_download(request, job_id: uuid.UUID):
    """The print file of one of the organiser's own print jobs."""
    job = job_of_owner(job_id=job_id, owner=request.user)
    file_id = (job.result or {}).get("file_id") if job else None
    if job is None or job.kind != print_files.PRINT_JOB or not file_id:
        raise Http404
    path = print_files.print_file_path(file_id)
    if not path.exists():
        raise Http404
    stamp = timezone.localtime(job.finished_at).strftime("%Y%m%d-%H%M")
    name = f"the-dai-bieu-{job.params['layout']}-{job.params['sort']}-{stamp}.pdf"
    return _pdf_response(path, name)
