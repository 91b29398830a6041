"""The secretariat's screening: eligible or not with a reason, emailed in the enterprise's
language; an eligible nomination enters the scoring round; the organisers' list and dossier."""

import pytest

from awards.models import Nomination, RoundEntry
from awards.services.screening import nomination_screen
from forum.errors import ServiceError
from mail.models import OutgoingEmail
from tests.awards.helpers import enterprise_make, entry_of, nomination_make, score


def screen(setup, nomination, eligible, reason=""):
    return nomination_screen(
        award=setup.award, nomination_id=nomination.pk, eligible=eligible, reason=reason, actor=None
    )


def test_organiser_screens_eligible_and_the_nomination_enters_the_scoring_round(
    setup, organiser_client
):
    nomination = nomination_make(setup)

    response = organiser_client.post(
        f"/organiser/awards/nominations/{nomination.pk}/", {"decision": "eligible", "reason": ""}
    )

    nomination.refresh_from_db()
    assert response.status_code == 302
    assert nomination.eligibility == Nomination.Eligibility.ELIGIBLE
    assert nomination.screening_version == 1
    assert list(
        RoundEntry.objects.filter(nomination=nomination).values_list("round", flat=True)
    ) == [setup.scoring.pk]
    email = OutgoingEmail.objects.get(kind="award_screened")
    assert email.version == 1
    assert "hợp lệ và được chuyển tới hội đồng giám khảo" in email.body_text


def test_ineligible_needs_a_reason_which_reaches_the_enterprise(setup, organiser_client):
    nomination = nomination_make(setup)

    without = organiser_client.post(
        f"/organiser/awards/nominations/{nomination.pk}/", {"decision": "ineligible", "reason": " "}
    )
    organiser_client.post(
        f"/organiser/awards/nominations/{nomination.pk}/",
        {"decision": "ineligible", "reason": "Vốn Việt Nam dưới 51%"},
    )

    nomination.refresh_from_db()
    assert "Cần nêu lý do hồ sơ không hợp lệ." in without.content.decode()
    assert nomination.eligibility == Nomination.Eligibility.INELIGIBLE
    assert not RoundEntry.objects.filter(nomination=nomination).exists()
    email = OutgoingEmail.objects.get(kind="award_screened")
    assert "Lý do: Vốn Việt Nam dưới 51%" in email.body_text


def test_the_email_is_in_the_enterprises_language(setup):
    owner = enterprise_make("jane@example.com", full_name="Jane Smith", language="en")
    nomination = nomination_make(setup, owner=owner)

    screen(setup, nomination, False, "Not a Vietnamese enterprise")

    email = OutgoingEmail.objects.get(kind="award_screened")
    assert email.language == "en"
    assert email.recipient == "jane@example.com"


def test_a_changed_decision_is_emailed_again_the_same_one_is_not(setup):
    nomination = nomination_make(setup)

    screen(setup, nomination, False, "Thiếu hồ sơ")
    screen(setup, nomination, False, "Thiếu hồ sơ")
    screen(setup, nomination, True)

    assert list(
        OutgoingEmail.objects.filter(kind="award_screened")
        .order_by("version")
        .values_list("version", flat=True)
    ) == [1, 2]
    assert RoundEntry.objects.filter(nomination=nomination, round=setup.scoring).exists()


def test_a_nomination_judges_have_scored_cannot_be_made_ineligible(setup, judges):
    from awards.services.assignment import assignments_auto

    nomination = nomination_make(setup, eligible=True)
    assignments_auto(round_id=setup.scoring.pk, actor=None)
    entry = entry_of(setup.scoring, nomination)
    judge = entry.assignments.first().judge
    score(judge, entry, {setup.criteria[0]: 5, setup.criteria[1]: 5}, submit=False)

    with pytest.raises(ServiceError) as refused:
        screen(setup, nomination, False, "Sai hạng mục")

    assert refused.value.code == "being_scored"
    nomination.refresh_from_db()
    assert nomination.eligibility == Nomination.Eligibility.ELIGIBLE


def test_drafts_are_not_screened(setup):
    draft = nomination_make(setup, submit=False)

    with pytest.raises(ServiceError) as refused:
        screen(setup, draft, True)

    assert refused.value.code == "not_submitted"


def test_the_list_filters_and_finds_by_name_without_accents(setup, organiser_client):
    nomination_make(setup, company_name="Công ty Cổ phần Đặng Gia", product_name="Ví điện tử")
    nomination_make(setup, product_name="Bản đồ số", submit=False)

    found = organiser_client.get("/organiser/awards/nominations/?q=dang gia")
    drafts = organiser_client.get("/organiser/awards/nominations/?status=draft")
    tampered = organiser_client.get("/organiser/awards/nominations/?status=bogus&q=vi dien")

    assert [n.product_name for n in found.context["page"].object_list] == ["Ví điện tử"]
    assert [n.product_name for n in drafts.context["page"].object_list] == ["Bản đồ số"]
    assert [n.product_name for n in tampered.context["page"].object_list] == ["Ví điện tử"]


def test_the_list_keeps_a_constant_number_of_queries(
    setup, organiser_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    nomination_make(setup)
    with CaptureQueriesContext(connection) as one:
        organiser_client.get("/organiser/awards/nominations/")
    for number in range(6):
        nomination_make(setup, product_name=f"Sản phẩm {number}")

    with django_assert_num_queries(len(one.captured_queries)):
        organiser_client.get("/organiser/awards/nominations/")


def test_the_list_as_an_htmx_fragment(setup, organiser_client):
    nomination_make(setup)

    response = organiser_client.get(
        "/organiser/awards/nominations/", headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html
