"""When an email is tried again, and what the sweep takes back: only what is due or lost."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from mail import selectors
from mail import services as outbox
from mail.models import OutgoingEmail
from mail.services.schedule import LOST_AFTER_LEASES, retry_delay, send_lease

pytestmark = pytest.mark.django_db
Status = OutgoingEmail.Status


def row(name: str, **fields) -> OutgoingEmail:
    fields.setdefault("next_attempt_at", timezone.now())
    return OutgoingEmail.objects.create(
        recipient=f"{name}@example.vn",
        kind="k",
        object_key=name,
        subject=f"Thư {name}",
        body_text="x",
        **fields,
    )


def ago(seconds: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=seconds)


def test_retries_back_off_to_about_fifteen_minutes_over_six_tries():
    delays = [retry_delay(n).total_seconds() for n in range(1, outbox.MAX_TRIES)]

    assert delays == [30, 60, 120, 240, 480]
    assert sum(delays) == 930


def test_flush_takes_only_due_rows_not_those_waiting_for_their_next_try(
    django_capture_on_commit_callbacks,
):
    # Queued 149 s ago, tried once (451), next try in 20 s: the old flush, by age, resent it.
    waiting = row("waiting", tries=1, next_attempt_at=ago(-20), last_error="451")
    OutgoingEmail.objects.filter(pk=waiting.pk).update(created_at=ago(149))
    due = row("due", tries=1, next_attempt_at=ago(1), last_error="451")

    with django_capture_on_commit_callbacks(execute=True):
        handed_over = outbox.outbox_flush()

    waiting.refresh_from_db()
    due.refresh_from_db()
    assert handed_over == 1
    assert (waiting.status, waiting.tries) == (Status.QUEUED, 1)
    assert (due.status, due.tries) == (Status.SENT, 2)
    assert [m.to for m in mail.outbox] == [["due@example.vn"]]


def test_an_smtp_outage_of_four_minutes_ends_with_the_emails_sent_not_failed(
    smtp_sink, django_capture_on_commit_callbacks
):
    smtp_sink.fail_next.extend([(451, "busy")] * 4)
    email = row("outage")
    clock = timezone.now()

    # Every minute a sweep runs; the mail server refuses until minute 4.
    for _minute in range(16):
        clock += dt.timedelta(minutes=1)
        OutgoingEmail.objects.filter(pk=email.pk, next_attempt_at__lte=clock).update(
            next_attempt_at=timezone.now()
        )
        with django_capture_on_commit_callbacks(execute=True):
            outbox.outbox_flush()
        email.refresh_from_db()
        if email.status != Status.QUEUED:
            break

    assert email.status == Status.SENT
    assert email.tries == 5
    assert len(smtp_sink.messages) == 1


def test_a_claim_whose_worker_died_is_taken_back_and_sent(django_capture_on_commit_callbacks):
    dead = row("dead", status=Status.SENDING, tries=1, lease_until=ago(1))
    alive = row("alive", status=Status.SENDING, tries=1, lease_until=ago(-20))

    with django_capture_on_commit_callbacks(execute=True):
        outbox.outbox_flush()

    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.status, dead.tries) == (Status.SENT, 2)
    assert dead.last_error == ""
    assert (alive.status, alive.lease_until > timezone.now()) == (Status.SENDING, True)
    assert [m.to for m in mail.outbox] == [["dead@example.vn"]]


def test_a_task_for_an_email_another_worker_is_sending_sends_nothing():
    email = row("busy", status=Status.SENDING, tries=1, lease_until=ago(-20))

    outbox.email_deliver(email_id=email.pk)

    email.refresh_from_db()
    assert (email.status, email.tries) == (Status.SENDING, 1)
    assert mail.outbox == []


def test_a_task_taken_over_after_its_lease_lapsed_sends(django_capture_on_commit_callbacks):
    email = row("lapsed", status=Status.SENDING, tries=1, lease_until=ago(1))

    outbox.email_deliver(email_id=email.pk)

    email.refresh_from_db()
    assert (email.status, email.tries) == (Status.SENT, 2)


def test_a_handed_over_email_is_left_to_its_task_until_it_counts_as_lost(
    django_capture_on_commit_callbacks,
):
    in_broker = row("in-broker", lease_until=ago(-10))
    lapsed = row("lapsed", lease_until=ago(5))
    row("lost", lease_until=ago(LOST_AFTER_LEASES * send_lease().total_seconds() + 1))
    row("never", lease_until=None)

    with django_capture_on_commit_callbacks(execute=True):
        outbox.outbox_flush()

    sent = sorted(m.to[0] for m in mail.outbox)
    # Without a broker the queue's length is unknown: a lapsed hand-over may still be waiting
    # in it, and is taken back only after LOST_AFTER_LEASES leases.
    assert sent == ["lost@example.vn", "never@example.vn"]
    assert OutgoingEmail.objects.get(pk=in_broker.pk).status == Status.QUEUED
    assert OutgoingEmail.objects.get(pk=lapsed.pk).status == Status.QUEUED


def test_organisers_see_a_delay_as_soon_as_a_try_failed_or_an_email_waits(db):
    failed = row("failed", status=Status.FAILED, tries=6)
    retrying = row("retrying", tries=1, next_attempt_at=ago(-30), last_error="451 busy")
    stuck = row("stuck", next_attempt_at=ago(150))
    worker_died = row("worker-died", status=Status.SENDING, tries=1, lease_until=ago(1))
    row("fresh")
    row("sending", status=Status.SENDING, tries=1, lease_until=ago(-20))
    row("sent", status=Status.SENT, tries=1, sent_at=timezone.now())
    row("cancelled", status=Status.CANCELLED, tries=1)

    shown = list(selectors.emails_needing_attention())

    assert {e.pk for e in shown} == {failed.pk, retrying.pk, stuck.pk, worker_died.pk}


def test_an_organiser_retries_a_waiting_email_now(smtp_sink, django_capture_on_commit_callbacks):
    email = row("retry-now", tries=2, next_attempt_at=ago(-60), last_error="451 busy")

    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_resend(email_id=email.pk)

    email.refresh_from_db()
    assert (email.status, email.tries) == (Status.SENT, 3)
    assert len(smtp_sink.messages) == 1


def test_resending_a_sent_email_sends_nothing(django_capture_on_commit_callbacks):
    email = row("sent", status=Status.SENT, tries=1, sent_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_resend(email_id=email.pk)

    email.refresh_from_db()
    assert (email.status, email.tries) == (Status.SENT, 1)
    assert mail.outbox == []
