"""End to end through Redis and a real `celery worker` process, against a local SMTP server."""

import time

import pytest
from django.urls import reverse
from django.utils import timezone

from mail.models import OutgoingEmail
from mail.services import email_queue
from mail.tasks import email_send

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


def wait_for_status(email_id: int, status: str, timeout: float = 30.0) -> OutgoingEmail:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = OutgoingEmail.objects.get(pk=email_id)
        if row.status == status:
            return row
        time.sleep(0.1)
    raise AssertionError(f"email {email_id} still {row.status} after {timeout}s")


def test_signup_email_is_sent_by_the_worker_over_smtp(live_worker, smtp_server, client):
    smtp_server.messages.clear()

    response = client.post(
        reverse("account_signup"),
        {
            "email": "worker.test@example.vn",
            "password1": "Hanoi-2025-forum!",
            "password2": "Hanoi-2025-forum!",
        },
    )

    assert response.status_code == 302
    row = OutgoingEmail.objects.get(recipient="worker.test@example.vn")
    wait_for_status(row.pk, OutgoingEmail.Status.SENT)
    messages = smtp_server.wait_for(1)
    rcpts, message = messages[0]
    assert rcpts == ["worker.test@example.vn"]
    assert message["X-Forum-Message"] == str(row.uuid)


def test_task_run_twice_sends_once(live_worker, smtp_server):
    smtp_server.messages.clear()
    row = email_queue(
        recipient="twice@example.vn",
        kind="approved",
        object_key="registration:42",
        subject="Đăng ký đã được duyệt – Nguyễn Văn An",
        body_text="Xin chào Nguyễn Văn An",
    )
    wait_for_status(row.pk, OutgoingEmail.Status.SENT)

    # The same task twice more, as a duplicated or redelivered message would be; then another
    # email, which the worker (one process, in order) reaches after both.
    email_send.delay(email_id=row.pk)
    email_send.delay(email_id=row.pk)
    after = email_queue(recipient="after@example.vn", kind="k", subject="Sau", body_text="x")
    wait_for_status(after.pk, OutgoingEmail.Status.SENT)

    assert len([m for r, m in smtp_server.messages if r == ["twice@example.vn"]]) == 1
    assert smtp_server.messages[0][1]["Subject"] == "Đăng ký đã được duyệt – Nguyễn Văn An"
    row.refresh_from_db()
    assert row.tries == 1


def test_a_failed_try_is_sent_again_by_the_workers_own_sweep(live_worker, smtp_server):
    """No beat runs here: the worker's sweep hands the email over once it is due again."""
    smtp_server.messages.clear()
    smtp_server.fail_next.append((451, "Try again later"))
    row = email_queue(recipient="retry@example.vn", kind="k", subject="Thử lại", body_text="x")
    wait_until_row(row.pk, lambda r: r.tries == 1 and r.status == OutgoingEmail.Status.QUEUED)

    # Its next try is due 30 s later; move that to now rather than wait.
    OutgoingEmail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())

    sent = wait_for_status(row.pk, OutgoingEmail.Status.SENT, timeout=30)
    assert sent.tries == 2
    assert [r for r, _m in smtp_server.messages] == [["retry@example.vn"]]


def wait_until_row(email_id: int, condition, timeout: float = 30.0) -> OutgoingEmail:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = OutgoingEmail.objects.get(pk=email_id)
        if condition(row):
            return row
        time.sleep(0.1)
    raise AssertionError(f"email {email_id} is {row.status} with {row.tries} tries")
