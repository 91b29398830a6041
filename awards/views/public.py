"""Public pages: the published results, one winner's result (where a certificate's QR leads)
and its certificate."""

from django.http import Http404
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from awards.selectors import results as selectors
from awards.services.certificates import certificate_pdf
from awards.views.access import award_or_404, pdf_response


@require_GET
def results(request):
    award = award_or_404()
    return render(
        request,
        "awards/results_list.html",
        {"award": award, "groups": selectors.results_published(award=award)},
    )


@require_GET
def result_detail(request, nomination_id: int):
    award = award_or_404()
    nomination = selectors.result_public(award=award, nomination_id=nomination_id)
    if nomination is None:
        raise Http404
    return render(request, "awards/result_detail.html", {"award": award, "nomination": nomination})


@require_GET
def certificate(request, nomination_id: int):
    award = award_or_404()
    nomination = selectors.result_public(award=award, nomination_id=nomination_id)
    if nomination is None:
        raise Http404
    name = f"chung-nhan-{slugify(nomination.product_key)[:60] or nomination.pk}.pdf"
    return pdf_response(certificate_pdf(nomination=nomination), name, attachment=False)
