"""One verification per delegate and demo under concurrent submissions, on PostgreSQL with real
threads (each with its own connection). A delegate double-tapping "send" on a bad connection, or
the phone retrying, sends the same verification many times at once; many delegates verify one
popular demo at the same moment. The control removes the guard (the unique constraint the
insert relies on) and shows the duplicates it prevents.
"""

import threading
import time

import pytest
from django.db import connection

from showcase.models import ClaimAnswer, Verification
from showcase.services import verifications as service
from tests.showcase.conftest import answers_for, delegate

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 20
JOIN_TIMEOUT = 120


def run_together(count: int, target) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []
    lock = threading.Lock()

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
    assert not any(thread.is_alive() for thread in threads), "a client thread hung"
    return errors


def submit_same_verification(demo, user):
    ratings = []

    def client(index):
        rating = index % 5 + 1
        service.verification_record(
            demo_id=demo.pk,
            user=user,
            answers=answers_for(demo, "yes" if index % 2 else "no", "partly"),
            rating=rating,
            comment=f"Lần gửi {index}",
        )
        ratings.append(rating)

    return run_together(CLIENTS, client)


def test_one_delegate_submitting_from_20_clients_at_once_keeps_one_verification(demo, arrived):
    user, registration = arrived

    errors = submit_same_verification(demo, user)

    assert errors == []
    [verification] = Verification.objects.all()
    assert verification.registration == registration
    assert ClaimAnswer.objects.filter(verification=verification).count() == 2
    assert verification.comment_status == "pending"


def test_40_delegates_verifying_one_demo_at_once_are_all_counted(edition, demo):
    users = [delegate(edition, f"d{n}@example.vn", checked_in=True)[0] for n in range(40)]

    errors = run_together(
        len(users),
        lambda index: service.verification_record(
            demo_id=demo.pk, user=users[index], answers=answers_for(demo), rating=4
        ),
    )

    assert errors == []
    assert Verification.objects.filter(demo=demo).count() == 40
    assert ClaimAnswer.objects.filter(answer="yes").count() == 80


def test_control_without_the_unique_constraint_records_several_verifications(
    demo, arrived, monkeypatch
):
    user, _registration = arrived
    constraint = next(
        c for c in Verification._meta.constraints if c.name == "verification_one_per_delegate"
    )
    own = service._own

    def own_then_pause(demo, registration):
        found = own(demo, registration)
        # Deliberate delay, in the control only: widen the window between "none yet" and the
        # insert so that the race shows on every run rather than most runs.
        time.sleep(0.05)
        return found

    monkeypatch.setattr(service, "_own", own_then_pause)
    with connection.schema_editor() as editor:
        editor.remove_constraint(Verification, constraint)
    try:
        errors = submit_same_verification(demo, user)
        rows = Verification.objects.count()
    finally:
        Verification.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(Verification, constraint)

    assert errors == []
    assert rows > 1
