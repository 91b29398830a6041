"""Delegate emails, rendered in the delegate's language and queued in the outbox."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from registration.services.outbox import email_queue

KINDS = ("received", "waitlisted", "promoted", "approved", "rejected", "cancelled", "reminder")


def registration_notify(*, registration, kind: str) -> None:
    """Queue the `kind` email for this registration's current version (sent once after commit)."""
    if kind not in KINDS:
        raise ValueError(f"unknown registration email {kind!r}")
    if registration.anonymised_at:
        return
    language = registration.email_language or settings.LANGUAGE_CODE
    with translation.override(language):
        from registration.services.registrations import waitlist_rank

        context = {
            "registration": registration,
            "edition": registration.edition,
            "waitlist_rank": waitlist_rank(registration),
            "status_url": settings.SITE_URL + reverse("registration:status"),
            "site_url": settings.SITE_URL,
        }
        prefix = f"registration/email/{kind}"
        subject = render_to_string(f"{prefix}_subject.txt", context)
        body_text = render_to_string(f"{prefix}_message.txt", context)
        body_html = render_to_string(f"{prefix}_message.html", context)
    email_queue(
        recipient=registration.email,
        kind=kind,
        object_key=f"registration:{registration.pk}",
        version=registration.version,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        user=registration.user,
    )
