"""Putting an email in the outbox, and putting it back (an organiser's resend or retry)."""

import uuid

from django.db import connection, transaction
from django.utils import timezone

from forum.sql import fetch_one
from mail.models import OutgoingEmail
from mail.services.schedule import email_dispatch_on_commit, send_lease

Status = OutgoingEmail.Status


def email_queue(
    *,
    recipient: str,
    kind: str,
    object_key: str | None = None,
    version: int = 1,
    subject: str = "",
    body_text: str = "",
    body_html: str = "",
    renderer: str = "",
    context: dict | None = None,
    language: str = "vi",
    user=None,
    attachments: list | None = None,
) -> OutgoingEmail:
    """Record an email in the outbox and send it after the surrounding transaction commits.

    Either its text (subject, bodies) or a renderer registered with mail.renderers, which writes
    the text from `context` at send time. Queuing the same (recipient, kind, object_key, version)
    twice returns the existing row and sends nothing new.
    """
    subject = " ".join(subject.split())[:400]
    if not (subject or renderer):
        raise ValueError("an email needs a subject or a renderer")
    now = timezone.now()
    email = OutgoingEmail(
        recipient=recipient.strip().lower(),
        kind=kind,
        object_key=object_key or uuid.uuid4().hex,
        version=version,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        renderer=renderer,
        context=context or {},
        language=language,
        user=user,
        attachments=attachments or [],
        next_attempt_at=now,
        # Handed to the broker on commit: lost if unclaimed when this lapses.
        lease_until=now + send_lease(),
    )
    if not _insert_new(email):
        # Queued before (or by a concurrent call): that row is the one that is sent.
        return OutgoingEmail.objects.get(
            recipient=email.recipient, kind=kind, object_key=email.object_key, version=version
        )
    email_dispatch_on_commit(email.pk)
    return email


_COLUMNS = [field for field in OutgoingEmail._meta.concrete_fields if not field.primary_key]
# One statement, and no savepoint around it: the callers hold the edition lock while queuing
# (a sign-up's approval email), and an existing (recipient, kind, object, version) makes the
# insert do nothing instead of raising.
_INSERT_SQL = (
    f"INSERT INTO {OutgoingEmail._meta.db_table} "  # noqa: S608 - identifiers from the model
    f"({', '.join(field.column for field in _COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(_COLUMNS))}) ON CONFLICT DO NOTHING RETURNING id"
)


def _insert_new(email: OutgoingEmail) -> bool:
    """Insert the row unless its key exists; whether it was inserted (its pk then set)."""
    values = [
        field.get_db_prep_save(field.pre_save(email, add=True), connection) for field in _COLUMNS
    ]
    row = fetch_one(_INSERT_SQL, values)
    if row is None:
        return False
    email.pk = row[0]
    email._state.adding = False
    email._state.db = connection.alias
    return True


def email_resend(*, email_id: int) -> OutgoingEmail:
    """An organiser sends an email again now: a failed or cancelled one with its tries counted
    afresh, a queued one (waiting for its next try) at once. One being sent or already sent is
    left alone."""
    now = timezone.now()
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email_id)
        if email.status in (Status.FAILED, Status.CANCELLED):
            email.tries = 0
        elif email.status == Status.SENDING and email.lease_until < now:
            pass  # its worker died: the sweep would take it back, do it now
        elif email.status != Status.QUEUED:
            return email
        email.status = Status.QUEUED
        email.next_attempt_at = now
        email.lease_until = now + send_lease()
        email.save(update_fields=["status", "tries", "next_attempt_at", "lease_until"])
        email_dispatch_on_commit(email.pk)
    return email
