"""Automatic, balanced assignment: each entry gets K judges of its panel, no conflicted judge,
workloads differing by at most one; existing assignments kept; and the manual override."""

import random
from collections import Counter

import pytest

from awards.models import Assignment, Conflict, Nomination, RoundEntry
from awards.services.assignment import _balance, assignment_add, assignment_remove, assignments_auto
from forum.errors import ServiceError
from forum.vietnamese import search_key
from tests.awards.helpers import entry_of, judge_make, nomination_make, panel_of, score


def entries_direct(setup, count: int, category=None) -> list[RoundEntry]:
    """Eligible nominations in the scoring round, written directly (fast, for many entries)."""
    category = category or setup.industry
    start = Nomination.objects.count()
    nominations = Nomination.objects.bulk_create(
        Nomination(
            award=setup.award,
            category=category,
            company_name=f"Công ty {start + n}",
            company_key=search_key(f"Công ty {start + n}"),
            product_name=f"Sản phẩm {start + n}",
            product_key=search_key(f"Sản phẩm {start + n}"),
            status="submitted",
            submitted_at="2025-10-01T08:00:00+07:00",
            eligibility="eligible",
        )
        for n in range(count)
    )
    return RoundEntry.objects.bulk_create(
        RoundEntry(round=setup.scoring, nomination=n, source="screening") for n in nominations
    )


def loads(round) -> Counter:
    return Counter(Assignment.objects.filter(entry__round=round).values_list("judge_id", flat=True))


def test_every_entry_gets_k_judges_and_workloads_differ_by_at_most_one(setup, judges, panel):
    more = [judge_make(setup, f"them{n}@example.vn", panels=[panel]) for n in range(2)]
    entries = entries_direct(setup, 7)
    setup.scoring.judges_per_entry = 3
    setup.scoring.save()

    report = assignments_auto(round_id=setup.scoring.pk, actor=None)

    assert report["created"] == 21
    assert report["short"] == [] and report["unbalanced"] == []
    for entry in entries:
        assert entry.assignments.count() == 3
    counts = loads(setup.scoring)
    assert set(counts) == {j.pk for j in [*judges, *more]}
    assert max(counts.values()) - min(counts.values()) <= 1
    assert sum(counts.values()) == 21


def test_entries_go_to_their_own_panel(setup, judges):
    potential_panel = panel_of(setup.scoring, setup.potential)
    others = [judge_make(setup, f"tn{n}@example.vn", panels=[potential_panel]) for n in range(2)]
    industry = entries_direct(setup, 2)
    potential = entries_direct(setup, 2, category=setup.potential)

    assignments_auto(round_id=setup.scoring.pk, actor=None)

    for entry in industry:
        assert set(entry.assignments.values_list("judge", flat=True)) <= {j.pk for j in judges}
    for entry in potential:
        assert set(entry.assignments.values_list("judge", flat=True)) == {j.pk for j in others}


def test_the_jury_takes_every_category_in_the_final(setup, judges):
    jury = panel_of(setup.final, None)
    members = [judge_make(setup, f"hd{n}@example.vn", panels=[jury]) for n in range(3)]
    a = nomination_make(setup, eligible=True)
    RoundEntry.objects.create(round=setup.final, nomination=a, source="shortlist")
    setup.final.judges_per_entry = 3
    setup.final.save()

    assignments_auto(round_id=setup.final.pk, actor=None)

    assert set(entry_of(setup.final, a).assignments.values_list("judge", flat=True)) == {
        j.pk for j in members
    }


def test_running_it_again_adds_nothing_and_keeps_manual_assignments(setup, judges):
    [entry] = entries_direct(setup, 1)
    assignment_add(round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=judges[2].pk, actor=None)

    first = assignments_auto(round_id=setup.scoring.pk, actor=None)
    again = assignments_auto(round_id=setup.scoring.pk, actor=None)

    assert first["created"] == 1
    assert again["created"] == 0
    assert entry.assignments.count() == 2
    assert entry.assignments.get(judge=judges[2]).source == Assignment.Source.MANUAL


def test_fixed_assignments_that_prevent_balance_are_reported(setup, judges):
    entries = entries_direct(setup, 5)
    setup.scoring.judges_per_entry = 1
    setup.scoring.save()
    for entry in entries[:3]:
        assignment_add(
            round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=judges[0].pk, actor=None
        )

    report = assignments_auto(round_id=setup.scoring.pk, actor=None)

    assert [panel.pk for panel in report["unbalanced"]] == [
        panel_of(setup.scoring, setup.industry).pk
    ]
    assert loads(setup.scoring) == Counter({judges[0].pk: 3, judges[1].pk: 1, judges[2].pk: 1})


def test_balancing_moves_new_assignments_along_a_chain():
    """A holds three new entries, B two, C one. C cannot take A's entries but can take B's
    "e4", and B can take A's "e1": moving e1 to B and e4 to C evens the loads."""
    loads = {"A": 3, "B": 2, "C": 1}
    movable = {"A": {"e1", "e2", "e3"}, "B": {"e4", "e5"}, "C": {"e6"}}
    assigned = {"e1": {"A"}, "e2": {"A"}, "e3": {"A"}, "e4": {"B"}, "e5": {"B"}, "e6": {"C"}}
    allowed = {("B", "e1"), ("C", "e4")}

    def can_take(judge, entry):
        return judge not in assigned[entry] and (judge, entry) in allowed

    _balance(loads, movable, assigned, can_take)

    assert loads == {"A": 2, "B": 2, "C": 2}
    assert movable == {"A": {"e2", "e3"}, "B": {"e1", "e5"}, "C": {"e4", "e6"}}
    assert assigned["e1"] == {"B"} and assigned["e4"] == {"C"}


