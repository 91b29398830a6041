"""Aggregation and ranking of score sheets, as pure functions (no database): the selectors feed
them plain values, the tests hand-computed examples.

Sheet total
    100 × Σ wᵢ·sᵢ/maxᵢ ÷ Σ wᵢ over the criteria that count: not independent, and scored (an
    optional criterion left blank drops out of both sums). Totals are on a 0–100 scale whatever
    each criterion's maximum.

Entry
    mean and median of its sheet totals, the number of sheets, the sample standard deviation
    (n − 1; none with fewer than two sheets) and the "judges disagree" flag when it exceeds the
    round's threshold; each independent criterion's mean, apart.

Normalisation (optional, per round)
    each judge's totals in the round become z-scores, z = (x − μⱼ) ÷ σⱼ with the judge's own mean
    and population standard deviation, and are put back on the round's scale: μ + z·σ of all the
    round's totals. A lenient or a strict judge's bias cancels out. A judge with fewer than two
    sheets, or who gave every entry the same total, says nothing about the entries relative to
    each other: z = 0 (the round's mean).

Ranking, per category, deterministic
    1. the round's aggregate (mean or median; of normalised totals when normalising), higher first
    2. the other aggregate, higher first
    3. more sheets first
    4. smaller standard deviation first (judges agree more)
    5. earlier submission of the nomination first
    6. lower nomination id first
    Entries without a sheet come last, unranked.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

MEAN = "mean"
MEDIAN = "median"


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: float
    max_score: float
    independent: bool = False


@dataclass(frozen=True)
class SheetScores:
    """A submitted sheet: who, which entry, the value per criterion id."""

    id: int
    judge_id: int
    entry_id: int
    scores: dict[int, float]


@dataclass(frozen=True)
class SheetTotal:
    """A submitted sheet's total (sheet_total, or the same sum computed by the database)."""

    id: int
    judge_id: int
    entry_id: int
    total: float


@dataclass(frozen=True)
class EntryFacts:
    id: int
    nomination_id: int
    category_id: int
    submitted_at: float  # a timestamp; 0 when unknown


@dataclass
class EntryResult:
    entry: EntryFacts
    totals: list[float] = field(default_factory=list)
    normalised: list[float] = field(default_factory=list)
    sheets: int = 0
    mean: float | None = None
    median: float | None = None
    sd: float | None = None
    disagree: bool = False
    normalised_mean: float | None = None
    normalised_median: float | None = None
    independent: dict[int, float] = field(default_factory=dict)
    score: float | None = None  # what the ranking uses
    rank: int | None = None


def _number(value) -> float:
    return float(value) if isinstance(value, Decimal) else value


def sheet_total(scores: dict[int, float], criteria: list[CriterionSpec]) -> float | None:
    """The weighted total of one sheet on a 0–100 scale; None when nothing counted is scored."""
    counted = [c for c in criteria if not c.independent and scores.get(c.id) is not None]
    weights = sum(c.weight for c in counted)
    if not counted or weights <= 0:
        return None
    weighted = sum(c.weight * _number(scores[c.id]) / c.max_score for c in counted)
    return 100 * weighted / weights


# Plain float arithmetic: the statistics module's exact (fraction-based) deviations cost more
# than the whole rest of a 300-entry ranking.


def _mean(values: list[float]) -> float:
    return math.fsum(values) / len(values)


def _deviation(values: list[float], *, sample: bool) -> float:
    mean = _mean(values)
    squares = math.fsum((value - mean) ** 2 for value in values)
    return math.sqrt(squares / (len(values) - 1 if sample else len(values)))


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _sd(values: list[float]) -> float | None:
    return _deviation(values, sample=True) if len(values) >= 2 else None


def judge_normalisers(totals_by_judge: dict[int, list[float]], everything: list[float]):
    """A function (judge id, total) → the total normalised for that judge's bias."""
    if not everything:
        return lambda judge_id, total: total
    grand_mean = _mean(everything)
    grand_sd = _deviation(everything, sample=False) if len(everything) >= 2 else 0.0
    params = {}
    for judge_id, totals in totals_by_judge.items():
        sd = _deviation(totals, sample=False) if len(totals) >= 2 else 0.0
        params[judge_id] = (_mean(totals), sd)

    def normalise(judge_id: int, total: float) -> float:
        mean, sd = params[judge_id]
        z = (total - mean) / sd if sd > 1e-12 else 0.0
        return grand_mean + z * grand_sd

    return normalise


