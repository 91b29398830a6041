"""Telling people about a published version: one email per person per version, listing every
change to the sessions they saved or hold a seat in, with their updated calendar attached.

The outbox key (recipient, "agenda_changed", forum, version number) makes the email unique: a
job run twice (a worker killed and the job taken over) queues nothing twice, and a version with
no change for someone sends them nothing.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda.changes import notified
from agenda.models import AgendaVersion
from agenda.selectors.personal import (
    Recipient,
    audience,
    mine,
    mine_of_registration,
)
from agenda.selectors.published import programme_current
from forum.jobs import JobKind
from forum.models import Edition
from mail.services import email_queue
from registration.models import Honorific, Registration, User

KIND = "agenda_changed"
ATTACHMENT = "agenda_ics"


def _display_name(recipient: Recipient) -> str:
    if not recipient.honorific:
        return recipient.full_name
    try:
        return f"{Honorific(recipient.honorific).label} {recipient.full_name}"
    except ValueError:
        return f"{recipient.honorific} {recipient.full_name}"


def _email(version: AgendaVersion, recipient: Recipient, records: list) -> None:
    edition = version.edition
    language = recipient.language if recipient.language in ("vi", "en") else "vi"
    with translation.override(language):
        context = {
            "edition": edition,
            "version": version,
            "name": _display_name(recipient),
            "records": records,
            "english": language == "en",
            "my_url": settings.SITE_URL + reverse("agenda:mine"),
            "changes_url": settings.SITE_URL + reverse("agenda:changes"),
        }
        prefix = "agenda/email/changes"
        subject = render_to_string(f"{prefix}_subject.txt", context)
        body_text = render_to_string(f"{prefix}_message.txt", context)
        body_html = render_to_string(f"{prefix}_message.html", context)
    email_queue(
        recipient=recipient.email,
        kind=KIND,
        object_key=f"agenda:{edition.pk}",
        version=version.number,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        user=User.objects.filter(pk=recipient.user_id).first() if recipient.user_id else None,
        attachments=[
            {
                "type": ATTACHMENT,
                "edition_id": edition.pk,
                "user_id": recipient.user_id,
                "registration_id": recipient.registration_id,
                "language": language,
            }
        ],
    )


def version_notify(*, version_id: int, progress=None) -> dict:
    """Queue the change emails of one version (the job's or the task's body)."""
    version = AgendaVersion.objects.select_related("edition").filter(pk=version_id).first()
    if version is None:
        return {"emails": 0}
    records = notified(version.changes)
    by_session = {}
    for record in records:
        by_session.setdefault(record["session"], record)
    recipients = audience(edition=version.edition, session_ids=by_session)
    total = len(recipients)
    for done, recipient in enumerate(recipients, start=1):
        mine_records = [r for r in records if r["session"] in recipient.session_ids]
        _email(version, recipient, mine_records)
        if progress is not None and (done % 25 == 0 or done == total):
            progress(done, total)
    return {"emails": total, "version": version.number}


def _run_job(job, progress) -> dict:
    return version_notify(version_id=job.params["version_id"], progress=progress)


def _report(job) -> list:
    from django.contrib import messages

    return [
        (
            messages.SUCCESS,
            _("Đã gửi thông báo thay đổi của phiên bản %(number)s tới %(count)s người.")
            % {"number": job.result.get("version"), "count": job.result.get("emails", 0)},
        )
    ]


NOTIFY_JOB_KIND = JobKind(
    name="agenda.notify",
    label=gettext_lazy("Gửi thông báo thay đổi chương trình"),
    run=_run_job,
    report=_report,
    done_url=lambda job: reverse("agenda:organiser_versions"),
)


def attach_personal_calendar(*, message, ref: dict) -> None:
    """The person's sessions as they stand when the email is sent (the latest version)."""
    from agenda.feeds.ical import calendar_bytes

    edition = Edition.objects.get(pk=ref["edition_id"])
    programme = programme_current(edition=edition)
    if programme is None:
        return
    if ref.get("user_id"):
        ids = mine(edition=edition, user=User.objects.get(pk=ref["user_id"])).session_ids
    else:
        registration = Registration.objects.get(pk=ref["registration_id"])
        ids = mine_of_registration(registration=registration).session_ids
    with translation.override(ref.get("language") or settings.LANGUAGE_CODE):
        content = calendar_bytes(
            programme=programme,
            sessions=[s for s in programme.sessions if s.id in ids],
            edition=edition,
            name=_("Chương trình của tôi — %(forum)s")
            % {"forum": edition.short_name or edition.display_name},
            site_url=settings.SITE_URL,
        )
    message.attach("chuong-trinh.ics", content, "text/calendar; charset=utf-8; method=PUBLISH")
