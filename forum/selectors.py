import uuid

from forum.models import Edition, Job


def edition_current() -> Edition | None:
    """The edition marked current, else the latest one, else None (a fresh install)."""
    return Edition.objects.order_by("-is_current", "-starts_at").first()


def job_of_owner(*, job_id, owner) -> Job | None:
    """The job if `owner` started it (nobody else sees another person's job)."""
    if not getattr(owner, "is_authenticated", False):
        return None
    try:
        job_id = uuid.UUID(str(job_id))
    except ValueError:
        return None
    return Job.objects.filter(pk=job_id, owner=owner).first()


def job_latest(*, kind: str, owner, edition=None) -> Job | None:
    """The owner's latest job of this kind (for the edition), drafts aside."""
    jobs = Job.objects.filter(kind=kind, owner=owner).exclude(status=Job.Status.DRAFT)
    if edition is not None:
        jobs = jobs.filter(edition=edition)
    return jobs.order_by("-created_at").first()


def edition_named(*, slug: str = "") -> Edition | None:
    """The edition with this slug; without one, the edition marked current (unlike
    edition_current, no other edition stands in for it)."""
    if slug:
        return Edition.objects.filter(slug=slug).first()
    return Edition.objects.filter(is_current=True).first()
