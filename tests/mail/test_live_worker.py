"""End to end through Redis and a real `celery worker` process, against a local SMTP server."""

import time

import pytest
from django.urls import reverse

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

    # Run the same task twice more, as a duplicated or retried message would.
    first = email_send.delay(email_id=row.pk)
    second = email_send.delay(email_id=row.pk)
    first.get(timeout=30)
    second.get(timeout=30)

    assert len([m for r, m in smtp_server.messages if r == ["twice@example.vn"]]) == 1
    assert smtp_server.messages[0][1]["Subject"] == "Đăng ký đã được duyệt – Nguyễn Văn An"
    row.refresh_from_db()
    assert row.tries == 1
