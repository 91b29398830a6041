"""seed_forum's showcase: 11 sample problems marked as samples, about 25 demos with stage slots
in the forum's afternoon, verifications by checked-in demo delegates only, commitments; twice
changes nothing."""

import itertools
from io import StringIO

import pytest
from django.core.management import call_command

from checkin.models import Scan
from forum.models import Edition
from showcase.models import ClaimAnswer, Commitment, Demo, Problem, Representative, Verification

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_forum", "--delegates", "60", stdout=out)
    return out.getvalue()


def counts():
    return tuple(
        model.objects.count()
        for model in (Problem, Demo, Verification, ClaimAnswer, Commitment, Representative)
    )


def test_seed_adds_a_sample_showcase_once():
    output = seed()
    first = counts()

    seed()

    assert counts() == first
    assert "Demo showcase: 11 sample problems, 26 demos" in output
    edition = Edition.objects.get(slug="2025")
    problems = Problem.objects.filter(edition=edition)
    assert sorted(problems.values_list("number", flat=True)) == list(range(1, 12))
    assert all(problems.values_list("is_sample", flat=True))
    approved = Demo.objects.filter(status="approved")
    assert approved.count() == 25
    assert set(approved.values_list("problem__number", flat=True)) == set(range(1, 12))
    assert sorted(approved.values_list("station", flat=True)) == list(range(1, 26))


def test_seed_stage_slots_fill_the_programmes_live_demos_then_the_afternoon_one_at_a_time():
    seed()
    edition = Edition.objects.get(slug="2025")

    slots = list(
        Demo.objects.filter(stage_starts_at__isnull=False)
        .select_related("stage_session")
        .order_by("stage_starts_at")
    )

    in_session = [d for d in slots if d.stage_session is not None]
    assert len(slots) == 11
    assert len(in_session) == 3
    assert all(d.stage_session.kind == "live_demo" for d in in_session)
    for demo in slots:
        start, end = (
            (demo.stage_session.starts_at, demo.stage_session.ends_at)
            if demo.stage_session
            else (edition.starts_at, edition.ends_at)
        )
        assert start <= demo.stage_starts_at < demo.stage_ends_at <= end
    assert all(a.stage_ends_at <= b.stage_starts_at for a, b in itertools.pairwise(slots))


def test_seed_verifications_come_from_checked_in_delegates_and_answer_every_claim():
    seed()

    arrived = set(
        Scan.objects.filter(is_first_entry=True).values_list("registration_id", flat=True)
    )
    verifiers = set(Verification.objects.values_list("registration_id", flat=True))
    assert verifiers and verifiers <= arrived
    for verification in Verification.objects.prefetch_related("answers", "demo__claims"):
        assert {a.claim_id for a in verification.answers.all()} == {
            c.pk for c in verification.demo.claims.all()
        }
    assert Verification.objects.filter(comment_status="published").exists()


def test_seed_gives_the_demo_enterprise_account_its_enterprise_and_commitments():
    seed()

    representative = Representative.objects.get(user__email="enterprise@forum.test")
    assert representative.enterprise.demos.filter(status="submitted").exists()
    assert Commitment.objects.filter(status="approved").count() >= 6
    assert Commitment.objects.filter(status="submitted").exists()
