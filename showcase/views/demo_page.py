"""A demo's page (what a station's QR code opens): the demo, its live results, and for a
delegate checked in at the door the verification form."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from forum.decorators import same_for_everyone
from forum.errors import ServiceError
from showcase.forms.delegates import VerificationForm
from showcase.selectors import board as boards
from showcase.selectors.demo_page import demo_page
from showcase.selectors.demos import demo_any, demo_preview, demo_public
from showcase.selectors.results import demo_result_of
from showcase.services.verifications import eligibility_refusal, verification_record
from showcase.views.access import board_fragment, form_errors_add, fresh, is_organiser

TEMPLATE = "showcase/demo_detail.html"


def _demo(request, demo_id: int):
    """The approved demo; before approval only its enterprise and organisers see it."""
    demo = demo_public(demo_id=demo_id)
    if demo is None and request.user.is_authenticated:
        demo = demo_preview(demo_id=demo_id, user=request.user)
        if demo is None and is_organiser(request.user):
            demo = demo_any(demo_id=demo_id)
    if demo is None:
        raise Http404
    return demo


@require_http_methods(["GET", "POST"])
def demo(request, demo_id: int):
    demo = _demo(request, demo_id)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(reverse("showcase:demo", kwargs={"demo_id": demo.pk}))
    page = demo_page(demo=demo, user=request.user)
    eligibility, own = page["eligibility"], page["own"]
    claims = list(demo.claims.all())
    form = VerificationForm(
        request.POST if request.method == "POST" else None,
        claims=claims,
        initial=VerificationForm.initial_of(own),
    )
    refusal = None if eligibility.ok else eligibility_refusal(eligibility.code)
    if request.method == "POST" and form.is_valid():
        try:
            _verification, created = verification_record(
                demo_id=demo.pk,
                user=request.user,
                answers=form.answers(),
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        except ServiceError as exc:
            refusal = exc.message
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Cảm ơn bạn đã kiểm chứng sản phẩm.")
                if created
                else _("Đã cập nhật kiểm chứng của bạn."),
            )
            return redirect(reverse("showcase:demo", kwargs={"demo_id": demo.pk}) + "#verify")
    return render(
        request,
        TEMPLATE,
        {
            **page,
            "demo": demo,
            "refusal": refusal,
            "form": form,
            "poll_seconds": boards.POLL_SECONDS,
        },
        status=400 if request.method == "POST" else 200,
    )


@same_for_everyone()
@require_GET
def demo_live(request, demo_id: int):
    """The demo's live results alone, polled by its page (no query while on the board)."""
    board = boards.board_snapshot()
    result = board.demos.get(demo_id) if board else None
    if result is not None:
        return board_fragment(
            request,
            board=board,
            partial=f"{TEMPLATE}#results",
            context={"results": result, "poll_seconds": boards.POLL_SECONDS},
            key=f"demo:{demo_id}",
        )
    result = demo_result_of(demo_id=demo_id)
    if result is None:
        raise Http404
    return fresh(
        render(
            request,
            f"{TEMPLATE}#results",
            {"results": result, "poll_seconds": boards.POLL_SECONDS},
        )
    )
