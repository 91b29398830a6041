"""The outbox: queue an email as a row, then send it exactly once from a Celery task."""

import logging
import smtplib
import socket
import uuid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from forum.task_queue import task_enqueue, task_enqueue_on_commit
from mail.attachments import attach_all
from mail.errors import TransientMailError
from mail.models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_TRIES = 6
SEND_TASK = "mail.email_send"


def email_queue(
    *,
    recipient: str,
    kind: str,
    object_key: str | None = None,
    version: int = 1,
    subject: str,
    body_text: str,
    body_html: str = "",
    language: str = "vi",
    user=None,
    attachments: list | None = None,
) -> OutgoingEmail:
    """Record an email in the outbox and send it after the surrounding transaction commits.

    Queuing the same (recipient, kind, object_key, version) twice returns the existing row and
    sends nothing new.
    """
    recipient = recipient.strip().lower()
    key = dict(recipient=recipient, kind=kind, object_key=object_key or uuid.uuid4().hex)
    try:
        with transaction.atomic():
            email, created = OutgoingEmail.objects.get_or_create(
                **key,
                version=version,
                defaults=dict(
                    subject=" ".join(subject.split())[:400],
                    body_text=body_text,
                    body_html=body_html,
                    language=language,
                    user=user,
                    attachments=attachments or [],
                ),
            )
    except IntegrityError:
        # A concurrent call inserted the same message first: theirs is the one that is sent.
        return OutgoingEmail.objects.get(**key, version=version)
    if created:
        task_enqueue_on_commit(SEND_TASK, email_id=email.pk)
    return email


def _build_message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient],
        headers={"X-Forum-Message": str(email.uuid)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    attach_all(message=message, email=email)
    return message


def _is_transient(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in exc.recipients.values())
    return isinstance(
        exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError, socket.timeout)
    )


def email_deliver(*, email_id: int, final_attempt: bool = False) -> OutgoingEmail | None:
    """Send one queued email. Never sends a row that is already sent.

    The row stays locked while the SMTP conversation runs, so a duplicated task waits and then
    finds the row sent. A transient failure raises TransientMailError (the task retries with
    backoff) unless this is the final attempt; a permanent failure is recorded as failed, visible to
    organisers, who can resend it.
    """
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status == OutgoingEmail.Status.SENT:
            return email
        email.tries += 1
        try:
            _build_message(email).send()
        except Exception as exc:
            transient = _is_transient(exc)
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if transient and not final_attempt and email.tries < MAX_TRIES:
                email.status = OutgoingEmail.Status.QUEUED
                email.save(update_fields=["tries", "last_error", "status"])
                transient_error = TransientMailError(email.last_error)
            else:
                email.status = OutgoingEmail.Status.FAILED
                email.save(update_fields=["tries", "last_error", "status"])
                logger.warning("email %s failed for good: %s", email.pk, email.last_error)
                return email
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
            email.save(update_fields=["tries", "last_error", "status", "sent_at"])
            return email
    raise transient_error


def email_resend(*, email_id: int) -> OutgoingEmail:
    """Put a failed email back in the queue (organiser action)."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email_id)
        if email.status == OutgoingEmail.Status.FAILED:
            email.status = OutgoingEmail.Status.QUEUED
            email.tries = 0
            email.save(update_fields=["status", "tries"])
            task_enqueue_on_commit(SEND_TASK, email_id=email.pk)
    return email


def outbox_flush(*, older_than_seconds: int = 120) -> int:
    """Re-enqueue queued emails whose task was lost (broker restart, worker killed)."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    ids = list(
        OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.QUEUED, created_at__lt=cutoff
        ).values_list("pk", flat=True)[:500]
    )
    for email_id in ids:
        task_enqueue(SEND_TASK, email_id=email_id)
    return len(ids)
