"""Publishing: the preview (changes, who will be emailed, warnings), then the new version."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agenda.forms import PublishForm
from agenda.selectors.published import versions_published
from agenda.selectors.publishing import publish_preview
from agenda.services import publishing
from forum.errors import ServiceError
from registration.access import edition_or_404, organiser_required


@organiser_required
@require_http_methods(["GET", "POST"])
def publish(request):
    edition = edition_or_404()
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version, job = publishing.agenda_publish(
                edition=edition,
                actor=request.user,
                expected_fingerprint=form.cleaned_data["fingerprint"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("agenda:organiser_publish")
        messages.success(
            request, _("Đã công bố phiên bản %(number)s.") % {"number": version.number}
        )
        if job is not None:
            return redirect("forum:job_detail", job_id=job.pk)
        return redirect("agenda:organiser_versions")
    preview = publish_preview(edition=edition)
    form = PublishForm(initial={"fingerprint": preview.fingerprint})
    response = render(
        request,
        "agenda/organiser/publish.html",
        {"edition": edition, "preview": preview, "form": form},
    )
    response["Cache-Control"] = "no-store"
    return response


@organiser_required
@require_GET
def versions(request):
    edition = edition_or_404()
    return render(
        request,
        "agenda/organiser/version_list.html",
        {"edition": edition, "versions": versions_published(edition=edition)},
    )
