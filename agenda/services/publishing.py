"""Publishing: the draft becomes a numbered version, the public sees it, and everyone a change
concerns is told once (a job, agenda.services.notifications)."""

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from agenda.changes import changes_between, notified, sequences
from agenda.models import Agenda, AgendaVersion, PublishedSession
from agenda.selectors.drafts import draft_snapshot
from agenda.selectors.published import CURRENT_KEY, version_latest
from agenda.services import seats
from agenda.snapshot import fingerprint, parse_when
from forum.errors import ServiceError
from forum.jobs import job_create
from forum.models import Job
from forum.task_queue import task_enqueue_on_commit

NOTIFY_JOB = "agenda.notify"
NOTIFY_TASK = "agenda.version_notify"


def agenda_publish(
    *, edition, actor=None, expected_fingerprint: str = "", note: str = ""
) -> tuple[AgendaVersion, Job | None]:
    """Freeze the draft as the next version. `expected_fingerprint` is the draft the organiser
    previewed: if it changed since, nothing is published (they would publish unseen changes).
    The same draft twice makes no second version. Returns the version and the job that emails
    the people concerned (None when no change concerns anyone)."""
    with transaction.atomic():
        agenda, _created = Agenda.objects.get_or_create(edition=edition)
        # One publisher at a time per forum: the second waits, then finds nothing new.
        Agenda.objects.select_for_update().get(pk=agenda.pk)
        draft = draft_snapshot(edition=edition)
        digest = fingerprint(draft)
        if expected_fingerprint and expected_fingerprint != digest:
            raise ServiceError(
                _("Bản nháp đã thay đổi sau khi xem trước. Hãy xem lại các thay đổi rồi công bố."),
                code="draft_changed",
            )
        latest = version_latest(edition=edition)
        if latest is not None and latest.fingerprint == digest:
            raise ServiceError(
                _("Bản nháp giống hệt phiên bản đang công bố: không có gì mới để công bố."),
                code="no_changes",
            )
        previous = latest.snapshot if latest else None
        numbers = sequences(previous, draft)
        for session in draft["sessions"]:
            session["sequence"] = numbers[session["id"]]
        changes = changes_between(previous, draft)
        version = AgendaVersion.objects.create(
            edition=edition,
            number=latest.number + 1 if latest else 1,
            published_by=actor if getattr(actor, "pk", None) else None,
            note=note.strip()[:500],
            snapshot=draft,
            changes=changes,
            fingerprint=digest,
        )
        PublishedSession.objects.bulk_create(
            PublishedSession(
                version=version,
                session_id=s["id"],
                room_id=s["room"],
                starts_at=parse_when(s["starts_at"]),
                ends_at=parse_when(s["ends_at"]),
                seat_limit=s["seat_limit"],
                is_cancelled=s["cancelled"],
            )
            for s in draft["sessions"]
        )
        agenda.current_version = version
        agenda.save(update_fields=["current_version"])
        # Pages read the current version through a short cache: make them look again now, and
        # once more after commit (a request in between may have kept the old one).
        cache.delete(CURRENT_KEY)
        transaction.on_commit(lambda: cache.delete(CURRENT_KEY))
        # A seat limit raised (or lifted) by this version gives seats to the waiting list.
        for s in draft["sessions"]:
            seats.seats_fill(session_id=s["id"])
        job = None
        if notified(changes):
            if getattr(actor, "pk", None):
                job = job_create(
                    kind=NOTIFY_JOB, owner=actor, edition=edition, params={"version_id": version.pk}
                )
            else:
                task_enqueue_on_commit(NOTIFY_TASK, version_id=version.pk)
    return version, job
