"""From ranking to results: the ranking page with its aggregates, read in a constant number of
queries; the shortlist into the next round; the final decisions; publication and the public
pages; the jury's spreadsheet."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Nomination, RoundEntry, Score, ScoreSheet
from awards.selectors.ranking import round_ranking
from awards.services.advancing import decisions_save, shortlist
from awards.services.assignment import assignments_auto
from awards.services.results import results_publish
from forum.errors import ServiceError
from forum.vietnamese import search_key
from mail.models import OutgoingEmail
from tests.awards.helpers import TAX_CODES, entry_of, nomination_make, score


def scored_round(setup, judges, count: int, *, rng_seed: int = 1):
    """`count` eligible nominations, each scored by every judge, written directly."""
    import random

    rng = random.Random(rng_seed)
    nominations = Nomination.objects.bulk_create(
        Nomination(
            award=setup.award, category=setup.industry, company_name=f"Công ty {n}",
            company_key=f"cong ty {n}", product_name=f"Sản phẩm {n:03d}",
            product_key=search_key(f"Sản phẩm {n:03d}"), status="submitted",
            submitted_at="2025-10-01T08:00:00+07:00", eligibility="eligible",
        )
        for n in range(count)
    )  # fmt: skip
    entries = RoundEntry.objects.bulk_create(
        RoundEntry(round=setup.scoring, nomination=n, source="screening") for n in nominations
    )
    sheets = ScoreSheet.objects.bulk_create(
        ScoreSheet(entry=e, judge=j, status="submitted", submitted_at="2025-11-02T08:00:00+07:00")
        for e in entries
        for j in judges
    )
    Score.objects.bulk_create(
        Score(sheet=s, judge_id=s.judge_id, nomination_id=s.entry.nomination_id, criterion=c,
              value=Decimal(rng.randint(0, c.max_score)))
        for s in sheets
        for c in setup.criteria
    )  # fmt: skip
    return entries


def test_ranking_reads_a_constant_number_of_queries(setup, judges, django_assert_num_queries):
    scored_round(setup, judges, 1)
    with CaptureQueriesContext(connection) as one:
        round_ranking(round=setup.scoring)
    scored_round(setup, judges, 30, rng_seed=2)

    with django_assert_num_queries(len(one.captured_queries)):
        ranking = round_ranking(round=setup.scoring)

    assert len(ranking["categories"][0]["rows"]) == 31


def test_ranking_page_keeps_a_constant_number_of_queries(
    setup, judges, organiser_client, django_assert_num_queries
):
    scored_round(setup, judges, 1)
    url = f"/organiser/awards/rounds/{setup.scoring.pk}/ranking/"
    with CaptureQueriesContext(connection) as one:
        organiser_client.get(url)
    scored_round(setup, judges, 12, rng_seed=3)

    with django_assert_num_queries(len(one.captured_queries)):
        response = organiser_client.get(url)

    assert response.status_code == 200


def test_ranking_page_shows_the_aggregates_and_the_disagreement_flag(
    setup, judges, organiser_client
):
    a = nomination_make(setup, eligible=True, product_name="Đồng thuận")
    b = nomination_make(setup, eligible=True, product_name="Chênh lệch", tax_code=TAX_CODES[1])
    novelty, market, abroad = setup.criteria
    for judge, (x, y) in zip(judges, [(8, 16), (8, 16), (8, 16)], strict=True):
        score(judge, entry_of_assigned(setup, a, judge), {novelty: x, market: y})
    for judge, (x, y) in zip(judges, [(10, 20), (2, 4), (9, 18)], strict=True):
        score(judge, entry_of_assigned(setup, b, judge), {novelty: x, market: y, abroad: 7})

    response = organiser_client.get(f"/organiser/awards/rounds/{setup.scoring.pk}/ranking/")

    rows = response.context["categories"][0]["rows"]
    assert [row["nomination"].product_name for row in rows] == ["Đồng thuận", "Chênh lệch"]
    consensus, split = rows[0]["result"], rows[1]["result"]
    assert consensus.mean == pytest.approx(80) and consensus.sd == pytest.approx(0)
    assert split.mean == pytest.approx(70) and split.median == pytest.approx(90)
    assert split.disagree is True and consensus.disagree is False
    assert rows[1]["independent"] == [pytest.approx(7)]
    assert "chênh lệch" in response.content.decode()


def entry_of_assigned(setup, nomination, judge):
    from awards.services.assignment import assignment_add

    entry = entry_of(setup.scoring, nomination)
    assignment_add(round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=judge.pk, actor=None)
    return entry


def test_shortlist_puts_the_top_k_of_a_category_in_the_next_round(setup, judges, organiser_client):
    entries = scored_round(setup, judges, 6)
    ranking = [
        row["nomination"].pk for row in round_ranking(round=setup.scoring)["categories"][0]["rows"]
    ]

    organiser_client.post(
        f"/organiser/awards/rounds/{setup.scoring.pk}/shortlist/",
        {"category": setup.industry.pk, "size": 3},
    )

    finalists = set(
        RoundEntry.objects.filter(round=setup.final).values_list("nomination", flat=True)
    )
    assert finalists == set(ranking[:3])
    assert len(entries) == 6


def test_shortlisting_again_replaces_the_unscored_and_keeps_the_scored(setup, judges):
    from tests.awards.helpers import judge_make, panel_of

    scored_round(setup, judges, 5)
    order = [
        row["nomination"].pk for row in round_ranking(round=setup.scoring)["categories"][0]["rows"]
    ]
    shortlist(round_id=setup.scoring.pk, category_id=setup.industry.pk, size=3, actor=None)
    jury = judge_make(setup, "hd@example.vn", panels=[panel_of(setup.final, None)])
    third = RoundEntry.objects.get(round=setup.final, nomination_id=order[2])
    _assign(setup, third, jury)
    score(jury, third, {setup.final_criteria[0]: 5}, submit=False)

    report = shortlist(round_id=setup.scoring.pk, category_id=setup.industry.pk, size=1, actor=None)

    assert report["removed"] == 1
    assert [n.pk for n in report["kept"]] == [order[2]]
    assert set(
        RoundEntry.objects.filter(round=setup.final).values_list("nomination", flat=True)
    ) == {
        order[0],
        order[2],
    }


def _assign(setup, entry, judge):
    from awards.services.assignment import assignment_add

    return assignment_add(round_id=entry.round_id, entry_id=entry.pk, judge_id=judge.pk, actor=None)


def test_shortlist_of_an_unscored_category_or_the_last_round_is_refused(setup, judges):
    with pytest.raises(ServiceError) as nothing:
        shortlist(round_id=setup.scoring.pk, category_id=setup.potential.pk, size=3, actor=None)
    with pytest.raises(ServiceError) as last:
        shortlist(round_id=setup.final.pk, category_id=setup.industry.pk, size=3, actor=None)

    assert nothing.value.code == "nothing_scored"
    assert last.value.code == "no_next_round"


def finalist(setup, **overrides):
    nomination = nomination_make(setup, eligible=True, **overrides)
    RoundEntry.objects.create(round=setup.final, nomination=nomination, source="shortlist")
    return nomination


def test_final_decisions_give_a_tier_or_no_award(setup, organiser_client):
    gold = finalist(setup)
    none = finalist(setup, product_name="Khác", tax_code=TAX_CODES[1])

    organiser_client.post(
        f"/organiser/awards/rounds/{setup.final.pk}/decisions/",
        {f"tier_{gold.pk}": "gold", f"tier_{none.pk}": "none"},
    )

    gold.refresh_from_db()
    none.refresh_from_db()
    assert (gold.tier, none.tier) == ("gold", "none")
    assert gold.decided_at is not None
    assert gold.is_awarded and not none.is_awarded


def test_decisions_only_for_finalists_and_known_tiers(setup):
    outsider = nomination_make(setup, eligible=True)
    inside = finalist(setup, product_name="Khác", tax_code=TAX_CODES[1])

    with pytest.raises(ServiceError) as not_in_round:
        decisions_save(round_id=setup.final.pk, tiers={outsider.pk: "gold"}, actor=None)
    with pytest.raises(ServiceError) as bad_tier:
        decisions_save(round_id=setup.final.pk, tiers={inside.pk: "platinum"}, actor=None)
    with pytest.raises(ServiceError) as not_final:
        decisions_save(round_id=setup.scoring.pk, tiers={inside.pk: "gold"}, actor=None)

    assert (not_in_round.value.code, bad_tier.value.code, not_final.value.code) == (
        "not_in_round",
        "tier",
        "not_final",
    )


def test_results_are_public_only_once_published_and_emailed_once(setup, client, organiser_client):
    gold = finalist(setup)
    none = finalist(setup, product_name="Chưa đạt", tax_code=TAX_CODES[1])
    decisions_save(round_id=setup.final.pk, tiers={gold.pk: "gold", none.pk: "none"}, actor=None)

    before = client.get("/awards/results/").content.decode()
    assert client.get(f"/awards/results/{gold.pk}/").status_code == 404
    organiser_client.post("/organiser/awards/results/", {"action": "publish"})
    results_publish(award_id=setup.award.pk, actor=None)
    after = client.get("/awards/results/").content.decode()

    assert gold.product_name not in before
    assert gold.product_name in after and "Chưa đạt" not in after
    assert client.get(f"/awards/results/{gold.pk}/").status_code == 200
    assert client.get(f"/awards/results/{none.pk}/").status_code == 404
    assert OutgoingEmail.objects.filter(kind="award_result").count() == 2
    organiser_client.post("/organiser/awards/results/", {"action": "unpublish"})
    assert client.get(f"/awards/results/{gold.pk}/").status_code == 404


def test_nothing_to_publish_is_refused(setup, organiser_client):
    response = organiser_client.post(
        "/organiser/awards/results/", {"action": "publish"}, follow=True
    )

    setup.award.refresh_from_db()
    assert setup.award.results_published_at is None
    assert "Chưa có hồ sơ nào được trao giải" in response.content.decode()


def test_the_jury_spreadsheet_holds_every_counted_sheet(setup, judges, organiser_client):
    from openpyxl import load_workbook

    a = nomination_make(setup, eligible=True, product_name="=HYPERLINK(1)")
    assignments_auto(round_id=setup.scoring.pk, actor=None)
    entry = entry_of(setup.scoring, a)
    for assignment in entry.assignments.all():
        score(assignment.judge, entry, {setup.criteria[0]: 8, setup.criteria[1]: 10})

    response = organiser_client.get(f"/organiser/awards/rounds/{setup.scoring.pk}/scores.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert rows[0][:4] == ("Hạng mục", "Hạng", "Sản phẩm", "Doanh nghiệp")
    assert len(rows) == 1 + entry.assignments.count()
    assert {row[2] for row in rows[1:]} == {"=HYPERLINK(1)"}
    assert {row[10] for row in rows[1:]} == {70.0}
    assert sheet["C2"].data_type == "s"


def test_the_databases_sheet_totals_are_the_formula_of_awards_ranking(setup, judges):
    """The ranking sums each sheet in the database; it must give ranking.sheet_total's value,
    decimals, a blank optional criterion and an independent one included."""
    from awards.ranking import CriterionSpec, sheet_total
    from awards.selectors.ranking import round_data

    novelty, market, abroad = setup.criteria
    market.required = False
    market.save()
    nomination = nomination_make(setup, eligible=True)
    entry = entry_of_assigned(setup, nomination, judges[0])
    entry_of_assigned(setup, nomination, judges[1])
    score(judges[0], entry, {novelty: 7.25, market: 13.5, abroad: 3})
    score(judges[1], entry, {novelty: 9, abroad: 10})
    specs = [
        CriterionSpec(c.pk, float(c.weight), float(c.max_score), c.independent)
        for c in setup.criteria
    ]

    totals = {t.judge_id: t.total for t in round_data(round=setup.scoring).totals}

    assert totals[judges[0].pk] == pytest.approx(
        sheet_total({novelty.pk: 7.25, market.pk: 13.5, abroad.pk: 3}, specs)
    )
    assert totals[judges[0].pk] == pytest.approx(100 * (2 * 0.725 + 13.5 / 20) / 3)
    assert totals[judges[1].pk] == pytest.approx(90.0)
