"""Delegate emails: recorded in the outbox by the services that change a registration (inside
their transaction, under the edition lock), written in the delegate's language when the worker
sends them (the renderer below, registered with mail.renderers)."""

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from forum.models import Edition
from mail import services as outbox
from mail.errors import EmailCancelled
from mail.models import OutgoingEmail
from mail.renderers import RenderedEmail
from mail.services import email_queue
from registration.badge_codes import short_code_display
from registration.models import Registration
from registration.selectors import waitlist_rank
from registration.services.badge_codes import badge_code_issue

RENDERER = "registration"
Status = Registration.Status
# What each email announces: sent only while the registration is still so, else cancelled
# (an approval email never goes out for a registration cancelled meanwhile, nor half of it).
KIND_STATUSES = {
    "received": {Status.PENDING},
    "promoted": {Status.PENDING},
    "waitlisted": {Status.WAITLISTED},
    "approved": {Status.APPROVED},
    "rejected": {Status.REJECTED},
    "cancelled": {Status.CANCELLED},
    "reminder": {Status.APPROVED},
}
KINDS = tuple(KIND_STATUSES)


def registration_notify(*, registration, kind: str, version: int | None = None) -> None:
    """Record the `kind` email for this registration's current version; it is written and sent
    once after commit.

    Only a row is inserted here: the callers hold the edition lock, and writing the email (its
    templates, the badge) would hold every other sign-up up. `version` overrides the
    registration's version for emails that go out once whatever changes (the reminder).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown registration email {kind!r}")
    if registration.anonymised_at:
        return
    attachments = []
    if kind == "approved":
        attachments.append({"type": "badge", "registration_id": registration.pk})
    email_queue(
        recipient=registration.email,
        kind=kind,
        object_key=f"registration:{registration.pk}",
        version=registration.version if version is None else version,
        renderer=RENDERER,
        context={"registration_id": registration.pk, "kind": kind},
        language=registration.email_language or settings.LANGUAGE_CODE,
        user=registration.user,
        attachments=attachments,
    )


def registration_email_render(*, context: dict) -> RenderedEmail:
    """The outbox renderer of delegate emails (the language is already the delegate's)."""
    kind = context["kind"]
    registration = (
        Registration.objects.select_related("edition").filter(pk=context["registration_id"]).first()
    )
    if registration is None:
        raise EmailCancelled(f"registration {context['registration_id']} no longer exists")
    if registration.anonymised_at:
        raise EmailCancelled(f"registration {registration.pk} was anonymised")
    if registration.status not in KIND_STATUSES[kind]:
        raise EmailCancelled(
            f"registration {registration.pk} is now {registration.status}: "
            f"the {kind!r} email no longer applies"
        )
    code = None
    if registration.status == Status.APPROVED:
        code = short_code_display(badge_code_issue(registration=registration).short_code)
    context = {
        "badge_short_code": code,
        "registration": registration,
        "edition": registration.edition,
        "waitlist_rank": waitlist_rank(registration=registration),
        "status_url": settings.SITE_URL + reverse("registration:status"),
        "site_url": settings.SITE_URL,
    }
    prefix = f"registration/email/{kind}"
    return RenderedEmail(
        subject=render_to_string(f"{prefix}_subject.txt", context),
        body_text=render_to_string(f"{prefix}_message.txt", context),
        body_html=render_to_string(f"{prefix}_message.html", context),
    )


def reminders_send(*, today=None) -> int:
    """Queue the day-before reminder for every approved delegate of editions starting tomorrow."""
    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    count = 0
    for edition in Edition.objects.all():
        if timezone.localtime(edition.starts_at).date() != tomorrow:
            continue
        approved = Registration.objects.filter(
            edition=edition, status=Registration.Status.APPROVED, anonymised_at__isnull=True
        ).select_related("edition", "user")
        for registration in approved.iterator(chunk_size=500):
            registration_notify(registration=registration, kind="reminder", version=1)
            count += 1
    return count


EMAIL_KIND_FOR_STATUS = {
    Registration.Status.APPROVED: "approved",
    Registration.Status.WAITLISTED: "waitlisted",
    Registration.Status.REJECTED: "rejected",
    Registration.Status.CANCELLED: "cancelled",
}


def _email_kind(registration: Registration) -> str:
    if registration.status == Registration.Status.PENDING:
        return "promoted" if registration.promoted_at else "received"
    return EMAIL_KIND_FOR_STATUS[registration.status]


def registration_email_again(*, registration: Registration) -> str:
    """Queue again the email that matches the registration's current status and version.

    The outbox sends (recipient, kind, registration, version) once, so a message that already
    exists is not duplicated: a failed or cancelled one goes back to the queue, a queued one is
    tried now, a sent one is left alone and reported. Returns "queued", "requeued", "in_queue"
    or "already_sent".
    """
    if registration.anonymised_at:
        raise ServiceError(_("Đăng ký đã được ẩn danh."), code="anonymised")
    kind = _email_kind(registration)
    existing = OutgoingEmail.objects.filter(
        recipient=registration.email.strip().lower(),
        kind=kind,
        object_key=f"registration:{registration.pk}",
        version=registration.version,
    ).first()
    if existing is None:
        registration_notify(registration=registration, kind=kind)
        return "queued"
    if existing.status in (OutgoingEmail.Status.FAILED, OutgoingEmail.Status.CANCELLED):
        outbox.email_resend(email_id=existing.pk)
        return "requeued"
    if existing.status == OutgoingEmail.Status.SENT:
        return "already_sent"
    outbox.email_resend(email_id=existing.pk)
    return "in_queue"