def entry_results(
    *,
    entries: list[EntryFacts],
    sheets: list[SheetScores],
    criteria: list[CriterionSpec],
    threshold: float,
    aggregate: str = MEAN,
    normalise: bool = False,
) -> list[EntryResult]:
    """Every entry's aggregates and rank within its category, from the sheets' scores."""
    known = {entry.id for entry in entries}
    totals = []
    independent: dict[int, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for sheet in sheets:
        if sheet.entry_id not in known:
            continue
        total = sheet_total(sheet.scores, criteria)
        if total is not None:
            totals.append(SheetTotal(sheet.id, sheet.judge_id, sheet.entry_id, total))
        for criterion in criteria:
            value = sheet.scores.get(criterion.id)
            if criterion.independent and value is not None:
                independent[sheet.entry_id][criterion.id].append(_number(value))
    means = {
        entry_id: {criterion_id: _mean(values) for criterion_id, values in by_criterion.items()}
        for entry_id, by_criterion in independent.items()
    }
    return rank_entries(
        entries=entries,
        totals=totals,
        independent=means,
        threshold=threshold,
        aggregate=aggregate,
        normalise=normalise,
    )


def rank_entries(
    *,
    entries: list[EntryFacts],
    totals: list[SheetTotal],
    independent: dict[int, dict[int, float]] | None = None,
    threshold: float,
    aggregate: str = MEAN,
    normalise: bool = False,
) -> list[EntryResult]:
    """Every entry's aggregates and rank within its category, from the sheets' totals (see the
    module's docstring); `independent` holds each entry's mean per independent criterion."""
    results = {entry.id: EntryResult(entry=entry) for entry in entries}
    totals = [sheet for sheet in totals if sheet.entry_id in results]
    normaliser = None
    if normalise:
        by_judge: dict[int, list[float]] = defaultdict(list)
        for sheet in totals:
            by_judge[sheet.judge_id].append(sheet.total)
        normaliser = judge_normalisers(by_judge, [sheet.total for sheet in totals])
    for sheet in totals:
        result = results[sheet.entry_id]
        result.totals.append(sheet.total)
        if normaliser is not None:
            result.normalised.append(normaliser(sheet.judge_id, sheet.total))
    for result in results.values():
        result.sheets = len(result.totals)
        if result.totals:
            result.mean = _mean(result.totals)
            result.median = _median(result.totals)
            result.sd = _sd(result.totals)
            result.disagree = result.sd is not None and result.sd > threshold
        if result.normalised:
            result.normalised_mean = _mean(result.normalised)
            result.normalised_median = _median(result.normalised)
        result.independent = dict((independent or {}).get(result.entry.id, {}))
    return rank(list(results.values()), aggregate=aggregate, normalise=normalise)


def _sort_key(result: EntryResult, aggregate: str, normalise: bool):
    mean = result.normalised_mean if normalise else result.mean
    median = result.normalised_median if normalise else result.median
    first, second = (mean, median) if aggregate == MEAN else (median, mean)
    unscored = first is None
    return (
        unscored,
        -(first or 0.0),
        -(second or 0.0),
        -result.sheets,
        result.sd if result.sd is not None else math.inf,
        result.entry.submitted_at,
        result.entry.nomination_id,
    )


def rank(results: list[EntryResult], *, aggregate: str, normalise: bool) -> list[EntryResult]:
    """Order each category's entries by the tie-break and number those with sheets 1, 2, …"""
    if aggregate not in (MEAN, MEDIAN):
        raise ValueError(f"unknown aggregate {aggregate!r}")
    ordered = sorted(
        results,
        key=lambda r: (r.entry.category_id, _sort_key(r, aggregate, normalise)),
    )
    position: dict[int, int] = defaultdict(int)
    for result in ordered:
        if normalise:
            result.score = result.normalised_mean if aggregate == MEAN else result.normalised_median
        else:
            result.score = result.mean if aggregate == MEAN else result.median
        if result.sheets:
            position[result.entry.category_id] += 1
            result.rank = position[result.entry.category_id]
        else:
            result.rank = None
    return ordered
