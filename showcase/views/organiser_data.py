"""Organiser pages for the showcase's other data: the problems, the comments to let through, the
commitments to approve."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forum.errors import ServiceError
from registration.access import edition_or_404, organiser_required
from showcase.forms.organiser import DecisionForm, ProblemForm
from showcase.selectors import commitments as commitment_selectors
from showcase.selectors import demos as selectors
from showcase.services import commitments as commitment_services
from showcase.services import problems as problem_services
from showcase.services.verifications import verification_comment_decide
from showcase.views.access import form_save

COMMENT_TABS = ("pending", "published", "hidden")


@organiser_required
@require_GET
def problem_list(request):
    edition = edition_or_404()
    return render(
        request,
        "showcase/organiser/problem_list.html",
        {"problems": selectors.problems_with_counts(edition=edition)},
    )


@organiser_required
@require_http_methods(["GET", "POST"])
def problem_form(request, problem_id: int | None = None):
    edition = edition_or_404()
    problem = None
    if problem_id is not None:
        problem = selectors.problem_by_id(edition=edition, problem_id=problem_id)
        if problem is None:
            raise Http404
    initial = ProblemForm.initial_of(problem) if problem else None
    form = ProblemForm(request.POST or None, edition=edition, initial=initial)
    if request.method == "POST" and form_save(
        form,
        lambda: problem_services.problem_save(
            edition=edition, data=form.cleaned_data, problem=problem
        ),
    ):
        messages.success(request, _("Đã lưu bài toán."))
        return redirect("showcase:organiser_problems")
    return render(
        request,
        "showcase/organiser/problem_form.html",
        {"form": form, "problem": problem},
        status=400 if request.method == "POST" else 200,
    )


@organiser_required
@require_POST
def problem_delete(request, problem_id: int):
    edition = edition_or_404()
    problem = selectors.problem_by_id(edition=edition, problem_id=problem_id)
    if problem is None:
        raise Http404
    try:
        problem_services.problem_delete(problem=problem)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa bài toán."))
    return redirect("showcase:organiser_problems")


@organiser_required
@require_GET
def comment_list(request):
    edition = edition_or_404()
    status = request.GET.get("status", "pending")
    if status not in COMMENT_TABS:
        status = "pending"
    return render(
        request,
        "showcase/organiser/comment_list.html",
        {
            "status": status,
            "comments": selectors.comments_for_organiser(edition=edition, status=status)[:200],
            "counts": selectors.comment_counts(edition=edition),
        },
    )


@organiser_required
@require_POST
def comment_decide(request, verification_id: int):
    edition = edition_or_404()
    decision = request.POST.get("decision")
    if decision not in ("publish", "hide"):
        raise BadRequest
    publish = decision == "publish"
    try:
        verification_comment_decide(
            edition=edition, verification_id=verification_id, actor=request.user, publish=publish
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã công khai nhận xét.") if publish else _("Đã ẩn nhận xét."))
    back = request.POST.get("from", "pending")
    return redirect(
        reverse("showcase:organiser_comments") + f"?status={back if back in COMMENT_TABS else ''}"
    )


def _posted_id(request, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return 0


@organiser_required
@require_http_methods(["GET", "POST"])
def commitment_list(request):
    edition = edition_or_404()
    status = request.GET.get("status", "")
    if status not in commitment_selectors.Status.values:
        status = ""
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        commitment = commitment_selectors.commitment_for_organiser(
            edition=edition, commitment_id=_posted_id(request, "commitment")
        )
        if commitment is None:
            raise Http404
        action = request.POST.get("action")
        if action not in ("approve", "reject"):
            raise BadRequest
        approve = action == "approve"
        if form_save(
            form,
            lambda: commitment_services.commitment_decide(
                commitment=commitment,
                actor=request.user,
                approve=approve,
                reason=form.cleaned_data["reason"],
            ),
        ):
            messages.success(
                request, _("Đã duyệt cam kết.") if approve else _("Đã từ chối cam kết.")
            )
            return redirect("showcase:organiser_commitments")
        for error in form.errors.get("reason", []) + form.non_field_errors():
            messages.error(request, error)
    return render(
        request,
        "showcase/organiser/commitment_list.html",
        {
            "status": status,
            "commitments": commitment_selectors.commitments_for_organiser(
                edition=edition, status=status
            ),
            "counts": commitment_selectors.commitment_status_counts(edition=edition),
        },
    )
