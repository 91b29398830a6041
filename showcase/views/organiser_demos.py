"""Organiser pages for demos: the list, a demo's review (approve, refuse, place at a station and
on stage), its poster, and the bulk print of every poster."""

import uuid

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from forum.errors import ServiceError
from forum.selectors import job_latest, job_of_owner
from registration.access import edition_or_404, organiser_required
from showcase.forms.enterprise import DemoForm
from showcase.forms.organiser import DecisionForm, PlacementForm
from showcase.selectors import demos as selectors
from showcase.services import demos as services
from showcase.services import placement as placing
from showcase.services import posters
from showcase.views.access import form_save

Status = services.Status


def _pdf(content, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@organiser_required
@require_GET
def demo_list(request):
    edition = edition_or_404()
    status = request.GET.get("status", "")
    if status not in selectors.DEMO_FILTERS:
        status = ""
    try:
        problem_number = int(request.GET.get("problem") or 0)
    except ValueError:
        problem_number = 0
    counts = selectors.demo_status_counts(edition=edition)
    return render(
        request,
        "showcase/organiser/demo_list.html",
        {
            "status_rows": [(code, label, counts[code]) for code, label in Status.choices],
            "demos": selectors.demos_for_organiser(
                edition=edition, status=status, problem_number=problem_number
            ),
            "problems": selectors.problems_of(edition=edition),
            "status": status,
            "problem_number": problem_number,
            "statuses": Status.choices,
        },
    )


@organiser_required
@require_http_methods(["GET", "POST"])
def demo_review(request, demo_id: int):
    """One demo: approve or refuse it, place it, correct it."""
    edition = edition_or_404()
    demo = selectors.demo_for_organiser(edition=edition, demo_id=demo_id)
    if demo is None:
        raise Http404
    action = request.POST.get("action", "")
    post = request.POST if request.method == "POST" else None
    decision = DecisionForm(post if action in ("approve", "reject") else None)
    placement = PlacementForm(
        post if action == "place" else None, edition=edition, initial=PlacementForm.initial_of(demo)
    )
    edit = DemoForm(
        post if action == "edit" else None,
        edition=edition,
        enterprise=demo.enterprise,
        initial=DemoForm.initial_of(demo),
    )
    done = False
    if action in ("approve", "reject"):
        done = form_save(
            decision,
            lambda: services.demo_decide(
                demo=demo,
                actor=request.user,
                approve=action == "approve",
                reason=decision.cleaned_data["reason"],
            ),
        )
    elif action == "place":
        done = form_save(placement, lambda: placing.demo_place(demo=demo, **placement.cleaned_data))
    elif action == "edit":

        def write():
            data = edit.demo_data()
            services.demo_update(
                demo=demo,
                data=data,
                claims=edit.claims(),
                evidence=edit.cleaned_data["evidence"],
                by_organiser=True,
            )

        done = form_save(edit, write)
    if done:
        messages.success(request, _("Đã lưu."))
        return redirect("showcase:organiser_demo", demo_id=demo.pk)
    return render(
        request,
        "showcase/organiser/demo_review.html",
        {
            "demo": demo,
            "decision": decision,
            "placement": placement,
            "edit": edit,
            "action": action,
            "stations": selectors.stations_taken(edition=edition),
            "edition": edition,
        },
        status=400 if request.method == "POST" else 200,
    )


@organiser_required
@require_GET
def poster(request, demo_id: int):
    """One station's poster, to print or check before the bulk print."""
    edition = edition_or_404()
    demo = selectors.demo_for_organiser(edition=edition, demo_id=demo_id)
    if demo is None:
        raise Http404
    try:
        pdf = posters.poster_pdf(demo=demo)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("showcase:organiser_demo", demo_id=demo.pk)
    return _pdf(pdf, f"ap-phich-gian-{demo.station}.pdf")


@organiser_required
@require_http_methods(["GET", "POST"])
def poster_print(request):
    """Every station's poster in one PDF, built by a job whose progress the page shows."""
    edition = edition_or_404()
    error = None
    if request.method == "POST":
        try:
            posters.posters_print_start(edition=edition, owner=request.user)
        except ServiceError as exc:
            error = exc.message
        else:
            return redirect("showcase:posters")
    return render(
        request,
        "showcase/organiser/poster_print.html",
        {
            "job": job_latest(kind=posters.PRINT_JOB, owner=request.user, edition=edition),
            "placed": len(selectors.posters_to_print(edition=edition)),
            "error": error,
        },
        status=400 if error else 200,
    )


@organiser_required
@require_GET
def poster_download(request, job_id: uuid.UUID):
    job = job_of_owner(job_id=job_id, owner=request.user)
    file_id = (job.result or {}).get("file_id") if job else None
    if job is None or job.kind != posters.PRINT_JOB or not file_id:
        raise Http404
    path = posters.poster_file_path(file_id)
    if not path.exists():
        raise Http404
    stamp = timezone.localtime(job.finished_at).strftime("%Y%m%d-%H%M")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"ap-phich-trinh-dien-{stamp}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
