"""Emails written at send time by the app that queued them (mail.renderers): nothing but a row
is recorded inside the caller's transaction, and an email whose news is no longer true is
cancelled, never sent in part."""

import pytest
from django.core import mail
from django.test.signals import template_rendered

from forum.models import Edition
from mail import services as outbox
from mail.errors import EmailCancelled
from mail.models import OutgoingEmail
from mail.renderers import RenderedEmail, email_renderer_register
from registration.models import Registration
from registration.services import registrations
from tests.factories import ALL_CONSENTS, EditionFactory, UserFactory, submission

pytestmark = pytest.mark.django_db
Status = OutgoingEmail.Status


def greeting(*, context):
    from django.utils import translation

    if context.get("stale"):
        raise EmailCancelled("the news is stale")
    hello = {"vi": "Xin chào", "en": "Hello"}[translation.get_language()]
    return RenderedEmail(f"{hello}\n  {context['name']}", f"{hello} {context['name']}", "")


email_renderer_register("test-greeting", greeting)


@pytest.fixture
def rendered_templates():
    names = []

    def record(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


def test_the_text_is_written_when_sent_in_the_recipients_language(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = outbox.email_queue(
            recipient="an@example.vn",
            kind="greeting",
            renderer="test-greeting",
            context={"name": "Nguyễn Văn An"},
            language="en",
        )
    assert (email.subject, email.body_text) == ("", "")

    for callback in callbacks:
        callback()

    email.refresh_from_db()
    assert email.status == Status.SENT
    assert email.subject == "Hello Nguyễn Văn An"
    assert [(m.subject, m.body) for m in mail.outbox] == [
        ("Hello Nguyễn Văn An", "Hello Nguyễn Văn An")
    ]


def test_an_email_its_renderer_cancels_is_not_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = outbox.email_queue(
            recipient="an@example.vn",
            kind="greeting",
            renderer="test-greeting",
            context={"name": "An", "stale": True},
        )

    email.refresh_from_db()
    assert email.status == Status.CANCELLED
    assert email.last_error == "EmailCancelled: the news is stale"
    assert mail.outbox == []


def test_an_unknown_renderer_fails_visibly(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = outbox.email_queue(
            recipient="an@example.vn", kind="greeting", renderer="nobody", context={}
        )

    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert email.last_error == "LookupError: unknown email renderer 'nobody'"
    assert mail.outbox == []


def test_an_email_needs_a_subject_or_a_renderer():
    with pytest.raises(ValueError):
        outbox.email_queue(recipient="an@example.vn", kind="k", subject="  ", body_text="x")
    assert OutgoingEmail.objects.count() == 0


# --- Delegate emails ---------------------------------------------------------------------------


@pytest.fixture
def open_edition():
    return EditionFactory(slug="2025-open", registration_mode=Edition.RegistrationMode.OPEN)


def test_a_sign_up_writes_no_email_inside_its_transaction(
    open_edition, rendered_templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration = registrations.registration_submit(
            edition_id=open_edition.pk,
            user=UserFactory(email="an@example.vn"),
            data=submission(),
            consents=ALL_CONSENTS,
        )

    assert registration.status == Registration.Status.APPROVED
    assert [n for n in rendered_templates if n.startswith("registration/email/")] == []
    email = OutgoingEmail.objects.get(recipient="an@example.vn")
    assert (email.kind, email.subject, email.status) == ("approved", "", Status.QUEUED)
    assert email.context == {"registration_id": registration.pk, "kind": "approved"}

    for callback in callbacks:
        callback()

    assert {n for n in rendered_templates if n.startswith("registration/email/")} == {
        "registration/email/approved_subject.txt",
        "registration/email/approved_message.txt",
        "registration/email/_base_message.txt",
        "registration/email/approved_message.html",
        "registration/email/_base_message.html",
    }
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert email.subject.startswith("Đăng ký đã được duyệt")
    (message,) = mail.outbox
    assert [a[0] for a in message.attachments if isinstance(a, tuple)] == ["the-dai-bieu.pdf"]


def test_an_approval_email_for_a_registration_cancelled_meanwhile_is_cancelled_not_sent_half(
    open_edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as approval:
        registration = registrations.registration_submit(
            edition_id=open_edition.pk,
            user=UserFactory(email="an@example.vn"),
            data=submission(),
            consents=ALL_CONSENTS,
        )
    # The delegate cancels before the approval email went out (a queue behind, an outage).
    with django_capture_on_commit_callbacks(execute=True):
        registrations.registration_cancel(registration_id=registration.pk)
    for callback in approval:
        callback()

    approved = OutgoingEmail.objects.get(kind="approved")
    cancelled = OutgoingEmail.objects.get(kind="cancelled")
    assert approved.status == Status.CANCELLED
    assert "is now cancelled" in approved.last_error
    assert cancelled.status == Status.SENT
    assert [m.subject for m in mail.outbox] == [cancelled.subject]
    assert mail.outbox[0].attachments == []


def test_an_email_whose_attachment_can_no_longer_be_produced_is_cancelled_not_sent_without(
    django_capture_on_commit_callbacks,
):
    from mail.attachments import attachment_producer_register

    def gone(*, message, ref):
        return None  # what it names was deleted meanwhile

    attachment_producer_register("test-gone", gone)

    with django_capture_on_commit_callbacks(execute=True):
        email = outbox.email_queue(
            recipient="an@example.vn",
            kind="k",
            subject="Thẻ đại biểu",
            body_text="x",
            attachments=[{"type": "test-gone"}],
        )

    email.refresh_from_db()
    assert email.status == Status.CANCELLED
    assert email.last_error == "EmailCancelled: its test-gone attachment can no longer be produced"
    assert mail.outbox == []
