"""Enterprise pages: the enterprise's profile, its demos and its commitments. A representative
only ever reaches the enterprise's own."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forum.errors import ServiceError
from registration.access import edition_or_404
from showcase.forms.enterprise import CommitmentForm, DemoForm, EnterpriseForm, ProgressForm
from showcase.selectors.commitments import commitment_of_enterprise, commitments_of_enterprise
from showcase.selectors.demos import demo_of_enterprise, enterprise_demos, enterprise_of
from showcase.services import commitments as commitment_services
from showcase.services import demos as demo_services
from showcase.services import enterprises
from showcase.views.access import enterprise_required, form_save

HOME = "showcase:enterprise"


def _own_enterprise(request):
    enterprise = enterprise_of(user=request.user)
    if enterprise is None:
        messages.info(request, _("Hãy khai báo doanh nghiệp của bạn trước."))
    return enterprise


@enterprise_required
@require_GET
def home(request):
    edition = edition_or_404()
    enterprise = enterprise_of(user=request.user)
    context = {"enterprise": enterprise}
    if enterprise is not None:
        context["demos"] = enterprise_demos(enterprise=enterprise, edition=edition)
        context["commitments"] = commitments_of_enterprise(enterprise=enterprise, edition=edition)
    return render(request, "showcase/enterprise_home.html", context)


@enterprise_required
@require_http_methods(["GET", "POST"])
def profile(request):
    enterprise = enterprise_of(user=request.user)
    initial = EnterpriseForm.initial_of(enterprise) if enterprise else None
    form = EnterpriseForm(request.POST or None, initial=initial)
    if request.method == "POST":

        def write():
            if enterprise is None:
                enterprises.enterprise_create(user=request.user, data=form.cleaned_data)
            else:
                enterprises.enterprise_update(enterprise=enterprise, data=form.cleaned_data)

        if form_save(form, write):
            messages.success(request, _("Đã lưu thông tin doanh nghiệp."))
            return redirect(HOME)
    return render(
        request, "showcase/enterprise_form.html", {"form": form, "enterprise": enterprise}
    )


@enterprise_required
@require_http_methods(["GET", "POST"])
def demo_form(request, demo_id: int | None = None):
    edition = edition_or_404()
    enterprise = _own_enterprise(request)
    if enterprise is None:
        return redirect("showcase:enterprise_profile")
    demo = None
    if demo_id is not None:
        demo = demo_of_enterprise(enterprise=enterprise, demo_id=demo_id)
        if demo is None:
            raise Http404
    initial = DemoForm.initial_of(demo) if demo else None
    form = DemoForm(request.POST or None, edition=edition, enterprise=enterprise, initial=initial)
    if request.method == "POST":

        def write():
            data = form.demo_data()
            claims, evidence = form.claims(), form.cleaned_data["evidence"]
            if demo is None:
                demo_services.demo_submit(
                    edition=edition,
                    enterprise=enterprise,
                    user=request.user,
                    data=data,
                    claims=claims,
                    evidence=evidence,
                )
            else:
                demo_services.demo_update(demo=demo, data=data, claims=claims, evidence=evidence)

        if form_save(form, write):
            messages.success(
                request,
                _("Đã gửi sản phẩm trình diễn; ban tổ chức sẽ xem xét.")
                if demo is None
                else _("Đã lưu thay đổi."),
            )
            return redirect(HOME)
    return render(request, "showcase/demo_form.html", {"form": form, "demo": demo})


@enterprise_required
@require_POST
def demo_withdraw(request, demo_id: int):
    demo = demo_of_enterprise(enterprise=enterprise_of(user=request.user), demo_id=demo_id)
    if demo is None:
        raise Http404
    try:
        demo_services.demo_withdraw(demo=demo)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã rút sản phẩm %(product)s.") % {"product": demo.product})
    return redirect(HOME)


@enterprise_required
@require_http_methods(["GET", "POST"])
def commitment_form(request, commitment_id: int | None = None):
    edition = edition_or_404()
    enterprise = _own_enterprise(request)
    if enterprise is None:
        return redirect("showcase:enterprise_profile")
    commitment = None
    if commitment_id is not None:
        commitment = commitment_of_enterprise(enterprise=enterprise, commitment_id=commitment_id)
        if commitment is None:
            raise Http404
    initial = CommitmentForm.initial_of(commitment) if commitment else None
    form = CommitmentForm(request.POST or None, edition=edition, initial=initial)
    if request.method == "POST":

        def write():
            if commitment is None:
                commitment_services.commitment_submit(
                    edition=edition,
                    enterprise=enterprise,
                    user=request.user,
                    data=form.cleaned_data,
                )
            else:
                commitment_services.commitment_update(commitment=commitment, data=form.cleaned_data)

        if form_save(form, write):
            messages.success(request, _("Đã gửi cam kết; ban tổ chức sẽ xem xét."))
            return redirect(HOME)
    return render(
        request, "showcase/commitment_form.html", {"form": form, "commitment": commitment}
    )


@enterprise_required
@require_http_methods(["GET", "POST"])
def commitment_progress(request, commitment_id: int):
    commitment = commitment_of_enterprise(
        enterprise=enterprise_of(user=request.user), commitment_id=commitment_id
    )
    if commitment is None:
        raise Http404
    form = ProgressForm(request.POST or None)
    if request.method == "POST":

        def write():
            commitment_services.commitment_progress_add(
                commitment=commitment, author=request.user, **form.cleaned_data
            )

        if form_save(form, write):
            messages.success(request, _("Đã cập nhật tiến độ."))
            return redirect(HOME)
    return render(request, "showcase/progress_form.html", {"form": form, "commitment": commitment})
