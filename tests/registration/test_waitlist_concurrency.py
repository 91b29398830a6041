"""Seats added and freed while people keep registering, on PostgreSQL with real threads.

Ten seats are taken and thirty people wait when fifteen seats are added behind the services'
back; then ten newcomers register at once, and then ten more register while the ten first
delegates cancel. Every seat added or freed must go to the waiting list in order (positions 1 to
25 end up approved), no newcomer may be approved while someone waits, and the seats never exceed
the capacity. The control repeats the bursts with the edition lock removed and shows what the
lock prevents.
"""

import queue
import random
import threading
import time

import pytest
from django.db import IntegrityError, connection

from forum.models import Edition
from registration.models import Registration, User
from registration.services import registrations as svc
from registration.services.registrations import submission as submitting
from registration.services.registrations import waitlist
from tests.factories import ALL_CONSENTS, EditionFactory, RegistrationFactory, submission

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Status = Registration.Status
TAKEN, WAITING, ADDED, NEWCOMERS = 10, 30, 15, 20
CAPACITY = TAKEN + ADDED
THREADS = 30
JOIN_TIMEOUT = 90


@pytest.fixture(autouse=True)
def _unsent(send_tasks):
    """The emails are queued in the outbox, not delivered (tests/registration/conftest.py)."""


@pytest.fixture
def full_edition():
    edition = EditionFactory(
        slug="burst-waitlist", capacity=TAKEN, registration_mode=Edition.RegistrationMode.OPEN
    )
    taken = [
        RegistrationFactory(edition=edition, status=Status.APPROVED, user__email=f"ghe{n}@x.vn")
        for n in range(TAKEN)
    ]
    waiting = [
        RegistrationFactory(
            edition=edition,
            status=Status.WAITLISTED,
            waitlist_position=n + 1,
            user__email=f"cho{n}@x.vn",
        )
        for n in range(WAITING)
    ]
    newcomers = [User.objects.create(email=f"moi{n}@x.vn") for n in range(NEWCOMERS)]
    # Seats added behind the services' back (a script, a database console).
    Edition.objects.filter(pk=edition.pk).update(capacity=CAPACITY)
    return edition, taken, waiting, newcomers


def bursts(edition, taken, newcomers) -> list[BaseException]:
    """Ten sign-ups at once; then ten sign-ups and ten cancellations at once, shuffled."""
    half = len(newcomers) // 2
    second = [("submit", user) for user in newcomers[half:]] + [("cancel", r.pk) for r in taken]
    random.Random(2025).shuffle(second)
    return burst(edition, [("submit", user) for user in newcomers[:half]]) + burst(edition, second)


def burst(edition, work) -> list[BaseException]:
    todo: queue.SimpleQueue = queue.SimpleQueue()
    for item in work:
        todo.put(item)
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def client():
        try:
            barrier.wait(timeout=JOIN_TIMEOUT)
            while True:
                try:
                    action, target = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    if action == "submit":
                        svc.registration_submit(
                            edition_id=edition.pk,
                            user=target,
                            data=submission(full_name="Nguyễn Văn Mới"),
                            consents=ALL_CONSENTS,
                        )
                    else:
                        svc.registration_cancel(registration_id=target)
                except Exception as exc:
                    with lock:
                        errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, name=f"client-{n}") for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a client thread hung"
    return errors


def test_seats_added_and_freed_during_a_burst_go_to_the_waiting_list_in_order(full_edition):
    edition, taken, waiting, newcomers = full_edition

    errors = bursts(edition, taken, newcomers)

    assert errors == []
    rows = Registration.objects.filter(edition=edition)
    approved = rows.filter(status=Status.APPROVED)
    assert approved.count() == CAPACITY
    assert sorted(approved.values_list("pk", flat=True)) == sorted(r.pk for r in waiting[:25])
    assert not rows.filter(user__in=newcomers, status=Status.APPROVED).exists()
    assert rows.filter(user__in=newcomers, status=Status.WAITLISTED).count() == NEWCOMERS
    still_waiting = rows.filter(status=Status.WAITLISTED)
    positions = list(still_waiting.values_list("waitlist_position", flat=True))
    assert len(positions) == len(set(positions)) == WAITING - 25 + NEWCOMERS
    # The five left from before the burst are still ahead of every newcomer.
    first_five = still_waiting.order_by("waitlist_position")[:5]
    assert [r.pk for r in first_five] == [r.pk for r in waiting[25:]]
    # One approval email for each promoted delegate, no more.
    from mail.models import OutgoingEmail

    approvals = OutgoingEmail.objects.filter(kind="approved")
    assert sorted(approvals.values_list("recipient", flat=True)) == sorted(
        r.email for r in waiting[:25]
    )


def test_control_without_the_edition_lock_gives_seats_out_of_turn(full_edition, monkeypatch):
    edition, taken, waiting, newcomers = full_edition
    real_seats_taken = waitlist.seats_taken

    def lock_edition_without_locking(edition_id):
        return Edition.objects.get(pk=edition_id)

    def seats_taken_then_pause(edition):
        taken = real_seats_taken(edition)
        # Deliberately widen the gap between counting seats and acting on the count, so the
        # race the lock prevents shows up on every run. Control only.
        time.sleep(0.02)
        return taken

    for module in (waitlist, submitting):
        monkeypatch.setattr(module, "lock_edition", lock_edition_without_locking)
        monkeypatch.setattr(module, "seats_taken", seats_taken_then_pause)

    errors = bursts(edition, taken, newcomers)

    rows = Registration.objects.filter(edition=edition)
    approved = rows.filter(status=Status.APPROVED)
    violations = {
        "over capacity": approved.count() > CAPACITY,
        "seats idle while people wait": approved.count() < CAPACITY
        and rows.filter(status=Status.WAITLISTED).exists(),
        "a newcomer approved": rows.filter(user__in=newcomers, status=Status.APPROVED).exists(),
        "not in waiting-list order": sorted(approved.values_list("pk", flat=True))
        != sorted(r.pk for r in waiting[:25]),
        "submissions lost": rows.filter(user__in=newcomers).count() < NEWCOMERS,
    }
    # Without the lock, decisions that counted before others committed act on stale counts
    # (seats left idle or given twice) and take the same waiting-list positions (the database
    # refuses the duplicates: those submissions are lost).
    assert any(violations.values()), violations
    assert all(isinstance(exc, IntegrityError) for exc in errors), errors
