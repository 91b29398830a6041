"""Creating the checked rows of an import, as a job the organiser follows.

Invited delegates are approved at once while seats remain (they were invited by the organisers,
so there is nothing to moderate) and get a single email, the approval with their badge; when the
edition is full they go to the waiting list like everybody else, and the result says so. Their
consent to the required purpose (event administration and check-in) is recorded with the
organiser's action: the consent rows carry the organiser's IP address and an "import" marker, and
an audit row names the organiser and the file. Optional purposes (photos, sharing, newsletter)
stay off until the delegate opts in.
"""

from dataclasses import asdict, dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forum.errors import ServiceError
from forum.jobs import JobKind, job_create
from forum.models import Job
from mail.models import OutgoingEmail
from registration.models import AuditLog, ConsentPurpose, Registration
from registration.services.importing.checking import ImportPreview, RowResult, import_parse
from registration.services.registrations import registration_approve, registration_submit

IMPORT_JOB = "registration.delegates_import"


@dataclass
class ImportOutcome:
    approved: list[str] = field(default_factory=list)
    waitlisted: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "approved": self.approved,
            "waitlisted": self.waitlisted,
            "pending": self.pending,
            "skipped": self.skipped,
            "failed": [list(item) for item in self.failed],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ImportOutcome":
        return cls(
            approved=list(data.get("approved", [])),
            waitlisted=list(data.get("waitlisted", [])),
            pending=list(data.get("pending", [])),
            skipped=list(data.get("skipped", [])),
            failed=[tuple(item) for item in data.get("failed", [])],
        )


# --- The job: check, confirm, create --------------------------------------------------------------


def import_check(*, edition, owner, file_name: str, data: bytes, ip_address=None) -> Job:
    """Read and check an upload (writing no registration): the preview waits, as a draft job,
    for the organiser to confirm it. Raises ServiceError for a file that cannot be read."""
    preview = import_parse(edition=edition, file_name=file_name, data=data)
    return job_create(
        kind=IMPORT_JOB,
        owner=owner,
        edition=edition,
        draft=True,
        params={
            "file_name": preview.file_name[:200],
            "ip_address": ip_address,
            "rows": [asdict(row) for row in preview.rows],
        },
        total=len(preview.valid_rows),
    )


def import_preview(job: Job) -> ImportPreview:
    return ImportPreview(
        file_name=job.params["file_name"], rows=[RowResult(**row) for row in job.params["rows"]]
    )


def import_run(job: Job, progress) -> dict:
    rows = [row for row in job.params["rows"] if not row["errors"] and not row["skipped"]]
    outcome = import_confirm(
        edition_id=job.edition_id,
        rows=rows,
        actor=job.owner,
        file_name=job.params["file_name"],
        ip_address=job.params.get("ip_address"),
        progress=progress,
    )
    return outcome.as_dict()


def import_report(job: Job) -> list[tuple[int, str]]:
    lines = import_summary(ImportOutcome.from_dict(job.result))
    return [(messages.INFO, line) for line in lines] or [
        (messages.INFO, _("Không có dòng hợp lệ nào để nhập."))
    ]


def import_confirm(
    *,
    edition_id: int,
    rows: list[dict],
    actor,
    file_name: str = "",
    ip_address=None,
    progress=None,
) -> ImportOutcome:
    """Create registrations for checked rows (dicts with "line" and "data"). Each row commits on
    its own, so one refused row never undoes the others; importing the same rows again skips them.
    """
    outcome = ImportOutcome()
    for done, row in enumerate(rows, start=1):
        data = row["data"]
        label = data.get("full_name") or data.get("email") or str(row.get("line"))
        try:
            status = _import_one(
                edition_id=edition_id,
                row=row,
                actor=actor,
                file_name=file_name,
                ip_address=ip_address,
            )
        except ServiceError as exc:
            if exc.code == "duplicate_email":
                outcome.skipped.append(label)
            else:
                outcome.failed.append((label, exc.message))
        except ValidationError as exc:
            outcome.failed.append((label, "; ".join(exc.messages)))
        else:
            {
                Registration.Status.APPROVED: outcome.approved,
                Registration.Status.WAITLISTED: outcome.waitlisted,
            }.get(status, outcome.pending).append(label)
        if progress:
            progress(done, len(rows))
    return outcome


def _import_one(*, edition_id: int, row: dict, actor, file_name: str, ip_address) -> str:
    consents = {
        purpose: purpose == ConsentPurpose.ADMINISTRATION for purpose in ConsentPurpose.values
    }
    with transaction.atomic():
        registration = registration_submit(
            edition_id=edition_id,
            user=None,
            data=row["data"],
            consents=consents,
            ip_address=ip_address,
            user_agent=f"import by organiser #{getattr(actor, 'pk', '')}",
            source=Registration.Source.IMPORT,
        )
        AuditLog.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            action="imported",
            registration=registration,
            detail={"file": file_name[:200], "line": row.get("line")},
        )
        if registration.status != Registration.Status.PENDING:
            return registration.status
        try:
            registration = registration_approve(registration_id=registration.pk, actor=actor)
        except ServiceError:
            return Registration.Status.PENDING
        # An invitee gets one email, the approval: the "received" notice queued a moment ago in
        # this same transaction is withdrawn before anything is sent (its send task, run after
        # commit, finds no row and does nothing).
        OutgoingEmail.objects.filter(
            kind="received",
            object_key=f"registration:{registration.pk}",
            status=OutgoingEmail.Status.QUEUED,
        ).delete()
        return registration.status


def import_summary(outcome: ImportOutcome) -> list[str]:
    """Sentences for the organiser, one per kind of result."""
    lines = []
    if outcome.approved:
        lines.append(_("Đã nhập và duyệt %(count)d đại biểu.") % {"count": len(outcome.approved)})
    if outcome.waitlisted:
        lines.append(
            _("%(count)d đại biểu vào danh sách chờ vì đã hết chỗ.")
            % {"count": len(outcome.waitlisted)}
        )
    if outcome.pending:
        lines.append(_("%(count)d đại biểu đang chờ duyệt.") % {"count": len(outcome.pending)})
    if outcome.skipped:
        lines.append(
            _("Bỏ qua %(count)d dòng đã đăng ký: %(names)s")
            % {"count": len(outcome.skipped), "names": _names(outcome.skipped)}
        )
    if outcome.failed:
        lines.append(
            _("%(count)d dòng không nhập được: %(details)s")
            % {
                "count": len(outcome.failed),
                "details": "; ".join(f"{name}: {message}" for name, message in outcome.failed[:10])
                + ("…" if len(outcome.failed) > 10 else ""),
            }
        )
    return lines


def _names(names: list[str], limit: int = 10) -> str:
    return ", ".join(names[:limit]) + ("…" if len(names) > limit else "")


IMPORT_JOB_KIND = JobKind(
    name=IMPORT_JOB,
    label=gettext_lazy("Nhập danh sách mời"),
    run=import_run,
    report=import_report,
    done_url=lambda job: reverse("registration:delegate_list"),
)
