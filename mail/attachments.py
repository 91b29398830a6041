"""Attachments are produced at send time from references stored on the outbox row.

Each stored reference names a producer ({"type": "badge", ...}); the app that owns the content
registers its producer when it loads, so the outbox never imports the apps that use it.
"""

from collections.abc import Callable

Producer = Callable[..., None]

_PRODUCERS: dict[str, Producer] = {}


def attachment_producer_register(kind: str, producer: Producer) -> None:
    """`producer(message=EmailMessage, ref=dict)` attaches what `ref` names to `message`."""
    _PRODUCERS[kind] = producer


def attach_all(*, message, email) -> None:
    # Unknown references are an error, never silently dropped.
    for ref in email.attachments:
        producer = _PRODUCERS.get(ref.get("type"))
        if producer is None:
            raise ValueError(f"unknown attachment type {ref.get('type')!r}")
        producer(message=message, ref=ref)
