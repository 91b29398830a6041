"""Organisers set the awards up on their pages: the award and its dates (day first, Hà Nội time,
sensible years), categories, rounds, rubric criteria (locked once sheets are in), judges (an
account given the judge role, so two-factor login) and their panels."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from awards.models import Award, Category, Criterion, Judge, Panel, Round
from awards.services.setup import criterion_save
from forum.errors import ServiceError
from tests.awards.helpers import entry_of, nomination_make, score
from tests.factories import UserFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_an_organiser_creates_the_awards_with_three_rounds(edition, organiser_client):
    response = organiser_client.post("/organiser/awards/")

    award = Award.objects.get(edition=edition)
    assert response["Location"] == "/organiser/awards/setup/"
    assert award.name == "Giải thưởng Make in Viet Nam 2025"
    assert list(award.rounds.values_list("kind", flat=True)) == ["screening", "scoring", "final"]
    assert award.rounds.get(kind="final").panels.get().category is None


def test_dates_are_typed_day_first_in_hanoi_time(setup, organiser_client):
    response = organiser_client.post(
        "/organiser/awards/settings/",
        {
            "name": setup.award.name,
            "name_en": "",
            "submission_opens_at": "04/09/2025 08:00",
            "submission_closes_at": "22/10/2025 17:00",
        },
    )

    setup.award.refresh_from_db()
    assert response.status_code == 302
    assert setup.award.submission_opens_at == dt.datetime(2025, 9, 4, 8, 0, tzinfo=VN)
    assert setup.award.submission_closes_at == dt.datetime(2025, 10, 22, 17, 0, tzinfo=VN)
    page = organiser_client.get("/organiser/awards/settings/").content.decode()
    assert 'value="22/10/2025 17:00"' in page


@pytest.mark.parametrize("typed", ["31/12/9999 23:59", "01/01/0001 00:00", "0001-01-01T00:00"])
def test_years_out_of_range_are_refused_with_a_message(setup, organiser_client, typed):
    response = organiser_client.post(
        "/organiser/awards/settings/",
        {"name": setup.award.name, "submission_opens_at": "", "submission_closes_at": typed},
    )

    setup.award.refresh_from_db()
    assert response.status_code == 200
    assert "Năm phải từ 2000 đến 2100." in response.content.decode()
    assert setup.award.submission_closes_at is None


def test_a_deadline_before_the_opening_is_refused(setup, organiser_client):
    response = organiser_client.post(
        "/organiser/awards/settings/",
        {
            "name": setup.award.name,
            "submission_opens_at": "22/10/2025 17:00",
            "submission_closes_at": "04/09/2025 08:00",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors


def test_a_new_category_gets_its_sub_committee_in_the_scoring_round(setup, organiser_client):
    organiser_client.post(
        "/organiser/awards/categories/new/",
        {"code": "chien-luoc", "name": "Sản phẩm công nghệ số chiến lược", "name_en": "Strategic"},
    )

    category = Category.objects.get(code="chien-luoc")
    assert category.position == 3
    panel = Panel.objects.get(round=setup.scoring, category=category)
    assert panel.name == "Tiểu ban Sản phẩm công nghệ số chiến lược"
    assert "Strategic" in panel.name_en


def test_a_duplicate_category_code_is_refused(setup, organiser_client):
    response = organiser_client.post(
        "/organiser/awards/categories/new/", {"code": "cong-nghiep", "name": "Trùng"}
    )

    assert response.status_code == 200
    assert Category.objects.filter(code="cong-nghiep").count() == 1


def test_round_settings_are_edited_by_organisers(setup, organiser_client):
    response = organiser_client.post(
        f"/organiser/awards/rounds/{setup.scoring.pk}/edit/",
        {
            "kind": "scoring",
            "name": "Vòng tiểu ban",
            "position": 2,
            "opens_at": "01/11/2025 08:00",
            "closes_at": "30/11/2025 17:00",
            "judges_per_entry": 5,
            "scores_visible": "after_submit",
            "blind": "on",
            "aggregate": "median",
            "normalise": "on",
            "disagreement_threshold": "12,5",
            "shortlist_size": 3,
        },
    )

    setup.scoring.refresh_from_db()
    assert response.status_code == 302, response.context["form"].errors
    assert (setup.scoring.judges_per_entry, setup.scoring.aggregate) == (5, "median")
    assert setup.scoring.blind and setup.scoring.normalise
    assert str(setup.scoring.disagreement_threshold) == "12.50"


def test_a_criterion_is_added_with_its_weight_and_maximum(setup, organiser_client):
    organiser_client.post(
        f"/organiser/awards/rounds/{setup.scoring.pk}/criteria/new/",
        {"name": "Bảo mật", "weight": "1,5", "max_score": 5, "required": "on"},
    )

    criterion = Criterion.objects.get(name="Bảo mật")
    assert (str(criterion.weight), criterion.max_score, criterion.position) == ("1.50", 5, 4)


@pytest.mark.parametrize(("weight", "maximum"), [("0", 10), ("-1", 10), ("1", 0), ("1", 1001)])
def test_a_zero_weight_or_maximum_is_refused(setup, organiser_client, weight, maximum):
    response = organiser_client.post(
        f"/organiser/awards/rounds/{setup.scoring.pk}/criteria/new/",
        {"name": "Sai", "weight": weight, "max_score": maximum},
    )

    assert response.status_code == 200
    assert not Criterion.objects.filter(name="Sai").exists()


def test_the_rubric_locks_once_a_sheet_is_submitted(setup, judges):
    from awards.services.assignment import assignment_add

    nomination = nomination_make(setup, eligible=True)
    entry = entry_of(setup.scoring, nomination)
    assignment_add(round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=judges[0].pk, actor=None)
    novelty, market, _abroad = setup.criteria
    score(judges[0], entry, {novelty: 5, market: 5})

    with pytest.raises(ServiceError) as weight:
        criterion_save(round=setup.scoring, criterion_id=novelty.pk, data={"weight": 5}, actor=None)
    with pytest.raises(ServiceError) as added:
        criterion_save(round=setup.scoring, data={"name": "Mới"}, actor=None)
    renamed = criterion_save(
        round=setup.scoring,
        criterion_id=novelty.pk,
        data={"name": "Tính mới, sáng tạo"},
        actor=None,
    )

    assert (weight.value.code, added.value.code) == ("rubric_locked", "rubric_locked")
    assert renamed.name == "Tính mới, sáng tạo"


def test_a_scored_criterion_cannot_be_deleted(setup, judges, organiser_client):
    from awards.services.assignment import assignment_add

    entry = entry_of(setup.scoring, nomination_make(setup, eligible=True))
    assignment_add(round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=judges[0].pk, actor=None)
    score(judges[0], entry, {setup.criteria[0]: 5}, submit=False)

    used = organiser_client.post(f"/organiser/awards/criteria/{setup.criteria[0].pk}/delete/")
    organiser_client.post(f"/organiser/awards/criteria/{setup.criteria[2].pk}/delete/")

    assert used.status_code == 302
    assert Criterion.objects.filter(pk=setup.criteria[0].pk).exists()
    assert not Criterion.objects.filter(pk=setup.criteria[2].pk).exists()


def test_an_organiser_adds_a_judge_who_then_must_set_up_two_factor_login(
    setup, organiser_client, client
):
    user = UserFactory(email="gs.thuy@vnu.edu.vn", full_name="Nguyễn Thanh Thủy")
    panel = setup.scoring.panels.get(category=setup.industry)

    response = organiser_client.post(
        "/organiser/awards/judges/",
        {
            "email": "GS.Thuy@vnu.edu.vn",
            "title": "GS. TS.",
            "organisation": "Đại học Quốc gia Hà Nội",
            "tax_code": "",
            "panels": [panel.pk],
        },
    )

    judge = Judge.objects.get()
    assert response.status_code == 302
    assert (judge.user, judge.full_name, str(judge)) == (
        user,
        "Nguyễn Thanh Thủy",
        "GS. TS. Nguyễn Thanh Thủy",
    )
    assert list(judge.panels.all()) == [panel]
    assert user.groups.filter(name="judge").exists()
    client.force_login(user)
    assert client.get("/awards/judging/")["Location"] == "/accounts/2fa/totp/activate/"


def test_a_judge_needs_an_account_first(setup, organiser_client):
    response = organiser_client.post(
        "/organiser/awards/judges/", {"email": "chua-co@example.vn", "tax_code": ""}
    )

    assert "Chưa có tài khoản với email chua-co@example.vn." in response.content.decode()
    assert not Judge.objects.exists()


def test_a_judges_wrong_tax_code_is_refused(setup, organiser_client):
    UserFactory(email="gk@example.vn")

    response = organiser_client.post(
        "/organiser/awards/judges/", {"email": "gk@example.vn", "tax_code": "0100109107"}
    )

    assert "Mã số thuế sai chữ số kiểm tra." in response.content.decode()
    assert not Judge.objects.exists()


def test_a_round_that_holds_entries_keeps_its_kind(setup):
    from awards.services.setup import round_save

    nomination_make(setup, eligible=True)

    with pytest.raises(ServiceError) as refused:
        round_save(award=setup.award, round_id=setup.scoring.pk, data={"kind": "final"}, actor=None)

    assert refused.value.code == "round_in_use"
    assert Round.objects.get(pk=setup.scoring.pk).kind == "scoring"


def test_setup_pages_answer(setup, judges, organiser_client):
    for path in (
        "/organiser/awards/",
        "/organiser/awards/setup/",
        "/organiser/awards/judges/",
        f"/organiser/awards/judges/{judges[0].pk}/",
        f"/organiser/awards/categories/{setup.industry.pk}/",
        f"/organiser/awards/criteria/{setup.criteria[0].pk}/",
        "/organiser/awards/rounds/new/",
        "/organiser/awards/results/",
    ):
        assert organiser_client.get(path).status_code == 200, path
    assert organiser_client.get("/organiser/awards/categories/999999/").status_code == 404
