"""Winners' certificates: A4 landscape PDFs in the embedded Be Vietnam Pro (every accented
Vietnamese letter), the product, company, tier and category in Vietnamese and English, and a QR
that opens the public result; every certificate at once as a job."""

import io

import pytest
from django.conf import settings

from awards.models import RoundEntry
from awards.services.advancing import decisions_save
from awards.services.certificates import certificate_pdf
from awards.services.results import results_publish
from registration.services.accounts import totp_ensure
from tests.awards.helpers import TAX_CODES, enterprise_make, nomination_make
from tests.factories import user_with_roles
from tests.registration.badge_helpers import (
    page_image,
    page_texts,
    pdf_document,
    read_qr,
    vietnamese_letters,
)


def winner(setup, tier="gold", **overrides):
    nomination = nomination_make(setup, eligible=True, **overrides)
    RoundEntry.objects.create(round=setup.final, nomination=nomination, source="shortlist")
    decisions_save(round_id=setup.final.pk, tiers={nomination.pk: tier}, actor=None)
    nomination.refresh_from_db()
    return nomination


def test_certificate_is_an_a4_landscape_page_with_both_languages(setup):
    nomination = winner(setup)

    pdf = certificate_pdf(nomination=nomination)

    [page] = pdf_document(pdf)
    width, height = page.get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (297, 210)
    text = page_texts(pdf)[0]
    for expected in (
        "Nền tảng nhà máy thông minh",
        "Công ty Cổ phần Công nghệ Sao Bắc Đẩu",
        "Giải Vàng",
        "Công nghiệp và Xây dựng",
        "Industry",
        "Giải thưởng Make in Viet Nam 2025",
    ):
        assert expected in text, expected


def test_the_qr_opens_the_public_result(setup):
    nomination = winner(setup, tier="silver")

    pdf = certificate_pdf(nomination=nomination)

    decoded = read_qr(page_image(pdf, dpi=200)).text
    assert decoded == f"{settings.SITE_URL}/awards/results/{nomination.pk}/"


def test_every_accented_vietnamese_letter_is_drawn_in_be_vietnam_pro(setup):
    from pypdf import PdfReader

    letters = vietnamese_letters()
    lower = " ".join("".join(letters[:67][i : i + 12]) for i in range(0, 67, 12))
    upper = " ".join("".join(letters[67:][i : i + 12]) for i in range(0, 67, 12))
    nomination = winner(setup, product_name=lower[:300], company_name=upper[:300])

    pdf = certificate_pdf(nomination=nomination)

    text = page_texts(pdf)[0]
    assert lower in text
    assert upper in text
    fonts = set()
    for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        if "/DescendantFonts" in font:
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
        fonts.add(str(descriptor["/FontName"]).split("+", 1)[-1])
    assert fonts and all(name.replace("-", "").startswith("BeVietnamPro") for name in fonts)


def test_a_long_product_name_stays_on_one_page(setup):
    nomination = winner(setup, product_name="Nền tảng quản trị " * 16)

    assert len(pdf_document(certificate_pdf(nomination=nomination))) == 1


def test_certificates_are_public_once_published_and_never_for_no_award(setup, client):
    gold = winner(setup)
    none = winner(setup, tier="none", product_name="Khác", tax_code=TAX_CODES[1])
    url = f"/awards/results/{gold.pk}/certificate.pdf"

    assert client.get(url).status_code == 404
    results_publish(award_id=setup.award.pk, actor=None)
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(f"/awards/results/{none.pk}/certificate.pdf").status_code == 404


def test_organisers_print_one_before_publication(setup, organiser_client, client):
    gold = winner(setup, owner=enterprise_make("chu@example.vn"))

    response = organiser_client.get(f"/organiser/awards/nominations/{gold.pk}/certificate.pdf")

    assert response.status_code == 200
    client.force_login(enterprise_make("khac@example.vn"))
    assert client.get(f"/organiser/awards/nominations/{gold.pk}/certificate.pdf").status_code == 403


def test_every_certificate_in_one_file_by_a_job(
    setup, organiser_client, client, django_capture_on_commit_callbacks
):
    winner(setup)
    winner(setup, tier="bronze", product_name="Khác", tax_code=TAX_CODES[1])
    winner(setup, tier="none", product_name="Không", tax_code=TAX_CODES[2])

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post("/organiser/awards/certificates/")
    job_page = organiser_client.get(response["Location"])
    download = job_page.context["job"].result

    assert job_page.status_code == 200
    assert download["count"] == 2
    url = f"/organiser/awards/certificates/{job_page.context['job'].pk}.pdf"
    pdf = b"".join(organiser_client.get(url).streaming_content)
    assert len(pdf_document(pdf)) == 2
    # Only the organiser who started the job reaches its file.
    other = user_with_roles("organiser", email="btc2@forum.test", is_staff=True)
    totp_ensure(user=other)
    client.force_login(other)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("tier", ["gold", "silver", "bronze", "top10"])
def test_each_tier_prints(setup, tier):
    nomination = winner(setup, tier=tier)

    text = page_texts(certificate_pdf(nomination=nomination))[0]

    assert nomination.get_tier_display() in text
