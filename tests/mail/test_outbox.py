import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from mail import services as outbox
from mail.errors import TransientMailError
from mail.models import OutgoingEmail


def queue(**overrides):
    fields = dict(
        recipient="Dai.Bieu@Example.vn",
        kind="approved",
        object_key="registration:1",
        version=1,
        subject="Đăng ký của bạn đã được duyệt",
        body_text="Xin chào Nguyễn Văn An",
        body_html="<p>Xin chào <b>Nguyễn Văn An</b></p>",
    )
    fields.update(overrides)
    return outbox.email_queue(**fields)


@pytest.mark.django_db
def test_queue_records_the_row_before_sending_and_sends_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = queue()

    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.QUEUED
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.sent_at is not None
    assert email.recipient == "dai.bieu@example.vn"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Đăng ký của bạn đã được duyệt"
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"


@pytest.mark.django_db
def test_queue_same_message_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue()
    with django_capture_on_commit_callbacks(execute=True):
        second = queue(subject="something else")

    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_new_version_of_same_message_is_sent_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(version=1)
        queue(version=2)

    assert OutgoingEmail.objects.count() == 2
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_sending_a_sent_row_again_does_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()

    outbox.email_deliver(email_id=email.pk)
    outbox.email_deliver(email_id=email.pk)

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.tries == 1


@pytest.mark.django_db
def test_send_of_missing_row_returns_none():
    assert outbox.email_deliver(email_id=999_999) is None


@pytest.mark.django_db
def test_transient_smtp_error_keeps_row_queued_until_its_next_try_and_raises(smtp_sink):
    email = OutgoingEmail.objects.create(
        recipient="a@example.vn", kind="k", object_key="o", subject="Chào", body_text="x"
    )
    smtp_sink.fail_next.append((451, "Try again later"))

    before = timezone.now()
    with pytest.raises(TransientMailError):
        outbox.email_deliver(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.tries == 1
    assert "451" in email.last_error
    assert email.lease_until is None  # not handed to the broker: the sweep does it when due
    assert before + dt.timedelta(seconds=30) <= email.next_attempt_at
    assert email.next_attempt_at <= timezone.now() + dt.timedelta(seconds=30)
    # A stale copy of its task arriving before then sends nothing.
    assert outbox.email_deliver(email_id=email.pk).tries == 1
    assert smtp_sink.messages == []
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    outbox.email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.tries == 2
    assert len(smtp_sink.messages) == 1


@pytest.mark.django_db
def test_permanent_smtp_error_is_recorded_as_failed(smtp_sink):
    email = OutgoingEmail.objects.create(
        recipient="a@example.vn", kind="k", object_key="o", subject="Chào", body_text="x"
    )
    smtp_sink.fail_next.append((554, "Transaction failed"))

    outbox.email_deliver(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert "554" in email.last_error
    assert smtp_sink.messages == []


@pytest.mark.django_db
def test_transient_error_on_the_last_try_is_failed(smtp_sink):
    email = OutgoingEmail.objects.create(
        recipient="a@example.vn",
        kind="k",
        object_key="o",
        subject="Chào",
        body_text="x",
        tries=outbox.MAX_TRIES - 1,
    )
    smtp_sink.fail_next.append((421, "Service not available"))

    outbox.email_deliver(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.tries == outbox.MAX_TRIES


@pytest.mark.django_db
def test_task_retries_transient_errors_until_sent(smtp_sink, django_capture_on_commit_callbacks):
    smtp_sink.fail_next.extend([(451, "busy"), (451, "busy")])

    with django_capture_on_commit_callbacks(execute=True):
        email = queue()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.tries == 3
    assert len(smtp_sink.messages) == 1


@pytest.mark.django_db
def test_resend_puts_a_failed_email_back_and_sends_it(
    smtp_sink, django_capture_on_commit_callbacks
):
    email = OutgoingEmail.objects.create(
        recipient="a@example.vn",
        kind="k",
        object_key="o",
        subject="Chào",
        body_text="x",
        status=OutgoingEmail.Status.FAILED,
        tries=6,
        last_error="554",
    )

    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_resend(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(smtp_sink.messages) == 1


@pytest.mark.django_db
def test_vietnamese_subject_is_encoded_and_decodes_intact(
    smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue(subject="Thư mời: Diễn đàn Make in Viet Nam – Đặng Thị Ánh")

    _rcpts, message = smtp_sink.messages[0]
    assert message["Subject"] == "Thư mời: Diễn đàn Make in Viet Nam – Đặng Thị Ánh"
    assert message.get_body(preferencelist=("plain",)).get_content().strip() == (
        "Xin chào Nguyễn Văn An"
    )
