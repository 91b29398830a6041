"""Emails to an enterprise's representatives when organisers decide on its demo or commitment,
each in the representative's language, through the outbox."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from forum.models import Edition
from mail.services import email_queue

DEMO_DECIDED = "showcase.demo_decided"
COMMITMENT_DECIDED = "showcase.commitment_decided"


def _decided(*, kind: str, template: str, enterprise, edition: Edition, key, context):
    """One email per representative and decision (`key` names the decision: queuing the same
    one twice sends it once)."""
    for user in enterprise.representatives.all():
        language = user.language or settings.LANGUAGE_CODE
        with translation.override(language):
            page = settings.SITE_URL + reverse("showcase:enterprise")
            full = {**context, "edition": edition, "enterprise": enterprise, "page_url": page}
            email_queue(
                recipient=user.email,
                kind=kind,
                object_key=key,
                subject=render_to_string(f"showcase/email/{template}_subject.txt", full),
                body_text=render_to_string(f"showcase/email/{template}_message.txt", full),
                body_html=render_to_string(f"showcase/email/{template}_message.html", full),
                language=language,
                user=user,
            )


def demo_decision_notify(*, demo) -> None:
    _decided(
        kind=DEMO_DECIDED,
        template="demo_decided",
        enterprise=demo.enterprise,
        edition=demo.edition,
        key=f"demo:{demo.pk}:{demo.status}:{demo.decided_at.timestamp()}",
        context={"demo": demo},
    )


def commitment_decision_notify(*, commitment) -> None:
    _decided(
        kind=COMMITMENT_DECIDED,
        template="commitment_decided",
        enterprise=commitment.enterprise,
        edition=commitment.edition,
        key=f"commitment:{commitment.pk}:{commitment.status}:{commitment.decided_at.timestamp()}",
        context={"commitment": commitment},
    )
