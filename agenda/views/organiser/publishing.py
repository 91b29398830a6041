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
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                version, job = publishing.agenda_publish(
                    edition=edition,
                    actor=request.user,
                    expected_fingerprint=form.cleaned_data["fingerprint"],
                    note=form.cleaned_data["note"],
                )
            except ServiceError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, _("Đã công bố phiên bản %(number)s.") % {"number": version.number}
                )
                if job is not None:
                    return redirect("forum:job_detail", job_id=job.pk)
                return redirect("agenda:organiser_versions")
        elif "fingerprint" in form.errors:
            messages.error(
                request,
                _("Bản nháp đã thay đổi sau khi xem trước. Hãy xem lại các thay đổi rồi công bố."),
            )
    preview = publish_preview(edition=edition)
    if request.method == "POST":
        # Not published: the preview of the draft as it is now, with the note as typed (and
        # what is wrong with it), to publish once looked at again.
        data = request.POST.copy()
        data["fingerprint"] = preview.fingerprint
        form = PublishForm(data)
        form.is_valid()
    else:
        form = PublishForm(initial={"fingerprint": preview.fingerprint})
    response = render(
        request,
        "agenda/organiser/publish.html",
        {"edition": edition, "preview": preview, "form": form},
        status=400 if request.method == "POST" else 200,
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
