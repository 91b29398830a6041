"""The aggregation, checked against examples computed by hand (awards.ranking: no database)."""

import math

import pytest

from awards.ranking import (
    MEAN,
    MEDIAN,
    CriterionSpec,
    EntryFacts,
    SheetScores,
    entry_results,
    sheet_total,
)

NOVELTY = CriterionSpec(id=1, weight=2, max_score=10)
MARKET = CriterionSpec(id=2, weight=1, max_score=20)
ABROAD = CriterionSpec(id=3, weight=1, max_score=10, independent=True)
RUBRIC = [NOVELTY, MARKET, ABROAD]
# One counted criterion out of 100: a sheet's total is its score.
PLAIN = [CriterionSpec(id=9, weight=1, max_score=100)]


def test_sheet_total_weighs_each_criterion_on_its_own_scale():
    # 100 × (2 × 8/10 + 1 × 10/20) / (2 + 1) = 100 × 2.1 / 3
    assert sheet_total({1: 8, 2: 10, 3: 9}, RUBRIC) == pytest.approx(70.0)


def test_sheet_total_ignores_independent_criteria():
    with_abroad = sheet_total({1: 8, 2: 10, 3: 0}, RUBRIC)
    without = sheet_total({1: 8, 2: 10}, RUBRIC)

    assert with_abroad == without == pytest.approx(70.0)


def test_sheet_total_drops_a_blank_optional_criterion_from_both_sums():
    # Only novelty: 100 × (2 × 0.8) / 2
    assert sheet_total({1: 8}, RUBRIC) == pytest.approx(80.0)


def test_sheet_total_of_nothing_counted_is_none():
    assert sheet_total({3: 9}, RUBRIC) is None
    assert sheet_total({}, RUBRIC) is None


def entry(id, category=1, submitted_at=0.0):
    return EntryFacts(
        id=id, nomination_id=100 + id, category_id=category, submitted_at=submitted_at
    )


def sheets_of(totals: dict[int, list[float]], judge_base: int = 0) -> list[SheetScores]:
    """Sheets for PLAIN: {entry id: [total by judge 1, judge 2, …]}."""
    sheets, number = [], 0
    for entry_id, values in totals.items():
        for judge, value in enumerate(values, start=1):
            number += 1
            sheets.append(SheetScores(number, judge_base + judge, entry_id, {9: value}))
    return sheets


def test_entry_aggregates_mean_median_sample_deviation_and_disagreement():
    [result] = entry_results(
        entries=[entry(1)], sheets=sheets_of({1: [70, 80, 90]}), criteria=PLAIN, threshold=9
    )

    assert result.sheets == 3
    assert result.mean == pytest.approx(80.0)
    assert result.median == pytest.approx(80.0)
    assert result.sd == pytest.approx(10.0)  # sample: √((100 + 0 + 100) / 2)
    assert result.disagree is True
    assert result.rank == 1


def test_disagreement_needs_a_deviation_over_the_threshold():
    [at_threshold] = entry_results(
        entries=[entry(1)], sheets=sheets_of({1: [70, 80, 90]}), criteria=PLAIN, threshold=10
    )
    [single] = entry_results(
        entries=[entry(1)], sheets=sheets_of({1: [10]}), criteria=PLAIN, threshold=0
    )

    assert at_threshold.disagree is False
    assert single.sd is None
    assert single.disagree is False


def test_independent_criteria_are_averaged_apart():
    sheets = [
        SheetScores(1, 1, 1, {1: 8, 2: 10, 3: 9}),
        SheetScores(2, 2, 1, {1: 6, 2: 20, 3: 6}),
        SheetScores(3, 3, 1, {1: 10, 2: 20}),
    ]

    [result] = entry_results(entries=[entry(1)], sheets=sheets, criteria=RUBRIC, threshold=50)

    # Totals 70, 100 × (1.2 + 1) / 3, 100: the independent scores never count in them.
    assert result.totals == pytest.approx([70.0, 220 / 3, 100.0])
    assert result.independent == {3: pytest.approx(7.5)}


def lenient_and_strict():
    """A lenient judge (1) scores X 80 and P, Q 95; a strict judge (2) scores Y 70 and P, Q 50.
    Raw means: X 80 > P = Q 72.5 > Y 70. For the lenient judge X is the worst entry, for the
    strict one Y is the best: z(X) = −√2, z(Y) = +√2, z(P) = z(Q) = ±√2/2."""
    x, y, p, q = entry(1), entry(2), entry(3), entry(4)
    sheets = [
        SheetScores(1, 1, x.id, {9: 80}),
        SheetScores(2, 1, p.id, {9: 95}),
        SheetScores(3, 1, q.id, {9: 95}),
        SheetScores(4, 2, y.id, {9: 70}),
        SheetScores(5, 2, p.id, {9: 50}),
        SheetScores(6, 2, q.id, {9: 50}),
    ]
    return [x, y, p, q], sheets


