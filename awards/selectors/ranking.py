"""The ranking of a round, per category, from submitted sheets only and never from a conflicted
judge's sheet; read in a fixed number of queries whatever the number of entries, judges and
criteria (the arithmetic is awards.ranking's)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, FloatField, Max, OuterRef, Sum, Value, When
from django.db.models.functions import Cast

from awards import ranking
from awards.models import (
    Assignment,
    Conflict,
    Criterion,
    Round,
    RoundEntry,
    Score,
    ScoreSheet,
)

Submitted = ScoreSheet.Status.SUBMITTED
ENTRY_FIELDS = (
    "round_id",
    "nomination__id",
    "nomination__product_name",
    "nomination__company_name",
    "nomination__category_id",
    "nomination__submitted_at",
    "nomination__tier",
    "nomination__category__id",
    "nomination__category__name",
    "nomination__category__name_en",
    "nomination__category__position",
)


@dataclass
class RoundData:
    round: Round
    criteria: list[Criterion]
    entries: dict[int, RoundEntry]
    totals: list[ranking.SheetTotal]
    results: list[ranking.EntryResult]


def _timestamp(value) -> float:
    return value.timestamp() if value else 0.0


def _counted_scores(round: Round):
    """The round's scores that count: on submitted sheets, never a conflicted judge's (an
    excluded pair never reaches the aggregates, whenever the conflict was found)."""
    conflicted = Conflict.objects.filter(
        judge_id=OuterRef("sheet__judge_id"), nomination_id=OuterRef("sheet__entry__nomination_id")
    )
    return Score.objects.filter(sheet__entry__round=round, sheet__status=Submitted).exclude(
        Exists(conflicted)
    )


def _as_float(field: str):
    return Cast(field, FloatField())


def round_data(*, round: Round) -> RoundData:
    """Entries and their results. The database sums each sheet (ranking.sheet_total's formula:
    only the scored, not independent criteria, in both sums) and hands each independent score
    beside it, so 16,200 scores come back as one row per sheet."""
    criteria = list(Criterion.objects.filter(round=round).order_by("position", "id"))
    entries = {
        entry.pk: entry
        for entry in RoundEntry.objects.filter(round=round)
        .select_related("nomination__category")
        # Only what a ranking shows: a dossier's long texts would weigh far more than the rest.
        .only(*ENTRY_FIELDS)
    }
    independent_ids = [c.pk for c in criteria if c.independent]
    counted_weight = Case(
        When(criterion__independent=False, then=_as_float("criterion__weight")),
        default=Value(0.0),
        output_field=FloatField(),
    )
    per_independent = {
        f"independent_{criterion_id}": Max(
            Case(
                When(criterion_id=criterion_id, then=_as_float("value")), output_field=FloatField()
            )
        )
        for criterion_id in independent_ids
    }
    sheets = (
        _counted_scores(round)
        .values("sheet_id", "sheet__judge_id", "sheet__entry_id")
        .annotate(
            weighted=Sum(counted_weight * _as_float("value") / _as_float("criterion__max_score")),
            weights=Sum(counted_weight),
            **per_independent,
        )
        .order_by("sheet_id")
    )
    totals = []
    independent_values: dict[int, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for row in sheets:
        if row["weights"]:
            totals.append(
                ranking.SheetTotal(
                    id=row["sheet_id"],
                    judge_id=row["sheet__judge_id"],
                    entry_id=row["sheet__entry_id"],
                    total=100 * row["weighted"] / row["weights"],
                )
            )
        for criterion_id in independent_ids:
            value = row[f"independent_{criterion_id}"]
            if value is not None:
                independent_values[row["sheet__entry_id"]][criterion_id].append(value)
    independent = {
        entry_id: {criterion_id: sum(v) / len(v) for criterion_id, v in by_criterion.items()}
        for entry_id, by_criterion in independent_values.items()
    }
    facts = [
        ranking.EntryFacts(
            id=entry.pk,
            nomination_id=entry.nomination_id,
            category_id=entry.nomination.category_id,
            submitted_at=_timestamp(entry.nomination.submitted_at),
        )
        for entry in entries.values()
    ]
    results = ranking.rank_entries(
        entries=facts,
        totals=totals,
        independent=independent,
        threshold=float(round.disagreement_threshold),
        aggregate=round.aggregate,
        normalise=round.normalise,
    )
    return RoundData(
        round=round, criteria=criteria, entries=entries, totals=totals, results=results
    )


def round_ranking(*, round: Round) -> dict:
    """Per category (in the categories' order), the ranked rows of the round."""
    data = round_data(round=round)
    assigned = dict(
        Assignment.objects.filter(entry__round=round)
        .values("entry_id")
        .annotate(count=Count("pk"))
        .values_list("entry_id", "count")
    )
    categories: dict[int, dict] = {}
    for result in data.results:
        entry = data.entries[result.entry.id]
        category = entry.nomination.category
        group = categories.setdefault(category.pk, {"category": category, "rows": []})
        group["rows"].append(
            {
                "result": result,
                "entry": entry,
                "nomination": entry.nomination,
                "assigned": assigned.get(entry.pk, 0),
                "independent": [
                    result.independent.get(c.pk) for c in data.criteria if c.independent
                ],
            }
        )
    ordered = sorted(categories.values(), key=lambda g: (g["category"].position, g["category"].pk))
    return {
        "round": round,
        "criteria": data.criteria,
        "independent": [c for c in data.criteria if c.independent],
        "categories": ordered,
    }


def round_score_rows(*, round: Round) -> dict:
    """For the jury's spreadsheet: every counted sheet with its scores, beside its entry's
    aggregates and rank."""
    data = round_data(round=round)
    sheet_ids = [sheet.id for sheet in data.totals]
    scores: dict[int, dict[int, float]] = defaultdict(dict)
    for sheet_id, criterion_id, value in _counted_scores(round).values_list(
        "sheet_id", "criterion_id", "value"
    ):
        scores[sheet_id][criterion_id] = float(value)
    sheets = {
        sheet.pk: sheet
        for sheet in ScoreSheet.objects.filter(pk__in=sheet_ids).select_related("judge")
    }
    by_entry = defaultdict(list)
    for total in data.totals:
        by_entry[total.entry_id].append(total)
    rows = []
    for result in data.results:
        entry = data.entries[result.entry.id]
        for total in by_entry[entry.pk] or [None]:
            sheet = sheets.get(total.id) if total else None
            rows.append(
                {
                    "entry": entry,
                    "result": result,
                    "judge": sheet.judge if sheet else None,
                    "total": total.total if total else None,
                    "scores": [
                        scores[total.id].get(c.pk) if total else None for c in data.criteria
                    ],
                    "comment": sheet.comment if sheet else "",
                }
            )
    return {"criteria": data.criteria, "rows": rows}
