"""seed_forum's awards: the eight categories of 2025, a rubric, judges (the demo judge with a
declared conflict, another excluded from his own company's entry), forty nominations in every
state, scores, finalists, decisions and published results; seeding again changes nothing."""

import io

import pytest
from django.core.management import call_command

from awards.models import Award, Conflict, Judge, Nomination, RoundEntry, ScoreSheet
from awards.selectors.judging import judge_queue

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    call_command("seed_forum", stdout=out)
    return out.getvalue()


def test_seed_gives_every_awards_page_something_real():
    output = seed()

    award = Award.objects.get()
    assert award.categories.count() == 8
    assert award.categories.get(code="tiem-nang").small_firms_only
    assert award.rounds.get(kind="scoring").criteria.filter(independent=True).count() == 1
    nominations = Nomination.objects.filter(award=award)
    assert nominations.count() == 40
    assert {n.status for n in nominations} == {"draft", "submitted"}
    assert {n.eligibility for n in nominations} == {"pending", "eligible", "ineligible"}
    assert {n.tier for n in nominations} >= {"gold", "silver", "bronze", ""}
    assert award.results_published_at is not None
    # The top three of each category go on (fewer where fewer were scored).
    assert RoundEntry.objects.filter(round__kind="final").count() == 19
    assert ScoreSheet.objects.filter(status="submitted").count() > 100
    assert "Awards: 8 categories, 9 judges, 40 nominations" in output


def test_the_demo_judge_has_a_declared_conflict_and_work_left():
    seed()
    from django.utils import timezone

    judge = Judge.objects.get(user__email="judge@forum.test")

    assert Conflict.objects.filter(judge=judge, source="declared").count() == 1
    queue = judge_queue(judge=judge, now=timezone.now())
    statuses = [item["status"] for block in queue for item in block["items"]]
    assert "submitted" in statuses
    assert statuses.count("submitted") < len(statuses)
    assert Conflict.objects.filter(source="organisation").exists()


def test_the_demo_enterprise_has_a_draft_a_pending_and_an_awarded_nomination():
    seed()

    own = Nomination.objects.filter(owner__email="enterprise@forum.test")

    assert sorted((n.status, n.eligibility) for n in own) == [
        ("draft", "pending"),
        ("submitted", "eligible"),
        ("submitted", "pending"),
    ]
    assert own.get(eligibility="eligible").is_awarded


def test_seeding_again_changes_nothing():
    seed()
    counts = (Nomination.objects.count(), ScoreSheet.objects.count(), Judge.objects.count())

    output = seed()

    assert (Nomination.objects.count(), ScoreSheet.objects.count(), Judge.objects.count()) == counts
    assert "Awards: 40 nominations (already seeded)" in output
