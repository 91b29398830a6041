"""Reads for judging: who is a judge, which entries a judge may see (assigned, or the whole
panel when the round allows it; never a conflicted one), the queue, a sheet, the peers' scores
when the round shows them (never their names), and the organisers' assignment overview."""

from collections import defaultdict

from django.db.models import Count, Q, QuerySet

from awards import ranking
from awards.models import (
    Assignment,
    Award,
    Conflict,
    Judge,
    Panel,
    Round,
    RoundEntry,
    ScoreSheet,
)
from registration import roles
from registration.selectors import user_roles

Submitted = ScoreSheet.Status.SUBMITTED


def judge_of(*, award: Award, user) -> Judge | None:
    """The user's judge record for these awards, if the account holds the judge role."""
    if not getattr(user, "is_authenticated", False):
        return None
    if roles.JUDGE not in user_roles(user=user):
        return None
    return Judge.objects.filter(award=award, user=user).first()


def visible_entries(*, judge: Judge, round: Round) -> QuerySet:
    """The entries of a scored round that this judge may open: assigned ones, or with
    `panel_sees_all` every entry of the judge's panels; conflicted nominations never."""
    if not round.is_scored or round.award_id != judge.award_id:
        return RoundEntry.objects.none()
    condition = Q(pk__in=Assignment.objects.filter(judge=judge).values("entry_id"))
    if round.panel_sees_all:
        panels = Panel.objects.filter(round=round, judges=judge)
        if panels.filter(category__isnull=True).exists():
            condition = Q()
        else:
            condition |= Q(nomination__category_id__in=panels.values("category_id"))
    return (
        RoundEntry.objects.filter(round=round)
        .filter(condition)
        .exclude(nomination_id__in=Conflict.objects.filter(judge=judge).values("nomination_id"))
    )


def judge_queue(*, judge: Judge, now) -> list[dict]:
    """Per opened scored round, the judge's entries: assigned first, then the least scored."""
    queue = []
    rounds = Round.objects.filter(award_id=judge.award_id).exclude(kind=Round.Kind.SCREENING)
    for round in rounds.order_by("position"):
        if not round.has_opened(now):
            continue
        entries = list(
            visible_entries(judge=judge, round=round)
            .select_related("nomination__category")
            .annotate(submitted_sheets=Count("sheets", filter=Q(sheets__status=Submitted)))
        )
        if not entries:
            continue
        own = dict(
            ScoreSheet.objects.filter(judge=judge, entry__round=round).values_list(
                "entry_id", "status"
            )
        )
        assigned = set(
            Assignment.objects.filter(judge=judge, entry__round=round).values_list(
                "entry_id", flat=True
            )
        )
        items = [
            {
                "entry": entry,
                "assigned": entry.pk in assigned,
                "status": own.get(entry.pk, ""),
                "submitted_sheets": entry.submitted_sheets,
            }
            for entry in entries
        ]
        items.sort(
            key=lambda item: (
                not item["assigned"],
                item["status"] == Submitted,
                item["submitted_sheets"],
                item["entry"].nomination.product_key,
                item["entry"].pk,
            )
        )
        done = sum(1 for item in items if item["status"] == Submitted)
        queue.append({"round": round, "items": items, "done": done, "is_open": round.is_open(now)})
    return queue


def entry_for_judge(*, judge: Judge, entry_id: int, now) -> RoundEntry | None:
    """The entry if the judge may open it now, else None (the view answers 404)."""
    entry = (
        RoundEntry.objects.filter(pk=entry_id, round__award_id=judge.award_id)
        .select_related("round", "nomination__category")
        .first()
    )
    if entry is None or not entry.round.has_opened(now):
        return None
    if not visible_entries(judge=judge, round=entry.round).filter(pk=entry.pk).exists():
        return None
    return entry


def sheet_of(*, judge: Judge, entry: RoundEntry) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(judge=judge, entry=entry).prefetch_related("scores").first()


