"""One mechanism for long work: a Job row, run by the Celery task `forum.job_run`, whose progress
every page shows with the same partial (templates/forum/_job_progress.html).

Each app registers the kinds of job it runs (`job_kind_register`, from its AppConfig.ready), so
this module never imports the apps that use it. Without a broker the task runs inline, inside the
request that starts the job, and the page shows the finished job.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from forum.models import Job
from forum.task_queue import task_offer

logger = logging.getLogger(__name__)

RUN_TASK = "forum.job_run"
# A running job writes its progress at least this often; one silent for longer has lost its
# worker (killed, restarted): the next delivery of its task may take it over, and the page
# reports it as failed after JOB_LOST_AFTER.
LEASE = dt.timedelta(minutes=10)
JOB_LOST_AFTER = dt.timedelta(hours=1)
# A queued job whose task has not started it by then is offered to the broker again by the
# workers' sweep (the broker was down when it was created, or its task was lost).
OFFER_AGAIN_AFTER = dt.timedelta(seconds=60)
# Jobs hold personal data (an import's rows, print files): kept long enough to look back at.
JOB_LIFETIME = dt.timedelta(days=2)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class JobKind:
    """What a kind of job does and how its outcome is shown.

    run(job, progress) does the work and returns the result (JSON); progress(done, total).
    report(job) gives the messages for the owner once it is done, [(messages level, text)].
    done_url(job): when set, the owner is taken there with the report once the job is done;
    otherwise the progress partial includes `result_template` with result_context(job).
    """

    name: str
    label: str
    run: Callable[[Job, Progress], dict]
    report: Callable[[Job], list[tuple[int, str]]] | None = None
    done_url: Callable[[Job], str] | None = None
    result_template: str | None = None
    result_context: Callable[[Job], dict] | None = None


_KINDS: dict[str, JobKind] = {}


def job_kind_register(kind: JobKind) -> None:
    _KINDS[kind.name] = kind


def job_kind(name: str) -> JobKind:
    return _KINDS[name]


def job_create(
    *, kind: str, owner, edition=None, params: dict, total: int = 0, draft: bool = False
) -> Job:
    """A new job; started at once (after commit) unless `draft`, which waits for job_start."""
    if kind not in _KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    jobs_prune()
    job = Job.objects.create(
        kind=kind,
        owner=owner,
        edition=edition,
        params=params,
        language=translation.get_language() or "vi",
        total=total,
        status=Job.Status.DRAFT if draft else Job.Status.QUEUED,
    )
    if not draft:
        _offer_on_commit(job)
    return job


def _offer_on_commit(job: Job) -> None:
    """Hand the job to a worker once the transaction commits. A broker that cannot be reached
    never fails the request: the job waits, and the workers' sweep (jobs_sweep) offers it
    again; the page shows it waiting."""
    transaction.on_commit(partial(task_offer, RUN_TASK, job_id=str(job.pk)))


def job_start(*, job_id) -> Job | None:
    """Start a draft job (its owner confirmed it). Starting it again starts nothing: the job is
    returned as it stands; None when it does not exist."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.DRAFT:
            return job
        job.status = Job.Status.QUEUED
        job.save(update_fields=["status", "updated_at"])
        _offer_on_commit(job)
    return job


def _claim(job_id) -> Job | None:
    """Take the job for this run: a queued one, or a running one whose worker went silent. A
    second delivery of the task while the job runs elsewhere takes nothing."""
    now = timezone.now()
    with transaction.atomic():
        job = (
            Job.objects.select_for_update()
            .filter(pk=job_id)
            .filter(
                Q(status=Job.Status.QUEUED)
                | Q(status=Job.Status.RUNNING, updated_at__lt=now - LEASE)
            )
            .first()
        )
        if job is None:
            return None
        job.status = Job.Status.RUNNING
        job.started_at = now
        job.done = 0
        job.save(update_fields=["status", "started_at", "done", "updated_at"])
    return job


def job_run(*, job_id) -> Job | None:
    """Run a job (the Celery task's body). A failure is recorded on the job, never raised: the
    owner sees it on the page, and the task is not retried (the owner starts again)."""
    job = _claim(job_id)
    if job is None:
        return None
    kind = _KINDS.get(job.kind)

    def progress(done: int, total: int) -> None:
        job.done, job.total = done, total
        Job.objects.filter(pk=job.pk).update(done=done, total=total, updated_at=timezone.now())

    try:
        if kind is None:
            raise LookupError(f"unknown job kind {job.kind!r}")
        with translation.override(job.language):
            result = kind.run(job, progress)
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job.status = Job.Status.FAILED
        job.error = f"{type(exc).__name__}: {exc}"[:2000]
    else:
        job.status = Job.Status.DONE
        job.result = result or {}
        job.done = max(job.done, job.total)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "result", "error", "done", "finished_at", "updated_at"])
    return job


def job_is_lost(job: Job, *, now=None) -> bool:
    """A job still waiting or running with no sign of life for JOB_LOST_AFTER."""
    now = now or timezone.now()
    return job.is_active and now - job.updated_at > JOB_LOST_AFTER


def job_display(job: Job) -> dict:
    """What the progress partial needs: the job, its kind, whether it is lost, and once done the
    kind's result template with its context."""
    kind = _KINDS[job.kind]
    context = {"job": job, "kind": kind, "lost": job_is_lost(job)}
    if job.status == Job.Status.DONE and kind.result_template:
        context["result_template"] = kind.result_template
        if kind.result_context:
            context.update(kind.result_context(job))
    return context


def job_report(job: Job) -> list[tuple[int, str]]:
    """The messages for the owner about a finished job, in the active language."""
    kind = _KINDS.get(job.kind)
    return kind.report(job) if kind and kind.report and job.status == Job.Status.DONE else []


def jobs_sweep(*, now=None) -> int:
    """Offer again the jobs no worker has taken: queued for OFFER_AGAIN_AFTER without starting,
    or running without progress for a LEASE (their worker died; the claim takes them over), at
    most once per OFFER_AGAIN_AFTER each and until they count as lost. Returns how many were
    offered; a job offered twice still runs once (`_claim`)."""
    now = now or timezone.now()
    waited = now - OFFER_AGAIN_AFTER
    with transaction.atomic():
        stalled = list(
            Job.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=Job.Status.QUEUED, updated_at__lt=waited)
                | Q(status=Job.Status.RUNNING, updated_at__lt=now - LEASE),
                Q(offered_at__isnull=True) | Q(offered_at__lt=waited),
                updated_at__gte=now - JOB_LOST_AFTER,
            )
            .order_by("updated_at")
            .values_list("pk", flat=True)[:100]
        )
        # .update() leaves updated_at alone: a job no worker ever takes still shows as lost.
        Job.objects.filter(pk__in=stalled).update(offered_at=now)
    offered = 0
    for pk in stalled:
        if not task_offer(RUN_TASK, job_id=str(pk)):
            break  # the broker is still away: the next sweep tries again
        offered += 1
    return offered


def jobs_prune(*, older_than: dt.timedelta = JOB_LIFETIME) -> int:
    """Delete finished and abandoned jobs older than `older_than` (their data goes with them)."""
    cutoff = timezone.now() - older_than
    deleted, _detail = (
        Job.objects.filter(created_at__lt=cutoff)
        .exclude(status__in=[Job.Status.QUEUED, Job.Status.RUNNING], updated_at__gte=cutoff)
        .delete()
    )
    return deleted
