"""The bulk print file: every approved badge of an edition in one PDF, kept privately for a
short time (it holds personal data)."""

import contextlib
import datetime as dt
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forum.errors import ServiceError
from forum.jobs import JobKind, job_create
from forum.models import Job
from forum.selectors import job_latest
from forum.vietnamese import collation_key
from registration.models import DelegateType, Registration
from registration.services.badges.pdf import LAYOUTS, Progress, render_badges_pdf

SORTS = ("name", "organisation")
PRINT_DIR = Path("badges") / "print"
# Bulk print files hold personal data: kept long enough to print, then deleted.
PRINT_FILE_LIFETIME = dt.timedelta(days=2)


def badges_print_registrations(*, edition, sort: str = "name", delegate_type: str = "") -> list:
    """The approved delegates of `edition` to print, in print order.

    "name": by given name then full name, Vietnamese collation (the stored sort key);
    "organisation": by organisation (Vietnamese collation), then by name.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    rows = Registration.objects.filter(
        edition=edition, status=Registration.Status.APPROVED
    ).select_related("edition")
    if delegate_type:
        rows = rows.filter(delegate_type=delegate_type)
    rows = list(rows.order_by("sort_key", "id"))
    if sort == "organisation":
        # Stable sort: equal organisations keep the name order.
        rows.sort(key=lambda r: collation_key(r.organisation))
    return rows


def badges_print_count(*, edition, delegate_type: str = "") -> int:
    rows = Registration.objects.filter(edition=edition, status=Registration.Status.APPROVED)
    if delegate_type:
        rows = rows.filter(delegate_type=delegate_type)
    return rows.count()


def print_file_path(file_id) -> Path:
    """Where a bulk print file lives; `file_id` must be a UUID (no path tricks)."""
    return Path(settings.MEDIA_ROOT) / PRINT_DIR / f"{uuid.UUID(str(file_id)).hex}.pdf"


def print_files_prune(*, older_than: dt.timedelta = PRINT_FILE_LIFETIME) -> int:
    """Delete bulk print files older than `older_than` (they are re-rendered on demand)."""
    directory = Path(settings.MEDIA_ROOT) / PRINT_DIR
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in directory.glob("*.pdf") if directory.is_dir() else ():
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed


def print_file_delete(file_id) -> None:
    with contextlib.suppress(FileNotFoundError, ValueError):
        print_file_path(file_id).unlink()


def badges_print_write(
    *,
    edition,
    output: Path,
    sort: str = "name",
    layout: str = "a6",
    delegate_type: str = "",
    progress: Progress = None,
) -> dict:
    """Render the bulk print PDF to `output` (replaced atomically). Returns {"badges", "pages"}.

    Raises ServiceError(code="nothing_to_print") when no approved delegate matches.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    if delegate_type and delegate_type not in DelegateType.values:
        raise ValueError(f"unknown delegate type {delegate_type!r}")
    registrations = badges_print_registrations(
        edition=edition, sort=sort, delegate_type=delegate_type
    )
    if not registrations:
        raise ServiceError(
            _("Không có đại biểu nào đã được duyệt để in theo lựa chọn này."),
            code="nothing_to_print",
        )
    pdf = render_badges_pdf(
        registrations=registrations, layout=layout, edition=edition, progress=progress
    )
    output = Path(output)
    temporary = output.with_name(f".{output.name}.{uuid.uuid4().hex}.part")
    temporary.write_bytes(pdf)
    temporary.replace(output)
    count = len(registrations)
    return {"badges": count, "pages": count if layout == "a6" else (count + 3) // 4}


def badges_print_file(
    *,
    edition,
    sort: str = "name",
    layout: str = "a6",
    delegate_type: str = "",
    progress: Progress = None,
) -> dict:
    """The bulk print PDF in private storage. Returns {"file_id", "badges", "pages"}."""
    print_files_prune()
    file_id = str(uuid.uuid4())
    path = print_file_path(file_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    result = badges_print_write(
        edition=edition,
        output=path,
        sort=sort,
        layout=layout,
        delegate_type=delegate_type,
        progress=progress,
    )
    return {"file_id": file_id, **result}


# --- The print job --------------------------------------------------------------------------------

PRINT_JOB = "registration.badges_print"


def badges_print_start(
    *, edition, owner, sort: str = "name", layout: str = "a6", delegate_type: str = ""
) -> Job:
    """Start rendering the bulk print file (a job; the page follows its progress). An organiser
    keeps one print file: the previous one is deleted. Raises ServiceError when no approved
    delegate matches."""
    if sort not in SORTS or layout not in LAYOUTS:
        raise ValueError(f"unknown sort or layout {sort!r} {layout!r}")
    if delegate_type and delegate_type not in DelegateType.values:
        raise ValueError(f"unknown delegate type {delegate_type!r}")
    count = badges_print_count(edition=edition, delegate_type=delegate_type)
    if not count:
        raise ServiceError(
            _("Không có đại biểu nào đã được duyệt để in theo lựa chọn này."),
            code="nothing_to_print",
        )
    previous = job_latest(kind=PRINT_JOB, owner=owner, edition=edition)
    if previous is not None and previous.result.get("file_id"):
        print_file_delete(previous.result["file_id"])
    return job_create(
        kind=PRINT_JOB,
        owner=owner,
        edition=edition,
        params={"sort": sort, "layout": layout, "delegate_type": delegate_type},
        total=count,
    )


def badges_print_run(job: Job, progress) -> dict:
    return badges_print_file(edition=job.edition, progress=progress, **job.params)


def badges_print_result(job: Job) -> dict:
    """What the finished print job shows: whether its file is still there, the type printed."""
    file_id = job.result.get("file_id")
    return {
        "file_exists": bool(file_id) and print_file_path(file_id).exists(),
        "type_label": dict(DelegateType.choices).get(job.params.get("delegate_type", ""), ""),
    }


PRINT_JOB_KIND = JobKind(
    name=PRINT_JOB,
    label=gettext_lazy("In thẻ đại biểu"),
    run=badges_print_run,
    result_template="registration/badges/_print_result.html",
    result_context=badges_print_result,
)
