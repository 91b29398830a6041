"""The awards' emails to enterprises, in the account's language, queued in the outbox: the
submission received, the screening result, the published outcome."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from awards.models import Nomination
from mail.services import email_queue

KINDS = ("submitted", "screened", "result")


def nomination_notify(*, nomination: Nomination, kind: str, version: int = 1) -> None:
    """Queue the `kind` email about this nomination; (recipient, kind, nomination, version) is
    sent once whatever happens."""
    if kind not in KINDS:
        raise ValueError(f"unknown awards email {kind!r}")
    owner = nomination.owner
    recipient = owner.email if owner else nomination.contact_email
    if not recipient:
        return
    language = (owner.language if owner else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "nomination": nomination,
            "award": nomination.award,
            "edition": nomination.award.edition,
            "name": (owner.full_name if owner else "") or nomination.contact_name,
            "nomination_url": settings.SITE_URL
            + reverse("awards:nomination_detail", kwargs={"nomination_id": nomination.pk}),
            "results_url": settings.SITE_URL + reverse("awards:results"),
        }
        prefix = f"awards/email/{kind}"
        subject = render_to_string(f"{prefix}_subject.txt", context)
        body_text = render_to_string(f"{prefix}_message.txt", context)
        body_html = render_to_string(f"{prefix}_message.html", context)
    email_queue(
        recipient=recipient,
        kind=f"award_{kind}",
        object_key=f"nomination:{nomination.pk}",
        version=version,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        user=owner,
    )
