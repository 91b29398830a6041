"""A worker killed mid-campaign (SIGKILL, pool and all) loses no email: another worker, started
the way `make worker` starts one, takes back the emails that were being sent once their lease
lapses, and sends everything else that waits. Against a real SMTP server and Redis."""

import time

import pytest

from mail.models import OutgoingEmail
from mail.services import email_queue

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

LEASE = 5  # seconds; production's default is 30
SWEEP = 1
CAMPAIGN = 40
CONCURRENCY = 2


def wait_until(condition, *, timeout: float, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic()
        time.sleep(step)
    raise AssertionError(f"not reached within {timeout} s")


def test_a_worker_killed_mid_campaign_loses_no_email(workers, slow_smtp, settings):
    # The web side and the workers read the same settings, as in production.
    settings.MAIL_LEASE_SECONDS = LEASE
    env = {"MAIL_LEASE_SECONDS": str(LEASE), "MAIL_SWEEP_SECONDS": str(SWEEP)}
    first = workers(smtp_port=slow_smtp.port, env=env)
    first.start()
    rows = [
        email_queue(
            recipient=f"dai.bieu{n:02d}@example.vn",
            kind="approved",
            object_key=f"registration:{n}",
            subject=f"Đăng ký đã được duyệt – đại biểu {n}",
            body_text="Xin chào",
        )
        for n in range(CAMPAIGN)
    ]
    wait_until(lambda: len(slow_smtp.messages) >= 10, timeout=60)

    first.kill()
    killed_at = time.monotonic()
    in_flight = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENDING).count()
    unsent = OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).count()
    second = workers(smtp_port=slow_smtp.port, env=env)
    ready_at = second.start()

    def all_sent():
        return OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == CAMPAIGN

    # The emails still in the queue take CAMPAIGN × 0.15 s / 2 at most; the ones the killed
    # worker held wait for their lease, then one sweep.
    try:
        recovered_at = wait_until(all_sent, timeout=LEASE + 3 * SWEEP + CAMPAIGN * 0.15 / 2 + 5)
    except AssertionError:
        states = list(OutgoingEmail.objects.values_list("status", "tries", "lease_until"))
        raise AssertionError(f"not all sent: {states}") from None

    assert unsent > 0, "the worker was killed after the campaign ended"
    assert in_flight <= CONCURRENCY
    delivered = [message["X-Forum-Message"] for _rcpts, message in slow_smtp.messages]
    assert set(delivered) == {str(row.uuid) for row in rows}  # nothing lost
    assert len(delivered) - len(set(delivered)) <= CONCURRENCY  # duplicates: those in flight
    assert recovered_at - ready_at <= LEASE + 3 * SWEEP + CAMPAIGN * 0.15 / 2
    print(
        f"killed with {unsent} unsent ({in_flight} being sent); second worker ready after "
        f"{ready_at - killed_at:.1f} s; all sent {recovered_at - ready_at:.1f} s later; "
        f"{len(delivered) - len(set(delivered))} duplicates"
    )
