"""Attachments are produced at send time from references stored on the outbox row.

Each stored reference names a producer ({"type": "badge", ...}); the app that owns the content
registers its producer when it loads, so the outbox never imports the apps that use it.
"""

from collections.abc import Callable

from mail.errors import EmailCancelled

Producer = Callable[..., None]

_PRODUCERS: dict[str, Producer] = {}


def attachment_producer_register(kind: str, producer: Producer) -> None:
    """`producer(message=EmailMessage, ref=dict)` attaches what `ref` names to `message`; it
    attaches nothing when what `ref` names no longer exists (the email is then cancelled)."""
    _PRODUCERS[kind] = producer


def attach_all(*, message, email) -> None:
    # Unknown references are an error, never silently dropped; an attachment that can no longer
    # be produced cancels the email rather than sending it without.
    for ref in email.attachments:
        producer = _PRODUCERS.get(ref.get("type"))
        if producer is None:
            raise ValueError(f"unknown attachment type {ref.get('type')!r}")
        before = len(message.attachments)
        producer(message=message, ref=ref)
        if len(message.attachments) == before:
            raise EmailCancelled(f"its {ref.get('type')} attachment can no longer be produced")
