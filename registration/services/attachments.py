"""Attachments are produced at send time from references stored on the outbox row."""


def attach_all(*, message, email) -> None:
    # Each stored reference names a producer; producers are added by the features that need them
    # (the e-badge, for instance). Unknown references are an error, never silently dropped.
    for ref in email.attachments:
        producer = PRODUCERS.get(ref.get("type"))
        if producer is None:
            raise ValueError(f"unknown attachment type {ref.get('type')!r}")
        producer(message=message, ref=ref)


def _badge(*, message, ref) -> None:
    from registration.services.badges import attach_badge

    attach_badge(message=message, ref=ref)


PRODUCERS: dict = {"badge": _badge}
