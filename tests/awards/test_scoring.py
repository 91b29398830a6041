"""Judges score: within each criterion's range, drafts, submission locks the sheet, organisers
reopen it; one score per (judge, nomination, criterion) in the database; every change audited;
other judges' scores only after submitting one's own (if the round shows them), never names."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.models import Round, Score, ScoreChange, ScoreSheet
from awards.services.assignment import assignment_add
from forum.errors import ServiceError
from tests.awards.helpers import entry_of, nomination_make, score


@pytest.fixture
def entry(setup, judges):
    """An eligible nomination assigned to judges 1 and 2 (judge 3 is on the panel too)."""
    nomination = nomination_make(setup, eligible=True, company_name="Công ty Sao Bắc Đẩu")
    entry = entry_of(setup.scoring, nomination)
    for judge in judges[:2]:
        assignment_add(round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=judge.pk, actor=None)
    return entry


def sheet_post(setup, novelty="", market="", abroad="", comment="", submit=False, notes=None):
    a, b, c = setup.criteria
    data = {f"score_{a.pk}": novelty, f"score_{b.pk}": market, f"score_{c.pk}": abroad}
    data.update({f"note_{k.pk}": v for k, v in (notes or {}).items()})
    data["comment"] = comment
    if submit:
        data["submit"] = "1"
    return data


def test_a_judge_saves_a_draft_with_decimal_commas_then_submits(setup, judges, entry, client):
    client.force_login(judges[0].user)
    url = f"/awards/judging/{entry.pk}/"

    client.post(url, sheet_post(setup, novelty="7,5", notes={setup.criteria[0]: "Khá mới"}))
    sheet = ScoreSheet.objects.get()
    assert sheet.status == ScoreSheet.Status.DRAFT
    assert {s.criterion_id: s.value for s in sheet.scores.all()} == {
        setup.criteria[0].pk: Decimal("7.5")
    }

    client.post(url, sheet_post(setup, novelty="8", market="15.5", submit=True))

    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert sheet.submitted_at is not None
    assert sorted(sheet.scores.values_list("value", flat=True)) == [Decimal("8"), Decimal("15.5")]


def test_a_score_out_of_range_or_malformed_is_refused_and_nothing_is_lost(
    setup, judges, entry, client
):
    client.force_login(judges[0].user)

    response = client.post(
        f"/awards/judging/{entry.pk}/",
        sheet_post(setup, novelty="11", market="1.000,5", comment="Ghi chú dài"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Điểm từ 0 đến 10." in html
    assert "Nhập một số, ví dụ 7,5." in html
    assert "Ghi chú dài" in html  # what the judge typed is shown again
    assert not ScoreSheet.objects.exists()


def test_submission_needs_every_required_criterion(setup, judges, entry, client):
    client.force_login(judges[0].user)

    response = client.post(
        f"/awards/judging/{entry.pk}/", sheet_post(setup, novelty="5", submit=True)
    )

    assert "Tiêu chí bắt buộc: hãy cho điểm." in response.content.decode()
    assert not ScoreSheet.objects.filter(status="submitted").exists()
    with pytest.raises(ServiceError) as refused:
        score(judges[0], entry, {setup.criteria[0]: 5})
    assert refused.value.code == "invalid_scores"
    assert "Thị trường" in refused.value.message


def test_a_submitted_sheet_is_locked_until_an_organiser_reopens_it(
    setup, judges, entry, organiser_client
):
    a, b, _c = setup.criteria
    sheet = score(judges[0], entry, {a: 6, b: 12})

    with pytest.raises(ServiceError) as locked:
        score(judges[0], entry, {a: 9, b: 12})
    organiser_client.post(f"/organiser/awards/rounds/{setup.scoring.pk}/sheets/{sheet.pk}/reopen/")
    sheet.refresh_from_db()
    score(judges[0], entry, {a: 9, b: 12})

    assert locked.value.code == "locked"
    assert Score.objects.get(sheet=sheet, criterion=a).value == Decimal(9)
    assert list(sheet.changes.values_list("action", flat=True)) == [
        "score", "score", "submit", "reopen", "score", "submit",
    ]  # fmt: skip


def test_every_change_is_audited_with_who_when_old_and_new(setup, judges, entry):
    a, b, _c = setup.criteria
    score(judges[0], entry, {a: 6, b: 12}, submit=False, comments={a: "Ổn"})
    score(judges[0], entry, {a: 7, b: None}, submit=False, comments={a: "Tốt hơn"})

    changes = list(ScoreChange.objects.order_by("pk"))

    assert [
        (c.action, c.criterion_id, c.old_value, c.new_value) for c in changes if c.action == "score"
    ] == [
        ("score", a.pk, None, Decimal(6)),
        ("score", b.pk, None, Decimal(12)),
        ("score", a.pk, Decimal(6), Decimal(7)),
        ("score", b.pk, Decimal(12), None),
    ]
    assert [(c.old_text, c.new_text) for c in changes if c.action == "comment"] == [
        ("", "Ổn"),
        ("Ổn", "Tốt hơn"),
    ]
    assert {c.actor for c in changes} == {judges[0].user}
    assert all(c.at is not None for c in changes)


def test_the_database_holds_one_score_per_judge_nomination_and_criterion(setup, judges, entry):
    a = setup.criteria[0]
    sheet = score(judges[0], entry, {a: 5}, submit=False)

    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(
            sheet=sheet, judge=judges[0], nomination=entry.nomination, criterion=a, value=6
        )


def test_scores_are_refused_outside_the_rounds_window(setup, judges, entry, client):
    setup.scoring.closes_at = timezone.now() - dt.timedelta(minutes=1)
    setup.scoring.opens_at = timezone.now() - dt.timedelta(days=1)
    setup.scoring.save()

    with pytest.raises(ServiceError) as closed:
        score(judges[0], entry, {setup.criteria[0]: 5}, submit=False)
    client.force_login(judges[0].user)
    page = client.get(f"/awards/judging/{entry.pk}/").content.decode()

    assert closed.value.code == "round_closed"
    assert "Vòng chấm đang đóng" in page


def test_a_round_not_yet_open_is_hidden_from_judges(setup, judges, entry, client):
    setup.scoring.opens_at = timezone.now() + dt.timedelta(days=1)
    setup.scoring.save()
    client.force_login(judges[0].user)

    assert entry.nomination.product_name not in client.get("/awards/judging/").content.decode()
    assert client.get(f"/awards/judging/{entry.pk}/").status_code == 404


def test_url_tampering_never_reaches_an_entry_that_is_not_the_judges(setup, judges, entry, client):
    other = nomination_make(
        setup, eligible=True, product_name="Không phải của bạn", tax_code="0101243150"
    )
    other_entry = entry_of(setup.scoring, other)
    client.force_login(judges[2].user)  # on the panel, assigned nothing

    assert client.get(f"/awards/judging/{entry.pk}/").status_code == 404
    assert (
        client.post(f"/awards/judging/{entry.pk}/", sheet_post(setup, novelty="9")).status_code
        == 404
    )
    assert client.post(f"/awards/judging/{entry.pk}/conflict/", {"reason": "x"}).status_code == 404
    assert client.get(f"/awards/judging/{other_entry.pk}/").status_code == 404
    assert client.get("/awards/judging/999999/").status_code == 404
    assert not ScoreSheet.objects.exists()
    with pytest.raises(ServiceError) as refused:
        score(judges[2], entry, {setup.criteria[0]: 9}, submit=False)
    assert refused.value.code == "not_allowed"


def test_people_who_are_not_judges_get_403_and_visitors_log_in(
    setup, entry, client, organiser, user_factory
):
    from tests.awards.helpers import enterprise_make

    assert client.get("/awards/judging/").status_code == 302
    for user in (enterprise_make("dn@example.vn"), user_factory(email="x@example.vn")):
        client.force_login(user)
        assert client.get("/awards/judging/").status_code == 403
        assert client.get(f"/awards/judging/{entry.pk}/").status_code == 403


def test_organiser_pages_are_refused_to_judges_and_enterprises(setup, judges, entry, client):
    from tests.awards.helpers import enterprise_make

    for user in (judges[0].user, enterprise_make("dn@example.vn")):
        client.force_login(user)
        for path in (
            "/organiser/awards/",
            f"/organiser/awards/rounds/{setup.scoring.pk}/ranking/",
            f"/organiser/awards/rounds/{setup.scoring.pk}/scores.xlsx",
            f"/organiser/awards/nominations/{entry.nomination_id}/",
        ):
            assert client.get(path).status_code == 403, path


def test_peers_scores_are_hidden_by_default(setup, judges, entry, client):
    a, b, _c = setup.criteria
    score(judges[1], entry, {a: 3, b: 4})
    score(judges[0], entry, {a: 9, b: 19})
    client.force_login(judges[0].user)

    html = client.get(f"/awards/judging/{entry.pk}/").content.decode()

    assert "Điểm của các giám khảo khác" not in html


def test_peers_scores_show_after_submitting_and_never_a_name(setup, judges, entry, client):
    setup.scoring.scores_visible = Round.Visibility.AFTER_SUBMIT
    setup.scoring.save()
    a, b, _c = setup.criteria
    score(judges[1], entry, {a: 3, b: 4})
    client.force_login(judges[0].user)

    before = client.get(f"/awards/judging/{entry.pk}/").content.decode()
    score(judges[0], entry, {a: 9, b: 19})
    after = client.get(f"/awards/judging/{entry.pk}/").content.decode()

    assert "Điểm của các giám khảo khác" not in before
    assert "Điểm của các giám khảo khác" in after
    assert "Giám khảo 1" in after  # numbered…
    assert judges[1].full_name not in after
    assert judges[1].user.email not in after  # …never named
    assert "26,7" in after or "26.7" in after  # their total: 100 × (2·0.3 + 1·0.2) / 3


def test_blind_rounds_hide_the_company_from_judges(setup, judges, entry, client):
    setup.scoring.blind = True
    setup.scoring.save()
    client.force_login(judges[0].user)

    queue = client.get("/awards/judging/").content.decode()
    page = client.get(f"/awards/judging/{entry.pk}/").content.decode()

    for html in (queue, page):
        assert "Sao Bắc Đẩu" not in html
        assert entry.nomination.tax_code not in html
    assert entry.nomination.product_name in page


def test_the_queue_lists_assigned_entries_first_then_the_least_scored(setup, judges, client):
    from awards.services.conflicts import conflict_add

    setup.scoring.panel_sees_all = True
    setup.scoring.save()
    names = ["Đã chấm nhiều", "Chưa ai chấm", "Được giao"]
    entries = [
        entry_of(
            setup.scoring, nomination_make(setup, eligible=True, product_name=name, tax_code=code)
        )
        for name, code in zip(names, ["0100109106", "0101243150", "0102100740"], strict=True)
    ]
    a, b, _c = setup.criteria
    assignment_add(
        round_id=setup.scoring.pk, entry_id=entries[0].pk, judge_id=judges[1].pk, actor=None
    )
    score(judges[1], entries[0], {a: 5, b: 5})
    assignment_add(
        round_id=setup.scoring.pk, entry_id=entries[2].pk, judge_id=judges[0].pk, actor=None
    )
    hidden = nomination_make(setup, eligible=True, product_name="Xung đột", tax_code="0300588569")
    conflict_add(
        award=setup.award, judge_id=judges[0].pk, nomination_id=hidden.pk, reason="", actor=None
    )
    client.force_login(judges[0].user)

    [block] = client.get("/awards/judging/").context["queue"]

    assert [item["entry"].nomination.product_name for item in block["items"]] == [
        "Được giao",
        "Chưa ai chấm",
        "Đã chấm nhiều",
    ]
    assert [item["assigned"] for item in block["items"]] == [True, False, False]


def test_stored_scores_show_as_typed_in_the_pages_language(setup, judges, entry, client):
    a, b, _c = setup.criteria
    score(judges[0], entry, {a: 6.5, b: 10}, submit=False)
    client.force_login(judges[0].user)

    vietnamese = client.get(f"/awards/judging/{entry.pk}/").content.decode()
    english = client.get(f"/en/awards/judging/{entry.pk}/").content.decode()

    assert f'name="score_{a.pk}" value="6,5"' in vietnamese
    assert f'name="score_{b.pk}" value="10"' in vietnamese
    assert f'name="score_{a.pk}" value="6.5"' in english
