"""Demo delegates: statuses assigned directly, yet every approved one holds a badge code; seeding
again with more delegates adds to the waiting list where it ends."""

import io

import pytest
from django.core.management import call_command

from registration.models import BadgeCode, Registration
from registration.services.demo import approved_with_codes_bulk, demo_delegates_ensure

Status = Registration.Status


def test_approved_demo_delegates_each_have_one_active_code_and_no_one_else_has_any(edition):
    demo_delegates_ensure(edition=edition, count=40)

    approved = Registration.objects.filter(edition=edition, status=Status.APPROVED)
    codes = BadgeCode.objects.filter(status=BadgeCode.Status.ACTIVE)
    assert approved.count() == 28
    assert sorted(codes.values_list("registration_id", flat=True)) == sorted(
        approved.values_list("pk", flat=True)
    )
    assert BadgeCode.objects.count() == 28


def test_load_test_delegates_get_the_codes_they_are_returned_with(edition):
    pairs = approved_with_codes_bulk(edition=edition, count=3)

    codes = {
        code.registration_id: code
        for code in BadgeCode.objects.filter(registration_id__in=[pk for pk, _ in pairs])
    }
    assert [f"MIV1-{codes[pk].token}" for pk, _ in pairs] == [payload for _, payload in pairs]
    assert [codes[pk].short_code for pk, _ in pairs] == ["00000000", "00000001", "00000002"]


# --- Seeding again, on PostgreSQL (NULL positions sort first there in descending order) -------


@pytest.mark.postgres
def test_more_demo_delegates_on_top_of_existing_ones_get_the_next_waiting_positions(edition):
    demo_delegates_ensure(edition=edition, count=40)

    created = demo_delegates_ensure(edition=edition, count=80)

    waiting = Registration.objects.filter(edition=edition, status=Status.WAITLISTED)
    assert created == 40
    assert sorted(waiting.values_list("waitlist_position", flat=True)) == [1, 2, 3, 4]
    assert Registration.objects.filter(edition=edition).count() == 80


@pytest.mark.postgres
def test_seed_forum_again_with_more_delegates_succeeds(db):
    call_command("seed_forum", delegates=40, stdout=io.StringIO())
    out = io.StringIO()

    call_command("seed_forum", delegates=80, stdout=out)

    assert "Synthetic delegates: 80 ensured (40 new)" in out.getvalue()
    waiting = Registration.objects.filter(status=Status.WAITLISTED)
    assert sorted(waiting.values_list("waitlist_position", flat=True)) == [1, 2, 3, 4]