def test_raw_mean_ranks_the_lenient_judges_entry_first():
    entries, sheets = lenient_and_strict()

    results = entry_results(entries=entries, sheets=sheets, criteria=PLAIN, threshold=100)

    assert [r.entry.id for r in results] == [1, 3, 4, 2]
    assert [r.score for r in results] == pytest.approx([80, 72.5, 72.5, 70])


def test_normalisation_removes_the_lenient_and_strict_bias_and_changes_the_ranking():
    entries, sheets = lenient_and_strict()

    results = entry_results(
        entries=entries, sheets=sheets, criteria=PLAIN, threshold=100, normalise=True
    )

    # Round mean 220/3, round population deviation 25√5/3: X = (220 − 25√10)/3, Y = (220 +
    # 25√10)/3, and P, Q (one +√2/2, one −√2/2) the round mean.
    by_id = {r.entry.id: r for r in results}
    assert by_id[1].normalised_mean == pytest.approx((220 - 25 * math.sqrt(10)) / 3)
    assert by_id[2].normalised_mean == pytest.approx((220 + 25 * math.sqrt(10)) / 3)
    assert by_id[3].normalised_mean == pytest.approx(220 / 3)
    assert [r.entry.id for r in results] == [2, 3, 4, 1]
    assert [r.rank for r in results] == [1, 2, 3, 4]
    # The raw aggregates are still there beside the normalised ones.
    assert by_id[1].mean == pytest.approx(80)


def test_a_judge_with_one_sheet_or_equal_totals_contributes_the_round_mean():
    sheets = [
        SheetScores(1, 1, 1, {9: 90}),  # judge 1: one sheet only
        SheetScores(2, 2, 2, {9: 40}),
        SheetScores(3, 2, 3, {9: 40}),  # judge 2: the same total twice
    ]

    results = entry_results(
        entries=[entry(1), entry(2), entry(3)],
        sheets=sheets,
        criteria=PLAIN,
        threshold=100,
        normalise=True,
    )

    assert [r.normalised_mean for r in results] == pytest.approx([170 / 3] * 3)


@pytest.mark.parametrize(
    ("first", "second", "winner", "why"),
    [
        ([60, 60, 90], [70, 70, 70], 2, "equal means: the higher median"),
        ([70], [70, 70], 2, "equal mean and median: more sheets"),
        ([60, 80], [65, 75], 2, "equal mean, median, sheets: the smaller deviation"),
    ],
)
def test_ties_are_broken_in_the_documented_order(first, second, winner, why):
    results = entry_results(
        entries=[entry(1), entry(2)],
        sheets=sheets_of({1: first, 2: second}),
        criteria=PLAIN,
        threshold=100,
    )

    assert results[0].entry.id == winner, why
    assert [r.rank for r in results] == [1, 2]


def test_full_ties_go_to_the_earlier_submission_then_the_lower_id():
    entries = [
        entry(1, submitted_at=200.0),
        entry(2, submitted_at=100.0),
        entry(3, submitted_at=100.0),
    ]

    results = entry_results(
        entries=entries, sheets=sheets_of({1: [70], 2: [70], 3: [70]}), criteria=PLAIN, threshold=1
    )

    assert [r.entry.id for r in results] == [2, 3, 1]


def test_median_ranking_uses_the_median_first():
    results = entry_results(
        entries=[entry(1), entry(2)],
        sheets=sheets_of({1: [50, 80, 81], 2: [70, 70, 70]}),
        criteria=PLAIN,
        threshold=100,
        aggregate=MEDIAN,
    )

    # Means 70.33 against 70; medians 80 against 70.
    assert [r.entry.id for r in results] == [1, 2]
    assert results[0].score == pytest.approx(80)


def test_each_category_is_ranked_on_its_own_and_unscored_entries_come_last_unranked():
    entries = [entry(1, category=1), entry(2, category=2), entry(3, category=1), entry(4, 1)]

    results = entry_results(
        entries=entries,
        sheets=sheets_of({1: [60], 2: [50], 3: [90]}),
        criteria=PLAIN,
        threshold=100,
        aggregate=MEAN,
    )

    assert [(r.entry.category_id, r.entry.id, r.rank) for r in results] == [
        (1, 3, 1),
        (1, 1, 2),
        (1, 4, None),
        (2, 2, 1),
    ]


def test_an_unknown_aggregate_is_refused():
    with pytest.raises(ValueError, match="aggregate"):
        entry_results(entries=[entry(1)], sheets=[], criteria=PLAIN, threshold=1, aggregate="max")
