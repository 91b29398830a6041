"""Publishing the results, and every winner's certificate in one file (a job)."""

import uuid

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.selectors.results import decisions_summary
from awards.services import certificates, results
from awards.views.access import award_or_404, pdf_response
from forum.errors import ServiceError
from forum.selectors import job_latest, job_of_owner
from registration.access import organiser_required


@organiser_required
@require_http_methods(["GET", "POST"])
def manage(request):
    award = award_or_404()
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("publish", "unpublish"):
            # Publishing emails every enterprise: only its own button does it.
            raise BadRequest
        try:
            if action == "unpublish":
                results.results_unpublish(award_id=award.pk, actor=request.user)
                messages.success(request, _("Đã thu hồi công bố kết quả."))
            else:
                count = results.results_publish(award_id=award.pk, actor=request.user)
                messages.success(
                    request,
                    _("Đã công bố kết quả; %(count)d doanh nghiệp được báo kết quả qua email.")
                    % {"count": count},
                )
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("awards:organiser_results")
    return render(
        request,
        "awards/organiser/results_manage.html",
        {
            "award": award,
            "summary": decisions_summary(award=award),
            "job": job_latest(
                kind=certificates.CERTIFICATE_JOB, owner=request.user, edition=award.edition
            ),
        },
    )


@organiser_required
@require_POST
def certificates_start(request):
    award = award_or_404()
    try:
        job = certificates.certificates_start(award=award, owner=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("awards:organiser_results")
    return redirect("forum:job_detail", job_id=job.pk)


@organiser_required
@require_GET
def certificates_download(request, job_id: uuid.UUID):
    job = job_of_owner(job_id=job_id, owner=request.user)
    file_id = (job.result or {}).get("file_id") if job else None
    if job is None or job.kind != certificates.CERTIFICATE_JOB or not file_id:
        raise Http404
    path = certificates.certificates_file(file_id)
    if path is None:
        raise Http404
    return pdf_response(path, "giay-chung-nhan.pdf")
