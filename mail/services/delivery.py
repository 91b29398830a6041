"""Sending one email: claim it, write it, hand it to the mail server, record what happened."""

import logging
import smtplib
import socket

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone, translation

from mail.attachments import attach_all
from mail.errors import EmailCancelled, TransientMailError
from mail.models import OutgoingEmail
from mail.renderers import RenderedEmail, email_render
from mail.services.schedule import MAX_TRIES, retry_delay, send_lease

logger = logging.getLogger(__name__)
Status = OutgoingEmail.Status


def email_deliver(*, email_id: int, ignore_schedule: bool = False) -> OutgoingEmail | None:
    """Send one email if it is due. Never sends a row that is sent, cancelled or failed, nor one
    another worker holds a live claim on.

    The row is claimed (status "sending" with a lease) in a short transaction; the text is
    written and sent outside it; the outcome is recorded only if the claim is still this
    attempt's. A worker that dies mid-send leaves its claim to lapse, and the row is sent again:
    at most one duplicate per worker process killed at that moment.

    A transient failure records when the next try is due and raises TransientMailError;
    a permanent one, or the last try, is recorded as failed, for organisers to see and resend.
    """
    email, claimed = _claim(email_id, ignore_schedule=ignore_schedule)
    if not claimed:
        return email
    rendered = None
    try:
        with translation.override(email.language or settings.LANGUAGE_CODE):
            rendered = email_render(email=email)
            message = _build_message(email, rendered)
        message.send()
    except EmailCancelled as exc:
        logger.info("email %s cancelled: %s", email.pk, exc)
        return _finish(email, Status.CANCELLED, last_error=f"EmailCancelled: {exc}"[:2000])
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        text = _text_fields(email, rendered)
        if _is_transient(exc) and email.tries < MAX_TRIES:
            _finish(
                email,
                Status.QUEUED,
                last_error=error,
                next_attempt_at=timezone.now() + retry_delay(email.tries),
                **text,
            )
            raise TransientMailError(error) from exc
        logger.warning("email %s failed for good: %s", email.pk, error)
        return _finish(email, Status.FAILED, last_error=error, **text)
    return _finish(
        email, Status.SENT, sent_at=timezone.now(), last_error="", **_text_fields(email, rendered)
    )


def _claim(email_id: int, *, ignore_schedule: bool) -> tuple[OutgoingEmail | None, bool]:
    """The row, and whether this attempt now holds it."""
    now = timezone.now()
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None:
            return None, False
        if email.status == Status.QUEUED:
            if email.next_attempt_at > now and not ignore_schedule:
                return email, False  # not due: a stale message; the sweep hands it over when due
        elif email.status != Status.SENDING or email.lease_until > now:
            return email, False  # done, or another worker is sending it
        # Queued and due, or claimed by a worker whose lease lapsed: this attempt takes it.
        email.status = Status.SENDING
        email.tries += 1
        email.lease_until = now + send_lease()
        email.save(update_fields=["status", "tries", "lease_until"])
    return email, True


def _finish(email: OutgoingEmail, status: str, **fields) -> OutgoingEmail:
    """Record the attempt's outcome. A delivery is recorded whatever happened meanwhile (it is
    the truth); any other outcome only while this attempt still holds the claim."""
    rows = OutgoingEmail.objects.filter(pk=email.pk)
    if status == Status.SENT:
        rows = rows.exclude(status=Status.SENT)
    else:
        rows = rows.filter(status=Status.SENDING, tries=email.tries)
    if not rows.update(status=status, lease_until=None, **fields):
        logger.warning(
            "email %s: outcome %s not recorded, a later attempt owns it", email.pk, status
        )
    email.refresh_from_db()
    return email


def _text_fields(email: OutgoingEmail, rendered: RenderedEmail | None) -> dict:
    """What a renderer wrote, kept on the row so organisers see what was (to be) sent."""
    if rendered is None or not email.renderer:
        return {}
    return {
        "subject": rendered.subject,
        "body_text": rendered.body_text,
        "body_html": rendered.body_html,
    }


def _build_message(email: OutgoingEmail, rendered: RenderedEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient],
        headers={"X-Forum-Message": str(email.uuid)},
    )
    if rendered.body_html:
        message.attach_alternative(rendered.body_html, "text/html")
    attach_all(message=message, email=email)
    return message


def _is_transient(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in exc.recipients.values())
    return isinstance(
        exc,
        (
            smtplib.SMTPServerDisconnected,
            smtplib.SMTPConnectError,
            OSError,
            socket.timeout,
            # The send ran out of its lease (the task's time limit) or the database blinked.
            SoftTimeLimitExceeded,
            OperationalError,
            InterfaceError,
        ),
    )
