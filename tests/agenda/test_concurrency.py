"""Seat-limited sign-up under a burst, on PostgreSQL with real threads.

60 approved delegates ask for the 25 seats of one session from 20 threads released together
(each thread has its own connection). The session never holds more than its seats, nobody is
lost (every delegate has a seat or a place on the waiting list, numbered 1..n), and releasing
seats at the same time as others sign up keeps the count exact. The control removes the lock
on the session row and shows the overbooking it prevents.

Eight organisers pressing "publish" on one draft at once make one version; the others are told
there is nothing new. Its control removes the lock on the forum's agenda row: the publishers
then collide on the version number and fail with a database error.
"""

import queue
import threading
import time

import pytest
from django.db import connection

from agenda.models import SeatBooking, Session
from agenda.services import seats
from tests.agenda import helpers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SEATS = 25
DELEGATES = 60
THREADS = 20
JOIN_TIMEOUT = 120
EARLY = helpers.at("08:00")
Seat = SeatBooking.Status


@pytest.fixture
def limited(edition):
    hall = helpers.room(edition, "Phòng chuyên đề 1", 200)
    session = helpers.session(
        edition, "Chuyên đề: Bán dẫn", "15:00", "16:00", room=hall, seat_limit=SEATS
    )
    helpers.publish(edition)
    users = [helpers.delegate(edition, f"d{n}@example.vn") for n in range(DELEGATES)]
    return session, users


def run_threads(jobs: list, work) -> list[BaseException]:
    todo: queue.SimpleQueue = queue.SimpleQueue()
    for job in jobs:
        todo.put(job)
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def client():
        try:
            barrier.wait(timeout=JOIN_TIMEOUT)
            while True:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    work(job)
                except Exception as exc:
                    with lock:
                        errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a client thread hung"
    return errors


def take(session):
    return lambda user: seats.seat_take(session_id=session.pk, user=user, now=EARLY)


def test_burst_never_exceeds_the_seats_and_loses_nobody(limited):
    session, users = limited

    errors = run_threads(users, take(session))

    assert errors == []
    rows = SeatBooking.objects.filter(session=session)
    assert rows.filter(status=Seat.HELD).count() == SEATS
    assert rows.filter(status=Seat.WAITING).count() == DELEGATES - SEATS
    positions = sorted(rows.filter(status=Seat.WAITING).values_list("waitlist_position", flat=True))
    assert positions == list(range(1, DELEGATES - SEATS + 1))
    assert rows.values("registration").distinct().count() == DELEGATES


def test_releases_during_a_burst_keep_the_count_exact(limited):
    session, users = limited
    first, rest = users[:SEATS], users[SEATS:]
    for user in first:
        take(session)(user)

    def work(job):
        action, user = job
        if action == "release":
            seats.seat_release(session_id=session.pk, user=user)
        else:
            take(session)(user)

    jobs = [("release", u) for u in first[:10]] + [("take", u) for u in rest]
    errors = run_threads(jobs, work)

    assert errors == []
    rows = SeatBooking.objects.filter(session=session)
    assert rows.filter(status=Seat.HELD).count() == SEATS
    assert rows.filter(status=Seat.RELEASED).count() == 10
    assert rows.filter(status=Seat.WAITING).count() == DELEGATES - SEATS - 10


def test_control_without_the_session_lock_overbooks(limited, monkeypatch):
    session, users = limited
    real_taken = seats.seats_taken

    def lock_nothing(session_id):
        return Session.objects.get(pk=session_id)

    def taken_then_pause(session):
        count = real_taken(session)
        # Widen the gap between counting and inserting, in the control only, so the race the
        # lock prevents shows on every run.
        time.sleep(0.02)
        return count

    monkeypatch.setattr(seats, "lock_session", lock_nothing)
    monkeypatch.setattr(seats, "seats_taken", taken_then_pause)

    run_threads(users, take(session))

    held = SeatBooking.objects.filter(session=session, status=Seat.HELD).count()
    assert held > SEATS, f"expected overbooking without the lock, got {held}"


def publish_together(edition, count: int = 8) -> tuple[list, list[BaseException]]:
    """`count` organisers press "publish" on the same draft at the same moment."""
    from agenda.services import publishing

    barrier = threading.Barrier(count)
    versions, errors = [], []
    lock = threading.Lock()

    def organiser():
        try:
            barrier.wait(timeout=JOIN_TIMEOUT)
            version, _job = publishing.agenda_publish(edition=edition)
            with lock:
                versions.append(version)
        except Exception as exc:
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=organiser) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a publisher hung"
    return versions, errors


def pause_after_reading_the_latest(monkeypatch) -> None:
    """Widen the gap between reading the latest version and writing the next one, so that the
    race the lock prevents would show on every run (the control shows it does)."""
    from agenda.services import publishing

    real_latest = publishing.version_latest

    def latest_then_pause(*, edition):
        latest = real_latest(edition=edition)
        time.sleep(0.1)
        return latest

    monkeypatch.setattr(publishing, "version_latest", latest_then_pause)


def test_simultaneous_publishes_make_one_version_and_tell_the_others_why(limited, monkeypatch):
    from agenda.models import AgendaVersion
    from forum.errors import ServiceError

    session, _users = limited
    helpers.change(session.edition, session, start="15:30", end="16:30")
    pause_after_reading_the_latest(monkeypatch)

    versions, errors = publish_together(session.edition)

    assert [v.number for v in versions] == [2]
    assert len(errors) == 7
    assert all(isinstance(e, ServiceError) and e.code == "no_changes" for e in errors), errors
    assert AgendaVersion.objects.filter(edition=session.edition).count() == 2


def test_control_without_the_agenda_lock_publishers_collide(limited, monkeypatch):
    from agenda.models import Agenda
    from agenda.services import publishing

    session, _users = limited
    helpers.change(session.edition, session, start="15:30", end="16:30")

    manager = Agenda.objects

    class Unlocked:
        """Agenda.objects without select_for_update: the lock the control removes."""

        @staticmethod
        def get_or_create(**kwargs):
            return manager.get_or_create(**kwargs)

        @staticmethod
        def select_for_update():
            return manager

    monkeypatch.setattr(publishing.Agenda, "objects", Unlocked, raising=False)
    pause_after_reading_the_latest(monkeypatch)

    versions, errors = publish_together(session.edition)

    # Without the lock they all read "version 1 is the latest": one wins, the others crash on
    # the unique version number instead of being told there is nothing new.
    from django.db import IntegrityError

    assert len(versions) == 1
    assert any(isinstance(e, IntegrityError) for e in errors), errors
