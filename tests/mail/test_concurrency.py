"""Several workers at the same email or the same sweep, on PostgreSQL with real threads: the row
lock of the claim lets one send it, SKIP LOCKED lets the sweeps share the rows. Each control
takes the lock away and shows what it prevents."""

import threading
import time

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from mail import services as outbox
from mail.models import OutgoingEmail
from mail.services import schedule, sweeping

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 8


def together(work) -> list[BaseException]:
    """Run `work()` in THREADS threads released at once; each on its own connection."""
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait(timeout=30)
            work()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def queued(n: int) -> list[OutgoingEmail]:
    return [
        OutgoingEmail.objects.create(
            recipient=f"dai.bieu{i}@example.vn",
            kind="approved",
            object_key=f"registration:{i}",
            subject="Đăng ký đã được duyệt",
            body_text="Xin chào",
            next_attempt_at=timezone.now(),
            lease_until=None,  # not handed to the broker: due for the sweep
        )
        for i in range(n)
    ]


@pytest.fixture
def without_row_locks(monkeypatch):
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, **kwargs: self)


@pytest.fixture
def slow_updates(monkeypatch):
    """A sweep takes its time between choosing rows and marking them: any sweep running
    meanwhile would choose the same rows unless they are locked."""
    update = QuerySet.update

    def slowly(self, **kwargs):
        time.sleep(0.2)
        return update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", slowly)


@pytest.fixture
def dispatched(monkeypatch) -> list[int]:
    ids: list[int] = []
    lock = threading.Lock()

    def record(name, /, **kwargs):
        with lock:
            ids.append(kwargs["email_id"])
        return True

    monkeypatch.setattr(schedule, "task_offer", record)
    return ids


@pytest.fixture
def slow_sink(slow_smtp, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": slow_smtp.port, "timeout": 10},
        }
    }
    return slow_smtp


def test_workers_delivering_the_same_email_at_once_send_it_once(slow_sink):
    (email,) = queued(1)

    errors = together(lambda: outbox.email_deliver(email_id=email.pk))

    email.refresh_from_db()
    assert errors == []
    assert (email.status, email.tries) == (OutgoingEmail.Status.SENT, 1)
    assert len(slow_sink.messages) == 1


def test_control_without_the_row_lock_the_same_email_goes_out_several_times(
    slow_sink, without_row_locks
):
    (email,) = queued(1)

    together(lambda: outbox.email_deliver(email_id=email.pk))

    assert len(slow_sink.messages) > 1


def test_sweeps_of_several_workers_hand_each_due_email_over_once(dispatched, slow_updates):
    emails = queued(60)

    errors = together(sweeping.outbox_flush)

    assert errors == []
    assert sorted(dispatched) == sorted(e.pk for e in emails)


def test_control_without_skip_locked_the_sweeps_hand_emails_over_several_times(
    dispatched, slow_updates, without_row_locks
):
    queued(60)

    together(sweeping.outbox_flush)

    assert len(dispatched) > 60
