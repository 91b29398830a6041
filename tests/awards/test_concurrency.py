"""Judging under concurrency, on PostgreSQL with real threads (each with its own connection).

A judge's sheet saved from many requests at once (two tabs, a double tap on a bad network) keeps
one score per criterion and an audit trail that is a chain, old → new, because the sheet row is
locked while it is written; the control without the lock shows broken chains or refused
duplicates. Automatic assignment started by several organisers at once gives each entry exactly
K judges; the control without the round lock shows the second run crashing on the duplicates.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection

from awards.models import Assignment, Score, ScoreChange, ScoreSheet
from awards.services import assignment as assigning
from awards.services import scoring
from tests.awards.helpers import (
    award_setup,
    entry_of,
    judge_make,
    nomination_make,
    panel_of,
    tax_code,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 12
JOIN_TIMEOUT = 60


def run_together(count: int, target) -> list[BaseException]:
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(count)

    def wrapped(index):
        try:
            barrier.wait(timeout=JOIN_TIMEOUT)
            target(index)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrapped, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return errors


@pytest.fixture
def judged(edition):
    setup = award_setup(edition)
    judge = judge_make(setup, "gk@example.vn", panels=[panel_of(setup.scoring, setup.industry)])
    entry = entry_of(setup.scoring, nomination_make(setup, eligible=True))
    assigning.assignment_add(
        round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=judge.pk, actor=None
    )
    return setup, judge, entry


def save_many(setup, judge, entry):
    novelty = setup.criteria[0]

    def save(index):
        scoring.sheet_save(
            judge=judge,
            entry_id=entry.pk,
            values={novelty.pk: Decimal(index % 10)},
            comments={},
            comment="",
            submit=False,
            actor=judge.user,
        )

    return run_together(THREADS, save)


def chain_breaks(sheet_changes) -> int:
    """How many audit lines do not start from the value the previous one ended at."""
    breaks, previous = 0, None
    for change in sheet_changes:
        if change.old_value != previous:
            breaks += 1
        previous = change.new_value
    return breaks


def test_concurrent_saves_of_a_sheet_keep_one_score_and_an_unbroken_audit_chain(judged):
    setup, judge, entry = judged

    errors = save_many(setup, judge, entry)

    assert errors == []
    assert ScoreSheet.objects.count() == 1
    [score] = Score.objects.filter(criterion=setup.criteria[0])
    changes = list(ScoreChange.objects.filter(action="score").order_by("pk"))
    assert chain_breaks(changes) == 0
    assert changes[-1].new_value == score.value
    assert changes[0].old_value is None


def test_control_without_the_sheet_lock_breaks_the_chain_or_hits_the_constraint(
    judged, monkeypatch
):
    setup, judge, entry = judged

    def sheet_without_lock(*, entry, judge):
        sheet, _created = ScoreSheet.objects.get_or_create(entry=entry, judge=judge)
        # Deliberate delay, in the control only: widen the window between reading the sheet's
        # scores and writing, so the race the lock prevents shows up on every run.
        time.sleep(0.05)
        return sheet

    monkeypatch.setattr(scoring, "sheet_lock", sheet_without_lock)

    errors = save_many(setup, judge, entry)

    changes = list(ScoreChange.objects.filter(action="score").order_by("pk"))
    duplicates = [exc for exc in errors if isinstance(exc, IntegrityError)]
    assert duplicates or chain_breaks(changes) > 0, "expected the race without the lock"
    # Whatever raced, the database never holds two scores for one criterion.
    assert Score.objects.filter(criterion=setup.criteria[0]).count() <= 1


@pytest.fixture
def crowded(edition):
    """Five judges on a panel and twelve entries, K = 3."""
    setup = award_setup(edition, judges_per_entry=3)
    panel = panel_of(setup.scoring, setup.industry)
    for number in range(5):
        judge_make(setup, f"gk{number}@example.vn", panels=[panel])
    for number in range(12):
        nomination_make(
            setup,
            eligible=True,
            product_name=f"Sản phẩm {number}",
            tax_code=tax_code(number),
        )
    return setup


def test_automatic_assignment_started_at_once_gives_each_entry_k_judges(crowded):
    errors = run_together(
        4, lambda _n: assigning.assignments_auto(round_id=crowded.scoring.pk, actor=None)
    )

    assert errors == []
    per_entry = {entry.pk: entry.assignments.count() for entry in crowded.scoring.entries.all()}
    assert set(per_entry.values()) == {3}
    assert Assignment.objects.count() == 36


def test_control_without_the_round_lock_crashes_on_duplicate_assignments(crowded, monkeypatch):
    from awards.models import Round

    real_entries = assigning.RoundEntry.objects

    def round_without_lock(round_id):
        round = Round.objects.select_related("award").get(pk=round_id)
        list(real_entries.filter(round=round))
        time.sleep(0.05)  # control only: let every run read before any writes
        return round

    monkeypatch.setattr(assigning, "lock_round", round_without_lock)

    errors = run_together(
        4, lambda _n: assigning.assignments_auto(round_id=crowded.scoring.pk, actor=None)
    )

    assert errors and all(isinstance(exc, IntegrityError) for exc in errors), errors
