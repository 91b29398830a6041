"""Conflicts of interest: declared by a judge, set by an organiser, or found because a judge
comes from the nominee's organisation. An excluded pair never appears in the judge's queue,
pages, the exports or the aggregates."""

import pytest

from awards.models import Assignment, Conflict
from awards.selectors.ranking import round_ranking, round_score_rows
from awards.services.assignment import assignments_auto
from awards.services.conflicts import conflict_declare, organisation_core
from tests.awards.helpers import (
    BRANCH_OF_FIRST,
    TAX_CODES,
    entry_of,
    judge_make,
    nomination_make,
    score,
)


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("Công ty Cổ phần Công nghệ Sao Bắc Đẩu", "cong nghe sao bac dau"),
        ("CÔNG TY TNHH MỘT THÀNH VIÊN SAO BẮC ĐẨU", "sao bac dau"),
        ("Sao Bac Dau Technology JSC", "sao bac dau technology"),
        ("Tập đoàn FPT", "fpt"),
    ],
)
def test_organisation_core_sets_legal_forms_and_accents_aside(name, core):
    assert organisation_core(name) == core


def test_a_judge_from_the_nominees_company_is_excluded_by_tax_code_including_a_branch(setup, panel):
    nomination = nomination_make(setup, eligible=True, tax_code=TAX_CODES[0])
    judge = judge_make(setup, "nhanvien@saobacdau.vn", panels=[panel], tax_code=BRANCH_OF_FIRST)

    conflict = Conflict.objects.get(judge=judge)
    assert conflict.nomination == nomination
    assert conflict.source == Conflict.Source.ORGANISATION


def test_a_judge_from_the_nominees_company_is_excluded_by_name(setup, panel):
    judge = judge_make(
        setup, "cto@saobacdau.vn", panels=[panel], organisation="CÔNG TY TNHH CÔNG NGHỆ SAO BẮC ĐẨU"
    )
    nomination = nomination_make(setup, eligible=True)  # "Công ty Cổ phần Công nghệ Sao Bắc Đẩu"

    assert Conflict.objects.filter(judge=judge, nomination=nomination).exists()


def test_an_unrelated_judge_is_not_excluded(setup, judges):
    nomination_make(setup, eligible=True)

    assert not Conflict.objects.exists()


def conflicted_round(setup, judges):
    """Judge 1 declares a conflict with A after submitting a sheet for it; the others score."""
    a = nomination_make(setup, eligible=True, product_name="Sản phẩm A")
    b = nomination_make(setup, eligible=True, product_name="Sản phẩm B", tax_code=TAX_CODES[1])
    setup.scoring.judges_per_entry = 3
    setup.scoring.save()
    assignments_auto(round_id=setup.scoring.pk, actor=None)
    entry_a, entry_b = entry_of(setup.scoring, a), entry_of(setup.scoring, b)
    novelty, market = setup.criteria[:2]
    score(judges[0], entry_a, {novelty: 10, market: 20})  # would lift A to 100
    for judge in judges[1:]:
        score(judge, entry_a, {novelty: 5, market: 10})
        score(judge, entry_b, {novelty: 6, market: 12})
    conflict_declare(judge=judges[0], nomination=a, reason="Từng làm cố vấn", actor=None)
    return entry_a, entry_b


def test_a_declared_conflict_drops_the_assignment_and_the_sheet_from_the_aggregates(setup, judges):
    entry_a, _entry_b = conflicted_round(setup, judges)

    assert not Assignment.objects.filter(judge=judges[0], entry=entry_a).exists()
    rows = {
        row["entry"].pk: row["result"]
        for group in round_ranking(round=setup.scoring)["categories"]
        for row in group["rows"]
    }
    assert rows[entry_a.pk].sheets == 2
    assert rows[entry_a.pk].mean == pytest.approx(50.0)


def test_the_excluded_pair_is_not_in_the_export(setup, judges):
    entry_a, _entry_b = conflicted_round(setup, judges)

    rows = round_score_rows(round=setup.scoring)["rows"]

    judges_of_a = {row["judge"].pk for row in rows if row["entry"].pk == entry_a.pk}
    assert judges_of_a == {judges[1].pk, judges[2].pk}


def test_the_excluded_pair_is_not_in_the_judges_queue_or_pages(setup, judges, client):
    entry_a, _entry_b = conflicted_round(setup, judges)
    client.force_login(judges[0].user)

    queue = client.get("/awards/judging/").content.decode()

    assert "Sản phẩm A" not in queue
    assert "Sản phẩm B" in queue
    assert client.get(f"/awards/judging/{entry_a.pk}/").status_code == 404
    assert client.post(f"/awards/judging/{entry_a.pk}/", {"comment": "x"}).status_code == 404


def test_a_judge_declares_a_conflict_from_the_entry_page(setup, judges, client):
    nomination = nomination_make(setup, eligible=True)
    assignments_auto(round_id=setup.scoring.pk, actor=None)
    entry = entry_of(setup.scoring, nomination)
    judge = entry.assignments.first().judge
    client.force_login(judge.user)

    empty = client.post(f"/awards/judging/{entry.pk}/conflict/", {"reason": ""}, follow=True)
    declared = client.post(
        f"/awards/judging/{entry.pk}/conflict/", {"reason": "Vợ tôi làm ở đây"}, follow=True
    )

    assert "Hãy nêu ngắn gọn lý do xung đột lợi ích." in empty.content.decode()
    assert declared.redirect_chain[-1][0] == "/awards/judging/"
    conflict = Conflict.objects.get(judge=judge)
    assert conflict.source == Conflict.Source.DECLARED
    assert conflict.reason == "Vợ tôi làm ở đây"


def test_automatic_assignment_never_gives_a_conflicted_judge(setup, judges, panel):
    nomination = nomination_make(setup, eligible=True)
    insider = judge_make(setup, "noi-bo@example.vn", panels=[panel], tax_code=TAX_CODES[0])
    setup.scoring.judges_per_entry = 4
    setup.scoring.save()

    report = assignments_auto(round_id=setup.scoring.pk, actor=None)

    entry = entry_of(setup.scoring, nomination)
    assert set(entry.assignments.values_list("judge", flat=True)) == {j.pk for j in judges}
    assert insider.pk not in entry.assignments.values_list("judge", flat=True)
    assert [(short.pk, count) for short, count in report["short"]] == [(entry.pk, 3)]


def test_an_organiser_excludes_a_judge_by_hand(setup, judges, organiser_client):
    nomination = nomination_make(setup, eligible=True)
    assignments_auto(round_id=setup.scoring.pk, actor=None)
    judge = entry_of(setup.scoring, nomination).assignments.first().judge

    organiser_client.post(
        f"/organiser/awards/nominations/{nomination.pk}/conflict/",
        {"judge": judge.pk, "reason": "Báo chí phản ánh"},
    )

    assert Conflict.objects.get().source == Conflict.Source.ORGANISER
    assert not Assignment.objects.filter(judge=judge).exists()
