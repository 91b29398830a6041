"""The ranking of a round, per category, from submitted sheets only and never from a conflicted
judge's sheet; read in a fixed number of queries whatever the number of entries, judges and
criteria (the arithmetic is awards.ranking's)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from awards import ranking
from awards.models import (
    Assignment,
    Conflict,
    Criterion,
    Judge,
    Round,
    RoundEntry,
    Score,
    ScoreSheet,
)

Submitted = ScoreSheet.Status.SUBMITTED


@dataclass
class RoundData:
    round: Round
    criteria: list[Criterion]
    entries: dict[int, RoundEntry]
    sheets: list[ranking.SheetScores]
    results: list[ranking.EntryResult]


def _timestamp(value) -> float:
    return value.timestamp() if value else 0.0


def round_data(*, round: Round) -> RoundData:
    criteria = list(Criterion.objects.filter(round=round).order_by("position", "id"))
    entries = {
        entry.pk: entry
        for entry in RoundEntry.objects.filter(round=round).select_related("nomination__category")
    }
    conflicts = set(
        Conflict.objects.filter(
            judge__award_id=round.award_id, nomination__entries__round=round
        ).values_list("judge_id", "nomination_id")
    )
    scores: dict[int, dict[int, float]] = defaultdict(dict)
    for sheet_id, criterion_id, value in Score.objects.filter(
        sheet__entry__round=round, sheet__status=Submitted
    ).values_list("sheet_id", "criterion_id", "value"):
        scores[sheet_id][criterion_id] = float(value)
    sheets = [
        ranking.SheetScores(id=pk, judge_id=judge_id, entry_id=entry_id, scores=scores[pk])
        for pk, judge_id, entry_id in ScoreSheet.objects.filter(
            entry__round=round, status=Submitted
        )
        .order_by("pk")
        .values_list("pk", "judge_id", "entry_id")
        # An excluded pair never reaches the aggregates, whenever the conflict was found.
        if (judge_id, entries[entry_id].nomination_id) not in conflicts
    ]
    specs = [
        ranking.CriterionSpec(
            id=c.pk, weight=float(c.weight), max_score=float(c.max_score), independent=c.independent
        )
        for c in criteria
    ]
    facts = [
        ranking.EntryFacts(
            id=entry.pk,
            nomination_id=entry.nomination_id,
            category_id=entry.nomination.category_id,
            submitted_at=_timestamp(entry.nomination.submitted_at),
        )
        for entry in entries.values()
    ]
    results = ranking.entry_results(
        entries=facts,
        sheets=sheets,
        criteria=specs,
        threshold=float(round.disagreement_threshold),
        aggregate=round.aggregate,
        normalise=round.normalise,
    )
    return RoundData(
        round=round, criteria=criteria, entries=entries, sheets=sheets, results=results
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
    judges = {
        judge.pk: judge
        for judge in Judge.objects.filter(pk__in={sheet.judge_id for sheet in data.sheets})
    }
    comments = dict(
        ScoreSheet.objects.filter(pk__in=[sheet.id for sheet in data.sheets]).values_list(
            "pk", "comment"
        )
    )
    results = {result.entry.id: result for result in data.results}
    sheets_by_entry = defaultdict(list)
    for sheet in data.sheets:
        sheets_by_entry[sheet.entry_id].append(sheet)
    rows = []
    specs = [
        ranking.CriterionSpec(
            id=c.pk, weight=float(c.weight), max_score=float(c.max_score), independent=c.independent
        )
        for c in data.criteria
    ]
    for result in data.results:
        entry = data.entries[result.entry.id]
        for sheet in sheets_by_entry[entry.pk] or [None]:
            rows.append(
                {
                    "entry": entry,
                    "result": results[entry.pk],
                    "judge": judges.get(sheet.judge_id) if sheet else None,
                    "total": ranking.sheet_total(sheet.scores, specs) if sheet else None,
                    "scores": [sheet.scores.get(c.pk) if sheet else None for c in data.criteria],
                    "comment": comments.get(sheet.id, "") if sheet else "",
                }
            )
    return {"criteria": data.criteria, "rows": rows}
