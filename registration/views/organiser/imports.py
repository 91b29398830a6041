"""Import of invited delegates from CSV or Excel: upload, preview, confirm; the rows are created
by a job the organiser follows."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forum import jobs
from forum.client_ip import client_ip
from forum.errors import ServiceError
from forum.models import Job
from forum.selectors import job_of_owner
from registration.access import edition_or_404, organiser_required
from registration.services.importing import creating, reading


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp danh sách (CSV UTF-8 hoặc Excel .xlsx, tối đa 2 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > reading.MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": reading.MAX_BYTES // (1024 * 1024)}
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
            job = creating.import_check(
                edition=edition,
                owner=request.user,
                file_name=upload.name,
                data=upload.read(),
                ip_address=client_ip(request),
            )
        except ServiceError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("registration:delegate_import_preview", job_id=job.pk)
    return render(
        request,
        "registration/organiser/delegate_import.html",
        {"edition": edition, "form": form, "max_rows": reading.MAX_ROWS},
    )


def _own_import(request, job_id) -> Job | None:
    job = job_of_owner(job_id=job_id, owner=request.user)
    return job if job is not None and job.kind == creating.IMPORT_JOB else None


@organiser_required
@require_GET
def delegate_import_preview(request, job_id):
    job = _own_import(request, job_id)
    if job is None:
        messages.error(request, _("Phiên nhập danh sách đã hết hạn. Hãy tải tệp lên lại."))
        return redirect("registration:delegate_import")
    if job.status != Job.Status.DRAFT:
        return redirect("forum:job_detail", job_id=job.pk)
    return render(
        request,
        "registration/organiser/delegate_import_preview.html",
        {"edition": job.edition, "preview": creating.import_preview(job), "job": job},
    )


@organiser_required
@require_POST
def delegate_import_confirm(request, job_id):
    """Start creating the previewed rows; confirming twice starts nothing more."""
    job = _own_import(request, job_id)
    if job is None or job.status != Job.Status.DRAFT:
        messages.error(
            request,
            _("Phiên nhập danh sách đã hết hạn hoặc đã được xác nhận. Không có gì thay đổi."),
        )
        return redirect(
            "registration:delegate_import" if job is None else "registration:delegate_list"
        )
    jobs.job_start(job_id=job.pk)
    return redirect("forum:job_detail", job_id=job.pk)
