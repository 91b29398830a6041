"""Organisers' list of nominations and one dossier: screening, conflicts, the log."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.forms.judging import OrganiserConflictForm
from awards.forms.nominations import NominationFilterForm, ScreeningForm
from awards.selectors import nominations as selectors
from awards.selectors.results import certificate_nomination
from awards.services import conflicts, screening
from awards.services.certificates import certificate_pdf
from awards.views.access import award_or_404, pdf_response
from forum.errors import ServiceError
from registration.access import organiser_required

PAGE_SIZE = 50


@organiser_required
@require_GET
def nomination_list(request):
    award = award_or_404()
    form = NominationFilterForm(request.GET, award=award)
    filters = form.filters()
    page = Paginator(selectors.nomination_list(award=award, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = QueryDict(mutable=True)
    for key, value in filters.items():
        query[key] = value
    context = {"award": award, "form": form, "page": page, "filter_query": query.urlencode()}
    if request.htmx:
        return render(request, "awards/organiser/nomination_list.html#results", context)
    return render(request, "awards/organiser/nomination_list.html", context)


@organiser_required
@require_http_methods(["GET", "POST"])
def nomination_review(request, nomination_id: int):
    award = award_or_404()
    page = selectors.nomination_review_page(award=award, nomination_id=nomination_id)
    if page is None:
        raise Http404
    nomination = page["nomination"]
    initial = {}
    if nomination.eligibility != nomination.Eligibility.PENDING:
        initial = {"decision": nomination.eligibility, "reason": nomination.eligibility_reason}
    form = ScreeningForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            screening.nomination_screen(
                award=award,
                nomination_id=nomination.pk,
                eligible=form.cleaned_data["decision"] == "eligible",
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu kết quả sàng lọc và gửi email cho doanh nghiệp."))
            return redirect("awards:organiser_nomination", nomination_id=nomination.pk)
    return render(
        request,
        "awards/organiser/nomination_review.html",
        {**page, "award": award, "form": form, "conflict_form": OrganiserConflictForm()},
    )


@organiser_required
@require_POST
def conflict_add(request, nomination_id: int):
    award = award_or_404()
    form = OrganiserConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn giám khảo."))
    else:
        try:
            conflicts.conflict_add(
                award=award,
                judge_id=form.cleaned_data["judge"],
                nomination_id=nomination_id,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã loại giám khảo khỏi hồ sơ này."))
    return redirect("awards:organiser_nomination", nomination_id=nomination_id)


@organiser_required
@require_GET
def nomination_certificate(request, nomination_id: int):
    """Organisers print a winner's certificate, before publication too."""
    nomination = certificate_nomination(award=award_or_404(), nomination_id=nomination_id)
    if nomination is None:
        raise Http404
    name = f"chung-nhan-{slugify(nomination.product_key)[:60] or nomination.pk}.pdf"
    return pdf_response(certificate_pdf(nomination=nomination), name)
