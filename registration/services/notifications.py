"""Delegate emails, rendered in the delegate's language and queued in the outbox."""

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from forum.models import Edition
from mail import services as outbox
from mail.models import OutgoingEmail
from mail.services import email_queue
from registration.badge_codes import short_code_display
from registration.models import Registration
from registration.selectors import waitlist_rank
from registration.services.badge_codes import badge_code_issue

KINDS = ("received", "waitlisted", "promoted", "approved", "rejected", "cancelled", "reminder")


def registration_notify(*, registration, kind: str, version: int | None = None) -> None:
    """Queue the `kind` email for this registration's current version (sent once after commit).

    `version` overrides the registration's version for emails that go out once whatever changes
    (the reminder).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown registration email {kind!r}")
    if registration.anonymised_at:
        return
    language = registration.email_language or settings.LANGUAGE_CODE
    with translation.override(language):
        code = None
        if registration.status == registration.Status.APPROVED:
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
        subject = render_to_string(f"{prefix}_subject.txt", context)
        body_text = render_to_string(f"{prefix}_message.txt", context)
        body_html = render_to_string(f"{prefix}_message.html", context)
    attachments = []
    if kind == "approved":
        attachments.append({"type": "badge", "registration_id": registration.pk})
    email_queue(
        recipient=registration.email,
        kind=kind,
        object_key=f"registration:{registration.pk}",
        version=registration.version if version is None else version,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        user=registration.user,
        attachments=attachments,
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
    exists is not duplicated: a failed one goes back to the queue, a sent or queued one is left
    alone and reported. Returns "queued", "requeued", "in_queue" or "already_sent".
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
    if existing.status == OutgoingEmail.Status.FAILED:
        outbox.email_resend(email_id=existing.pk)
        return "requeued"
    if existing.status == OutgoingEmail.Status.SENT:
        return "already_sent"
    return "in_queue"