def peer_sheets(*, judge: Judge, entry: RoundEntry, own: ScoreSheet | None, criteria=None):
    """The other judges' submitted sheets as rows per criterion, when the round shows them and
    the judge has submitted their own; None when they are hidden. Judges are numbered, never
    named: {"count": n, "rows": [(criterion, [value per judge])], "totals": [total per judge]}."""
    round = entry.round
    if round.scores_visible != Round.Visibility.AFTER_SUBMIT:
        return None
    if own is None or own.status != Submitted:
        return None
    if criteria is None:
        criteria = list(round.criteria.order_by("position", "id"))
    conflicted = Conflict.objects.filter(nomination_id=entry.nomination_id).values("judge_id")
    sheets = [
        {score.criterion_id: score.value for score in sheet.scores.all()}
        for sheet in ScoreSheet.objects.filter(entry=entry, status=Submitted)
        .exclude(judge=judge)
        .exclude(judge_id__in=conflicted)
        .prefetch_related("scores")
        .order_by("pk")
    ]
    specs = [
        ranking.CriterionSpec(
            id=c.pk, weight=float(c.weight), max_score=float(c.max_score), independent=c.independent
        )
        for c in criteria
    ]
    return {
        "count": len(sheets),
        "numbers": list(range(1, len(sheets) + 1)),
        "rows": [(c, [scores.get(c.pk) for scores in sheets]) for c in criteria],
        "totals": [ranking.sheet_total(scores, specs) for scores in sheets],
    }


def entry_panel(*, panels: list[Panel], category_id: int) -> Panel | None:
    """The panel that judges a category in a round: its sub-committee, else the jury."""
    jury = None
    for panel in panels:
        if panel.category_id == category_id:
            return panel
        if panel.category_id is None:
            jury = panel
    return jury


def round_assignment_overview(*, round: Round) -> dict:
    """For the organisers: every entry with its judges (and their sheet's state), every panel
    member's workload, in a fixed number of queries."""
    entries = list(
        RoundEntry.objects.filter(round=round)
        .select_related("nomination__category")
        .order_by("nomination__category__position", "nomination__product_key", "pk")
    )
    panels = list(
        Panel.objects.filter(round=round)
        .select_related("category")
        .prefetch_related("judges")
        .order_by("category__position", "pk")
    )
    assignments = Assignment.objects.filter(entry__round=round).select_related("judge")
    sheets = {
        (sheet.entry_id, sheet.judge_id): sheet
        for sheet in ScoreSheet.objects.filter(entry__round=round)
    }
    nomination_ids = [entry.nomination_id for entry in entries]
    conflicts = set(
        Conflict.objects.filter(
            judge__award_id=round.award_id, nomination_id__in=nomination_ids
        ).values_list("judge_id", "nomination_id")
    )
    by_entry = defaultdict(list)
    for assignment in assignments:
        sheet = sheets.get((assignment.entry_id, assignment.judge_id))
        by_entry[assignment.entry_id].append(
            {"assignment": assignment, "judge": assignment.judge, "sheet": sheet}
        )
    rows = []
    for entry in entries:
        panel = entry_panel(panels=panels, category_id=entry.nomination.category_id)
        judges = sorted(by_entry[entry.pk], key=lambda item: item["judge"].full_name)
        assigned_ids = {item["judge"].pk for item in judges}
        candidates = [
            judge
            for judge in (panel.judges.all() if panel else [])
            if judge.pk not in assigned_ids and (judge.pk, entry.nomination_id) not in conflicts
        ]
        rows.append(
            {
                "entry": entry,
                "panel": panel,
                "judges": judges,
                "missing": max(round.judges_per_entry - len(judges), 0),
                "candidates": candidates,
                "conflicted": sum(
                    1
                    for judge in (panel.judges.all() if panel else [])
                    if (judge.pk, entry.nomination_id) in conflicts
                ),
            }
        )
    # Per panel: what the balance promises (at most one apart within a panel).
    panel_loads = defaultdict(int)
    for row in rows:
        for item in row["judges"]:
            if row["panel"] is not None:
                panel_loads[(row["panel"].pk, item["judge"].pk)] += 1
    workloads = [
        {
            "panel": panel,
            "members": [
                {"judge": judge, "load": panel_loads[(panel.pk, judge.pk)]}
                for judge in sorted(panel.judges.all(), key=lambda j: j.full_name)
            ],
        }
        for panel in panels
    ]
    return {"rows": rows, "panels": panels, "workloads": workloads}


def sheet_in_round(*, round: Round, sheet_id: int) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(pk=sheet_id, entry__round=round).first()


def entry_page(*, judge: Judge, entry_id: int, now) -> dict | None:
    """What the judge's entry page shows; None when the judge may not open the entry."""
    entry = entry_for_judge(judge=judge, entry_id=entry_id, now=now)
    if entry is None:
        return None
    sheet = sheet_of(judge=judge, entry=entry)
    criteria = list(entry.round.criteria.order_by("position", "id"))
    return {
        "entry": entry,
        "round": entry.round,
        "nomination": entry.nomination,
        "attachments": list(entry.nomination.attachments.all()),
        "criteria": criteria,
        "sheet": sheet,
        "is_open": entry.round.is_open(now),
        "peers": peer_sheets(judge=judge, entry=entry, own=sheet, criteria=criteria),
    }
