"""Assignment of entries to judges. Automatic: each entry gets K judges of its panel (its
category's sub-committee, else the jury), never a conflicted one, and the panel's workloads end
up differing by at most one; existing assignments are kept (the manual override). Manual: an
organiser adds or removes a judge on an entry."""

from collections import defaultdict, deque

from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Assignment, Conflict, Judge, Panel, Round, RoundEntry, ScoreSheet
from awards.selectors.judging import entry_panel
from awards.services.common import award_log
from forum.errors import ServiceError


def lock_round(round_id: int) -> Round:
    return Round.objects.select_for_update(of=("self",)).select_related("award").get(pk=round_id)


def _balance(loads: dict, movable: dict, assigned: dict, can_take) -> None:
    """Move this run's assignments along augmenting paths until the highest and lowest loads
    differ by at most one, or no path is left. `movable[judge]` holds the entries given to the
    judge in this run, `assigned[entry]` the entry's judges; `can_take(judge, entry)` says
    whether the judge may judge the entry (not assigned to it yet, no conflict)."""
    while True:
        high = max(loads.values())
        low_judges = {j for j, load in loads.items() if load <= high - 2}
        if not low_judges:
            return
        path = None
        for start in sorted(j for j, load in loads.items() if load == high):
            path = _path(start, low_judges, loads, movable, can_take)
            if path:
                break
        if not path:
            return
        # Each judge on the path gives one entry and receives one: only the ends change load.
        for giver, entry, taker in path:
            movable[giver].discard(entry)
            movable[taker].add(entry)
            assigned[entry].discard(giver)
            assigned[entry].add(taker)
        loads[path[0][0]] -= 1
        loads[path[-1][2]] += 1


def _path(start, targets, loads, movable, can_take):
    """Breadth-first: a chain of (giver, entry, taker) moves from `start` to a target judge."""
    previous = {start: None}
    todo = deque([start])
    while todo:
        giver = todo.popleft()
        for entry in sorted(movable[giver]):
            for taker in sorted(loads):
                if taker in previous or not can_take(taker, entry):
                    continue
                previous[taker] = (giver, entry)
                if taker in targets and loads[taker] <= loads[start] - 2:
                    steps, node = [], taker
                    while previous[node] is not None:
                        giver_of, moved = previous[node]
                        steps.append((giver_of, moved, node))
                        node = giver_of
                    return list(reversed(steps))
                todo.append(taker)
    return None


def assignments_auto(*, round_id: int, actor) -> dict:
    """Fill every entry of the round up to K judges. Returns what happened: how many were
    created, the entries short of judges, and the panels whose loads could not be balanced."""
    with transaction.atomic():
        round = lock_round(round_id)
        if not round.is_scored:
            raise ServiceError(_("Vòng sàng lọc không phân công giám khảo."), code="screening")
        entries = list(RoundEntry.objects.filter(round=round).select_related("nomination"))
        panels = list(Panel.objects.filter(round=round).prefetch_related("judges"))
        existing = defaultdict(set)
        for entry_id, judge_id in Assignment.objects.filter(entry__round=round).values_list(
            "entry_id", "judge_id"
        ):
            existing[entry_id].add(judge_id)
        conflicts = set(
            Conflict.objects.filter(judge__award_id=round.award_id).values_list(
                "judge_id", "nomination_id"
            )
        )
        by_panel = defaultdict(list)
        for entry in entries:
            panel = entry_panel(panels=panels, category_id=entry.nomination.category_id)
            if panel is not None:
                by_panel[panel.pk].append(entry)
        created, short, unbalanced = [], [], []
        for panel in panels:
            members = sorted(judge.pk for judge in panel.judges.all())
            panel_entries = by_panel.get(panel.pk, [])
            if not panel_entries:
                continue
            nomination_of = {entry.pk: entry.nomination_id for entry in panel_entries}
            assigned = {entry.pk: set(existing[entry.pk]) for entry in panel_entries}
            loads = dict.fromkeys(members, 0)
            for entry in panel_entries:
                for judge in assigned[entry.pk]:
                    if judge in loads:
                        loads[judge] += 1

            def can_take(judge, entry_id, assigned=assigned, nomination_of=nomination_of):
                return (
                    judge not in assigned[entry_id]
                    and (judge, nomination_of[entry_id]) not in conflicts
                )

            movable = defaultdict(set)
            # The most constrained entries first: fewest judges able to take them.
            order = sorted(
                panel_entries,
                key=lambda e: (sum(1 for j in members if can_take(j, e.pk)), e.pk),
            )
            for entry in order:
                need = round.judges_per_entry - len(assigned[entry.pk])
                for _slot in range(max(need, 0)):
                    options = [j for j in members if can_take(j, entry.pk)]
                    if not options:
                        short.append((entry, len(assigned[entry.pk])))
                        break
                    judge = min(options, key=lambda j: (loads[j], j))
                    assigned[entry.pk].add(judge)
                    movable[judge].add(entry.pk)
                    loads[judge] += 1
            if loads:
                _balance(loads, movable, assigned, can_take)
                if max(loads.values()) - min(loads.values()) > 1:
                    unbalanced.append(panel)
            for judge, items in movable.items():
                created.extend((entry_id, judge) for entry_id in items)
        Assignment.objects.bulk_create(
            [
                Assignment(
                    entry_id=entry_id,
                    judge_id=judge_id,
                    source=Assignment.Source.AUTO,
                    created_by=actor if getattr(actor, "pk", None) else None,
                )
                for entry_id, judge_id in sorted(created)
            ]
        )
        award_log(round.award, actor, "assigned_auto", round=round.pk, created=len(created))
    return {"created": len(created), "short": short, "unbalanced": unbalanced}


def assignment_add(*, round_id: int, entry_id: int, judge_id: int, actor) -> Assignment:
    with transaction.atomic():
        round = lock_round(round_id)
        entry = RoundEntry.objects.filter(round=round, pk=entry_id).first()
        judge = Judge.objects.filter(award_id=round.award_id, pk=judge_id).first()
        if entry is None or judge is None:
            raise ServiceError(_("Không tìm thấy hồ sơ hoặc giám khảo."), code="not_found")
        if Conflict.objects.filter(judge=judge, nomination_id=entry.nomination_id).exists():
            raise ServiceError(_("Giám khảo có xung đột lợi ích với hồ sơ này."), code="conflict")
        assignment, created = Assignment.objects.get_or_create(
            entry=entry,
            judge=judge,
            defaults={"source": Assignment.Source.MANUAL, "created_by": actor},
        )
        if created:
            award_log(round.award, actor, "assigned", nomination=entry.nomination, judge=judge.pk)
    return assignment


def assignment_remove(*, round_id: int, assignment_id: int, actor) -> None:
    with transaction.atomic():
        round = lock_round(round_id)
        assignment = (
            Assignment.objects.filter(entry__round=round, pk=assignment_id)
            .select_related("entry__nomination")
            .first()
        )
        if assignment is None:
            return
        if ScoreSheet.objects.filter(entry=assignment.entry, judge=assignment.judge_id).exists():
            raise ServiceError(
                _("Giám khảo đã bắt đầu chấm hồ sơ này; không bỏ phân công được."),
                code="sheet_started",
            )
        assignment.delete()
        award_log(
            round.award,
            actor,
            "unassigned",
            nomination=assignment.entry.nomination,
            judge=assignment.judge_id,
        )
