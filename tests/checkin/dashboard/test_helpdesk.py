"""The help desk: finding a delegate, and reprinting a badge."""

import io

import pytest

from registration.models import AuditLog
from registration.services.badge_codes import badge_code_issue
from tests.checkin.dashboard.helpers import (
    HELPDESK,
    assert_row,
    delegate,
)

pytestmark = pytest.mark.django_db


def test_helpdesk_finds_a_delegate_without_accents(organiser_client, known_day):
    response = organiser_client.get(HELPDESK, {"q": "dang thi anh"})

    assert response.status_code == 200
    assert [r.full_name for r in response.context["results"]] == ["Đặng Thị Ánh"]
    content = response.content.decode()
    assert_row(
        response,
        '<dd class="arrival"><span class="arrival-time">13:04:59</span>'
        '<span class="sub">30/12/2025 · Cổng A</span></dd>',
    )
    assert '<span class="status-pill pill-approved">Đã duyệt</span>' in content
    assert f'action="/organiser/live/helpdesk/{known_day["anh"].pk}/badge.pdf"' in content


@pytest.mark.parametrize("query", ["0912 345 678", "0912345678", "+84 912 345 678", "345678"])
def test_helpdesk_finds_a_delegate_by_phone(organiser_client, known_day, query):
    response = organiser_client.get(HELPDESK, {"q": query})

    assert [r.full_name for r in response.context["results"]] == ["Đặng Thị Ánh"]
    assert "0912 345 678" in response.content.decode()


def test_helpdesk_phone_search_with_a_leading_zero_matches_from_the_start(
    organiser_client, known_day, edition
):
    delegate(edition, "Đỗ Thu Chi", phone="+84991274697")  # contains "912", not at the start

    response = organiser_client.get(HELPDESK, {"q": "0912"})

    assert [r.full_name for r in response.context["results"]] == ["Đặng Thị Ánh"]


def test_helpdesk_finds_a_delegate_by_the_short_code(organiser_client, known_day):
    code = badge_code_issue(registration=known_day["dung"]).short_code

    response = organiser_client.get(HELPDESK, {"q": f"{code[:4].lower()}-{code[4:]}"})

    assert [r.full_name for r in response.context["results"]] == ["Phạm Thị Dung"]
    assert "Chưa check-in" in response.content.decode()


def test_helpdesk_shows_why_a_pending_delegate_cannot_get_a_badge(organiser_client, known_day):
    response = organiser_client.get(HELPDESK, {"q": "giang"})

    content = response.content.decode()
    assert '<span class="status-pill pill-pending">Chờ duyệt</span>' in content
    assert "Chỉ in thẻ cho đại biểu đã được duyệt." in content
    assert "badge.pdf" not in content


def test_helpdesk_search_as_you_type_returns_the_results_fragment(organiser_client, known_day):
    response = organiser_client.get(HELPDESK, {"q": "nguyen"}, headers={"HX-Request": "true"})

    content = response.content.decode().strip()
    assert content.startswith('<section id="results"')
    assert "<h1>" not in content
    assert "Nguyễn Văn An" in content
    assert "1 kết quả" in content


def test_helpdesk_without_a_query_lists_nobody(organiser_client, known_day):
    response = organiser_client.get(HELPDESK)

    assert response.status_code == 200
    assert response.context["results"] == []


def test_reprint_returns_one_a6_badge_and_is_audited(organiser_client, organiser, known_day):
    from pypdf import PdfReader

    person = known_day["anh"]

    response = organiser_client.post(f"{HELPDESK}{person.pk}/badge.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="the-dai-bieu-{person.pk}.pdf"'
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (105, 148)  # A6 in mm
    assert "Đặng Thị Ánh" in reader.pages[0].extract_text()
    log = AuditLog.objects.get(action="badge_reprinted")
    assert (log.actor, log.registration) == (organiser, person)


def test_reprint_of_a_pending_delegate_is_not_found(organiser_client, known_day):
    response = organiser_client.post(f"{HELPDESK}{known_day['pending'].pk}/badge.pdf")

    assert response.status_code == 404
    assert not AuditLog.objects.filter(action="badge_reprinted").exists()


def test_reprint_of_another_editions_delegate_is_not_found(
    organiser_client, known_day, past_edition
):
    other = delegate(past_edition, "Nguyễn Văn An")

    response = organiser_client.post(f"{HELPDESK}{other.pk}/badge.pdf")

    assert response.status_code == 404


def test_reprint_needs_a_post(organiser_client, known_day):
    response = organiser_client.get(f"{HELPDESK}{known_day['anh'].pk}/badge.pdf")

    assert response.status_code == 405