def test_balancing_fixes_what_the_first_pass_leaves_uneven(setup, panel):
    """Four judges, five entries, one judge each, and conflicts such that the first pass (most
    constrained entry first, least loaded judge) ends at loads 2, 2, 1, 0: the last judge can
    only take the first entry, which went to the third. Moving entries along a chain evens
    the loads to 2, 1, 1, 1."""
    setup.scoring.judges_per_entry = 1
    setup.scoring.save()
    judges = [judge_make(setup, f"cb{n}@example.vn", panels=[panel]) for n in range(4)]
    entries = entries_direct(setup, 5)
    conflicts = [(0, 0), (0, 2), (1, 0), (1, 1), (2, 4), (3, 1), (3, 2), (3, 3), (3, 4)]
    for judge, entry in conflicts:
        Conflict.objects.create(
            judge=judges[judge], nomination=entries[entry].nomination, source="declared"
        )

    report = assignments_auto(round_id=setup.scoring.pk, actor=None)

    counts = loads(setup.scoring)
    assert report["unbalanced"] == []
    assert sorted(counts[j.pk] for j in judges) == [1, 1, 1, 2]
    assert entries[0].assignments.get().judge == judges[3]


@pytest.mark.parametrize("seed", range(12))
def test_random_panels_with_conflicts_stay_balanced_and_conflict_free(setup, panel, seed):
    rng = random.Random(seed)
    judges = [
        judge_make(setup, f"r{seed}-{n}@example.vn", panels=[panel])
        for n in range(rng.randint(3, 7))
    ]
    entries = entries_direct(setup, rng.randint(4, 15))
    setup.scoring.judges_per_entry = rng.randint(1, 3)
    setup.scoring.save()
    conflicts = set()
    for entry in entries:
        if rng.random() < 0.3:
            judge = rng.choice(judges)
            Conflict.objects.create(judge=judge, nomination=entry.nomination, source="declared")
            conflicts.add((judge.pk, entry.nomination_id))

    report = assignments_auto(round_id=setup.scoring.pk, actor=None)

    for entry in entries:
        given = list(entry.assignments.values_list("judge", flat=True))
        possible = sum(1 for j in judges if (j.pk, entry.nomination_id) not in conflicts)
        assert len(given) == min(setup.scoring.judges_per_entry, possible)
        assert not any((judge, entry.nomination_id) in conflicts for judge in given)
    counts = loads(setup.scoring)
    spread = max(counts.get(j.pk, 0) for j in judges) - min(counts.get(j.pk, 0) for j in judges)
    assert report["unbalanced"] == []
    assert spread <= 1


def test_organiser_adds_and_removes_a_judge_by_hand(setup, judges, organiser_client):
    [entry] = entries_direct(setup, 1)

    organiser_client.post(
        f"/organiser/awards/rounds/{setup.scoring.pk}/assignments/add/",
        {"entry": entry.pk, "judge": judges[1].pk},
    )
    assignment = entry.assignments.get()
    organiser_client.post(
        f"/organiser/awards/rounds/{setup.scoring.pk}/assignments/{assignment.pk}/remove/"
    )

    assert assignment.judge == judges[1]
    assert assignment.source == Assignment.Source.MANUAL
    assert not entry.assignments.exists()


def test_a_conflicted_judge_cannot_be_assigned_by_hand(setup, judges):
    [entry] = entries_direct(setup, 1)
    Conflict.objects.create(judge=judges[0], nomination=entry.nomination, source="declared")

    with pytest.raises(ServiceError) as refused:
        assignment_add(
            round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=judges[0].pk, actor=None
        )

    assert refused.value.code == "conflict"


def test_an_assignment_with_a_sheet_started_stays(setup, judges):
    nomination = nomination_make(setup, eligible=True)
    entry = entry_of(setup.scoring, nomination)
    assignment = assignment_add(
        round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=judges[0].pk, actor=None
    )
    score(judges[0], entry, {setup.criteria[0]: 4}, submit=False)

    with pytest.raises(ServiceError) as refused:
        assignment_remove(round_id=setup.scoring.pk, assignment_id=assignment.pk, actor=None)

    assert refused.value.code == "sheet_started"


def test_the_assignment_page_shows_workloads_and_what_is_missing(setup, judges, organiser_client):
    entries_direct(setup, 2)
    setup.scoring.judges_per_entry = 3
    setup.scoring.save()

    before = organiser_client.get(f"/organiser/awards/rounds/{setup.scoring.pk}/")
    response = organiser_client.post(
        f"/organiser/awards/rounds/{setup.scoring.pk}/assign/", follow=True
    )

    assert "Thiếu 3 giám khảo" in before.content.decode()
    assert "Đã phân công thêm 6 lượt chấm." in response.content.decode()
    industry = next(
        g for g in response.context["workloads"] if g["panel"].category == setup.industry
    )
    assert [item["load"] for item in industry["members"]] == [2, 2, 2]


def test_the_assignment_page_keeps_a_constant_number_of_queries(
    setup, judges, organiser_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    entries_direct(setup, 1)
    assignments_auto(round_id=setup.scoring.pk, actor=None)
    with CaptureQueriesContext(connection) as one:
        organiser_client.get(f"/organiser/awards/rounds/{setup.scoring.pk}/")
    entries_direct(setup, 8)
    assignments_auto(round_id=setup.scoring.pk, actor=None)

    with django_assert_num_queries(len(one.captured_queries)):
        organiser_client.get(f"/organiser/awards/rounds/{setup.scoring.pk}/")
