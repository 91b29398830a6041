"""Demos, problems and enterprises as the public, enterprises and organisers read them."""

from django.db.models import Count, Prefetch, Q, QuerySet

from showcase.models import Claim, Demo, Enterprise, EvidenceLink, Problem, Verification

Status = Demo.Status


def _with_details(demos: QuerySet) -> QuerySet:
    return demos.select_related(
        "problem", "enterprise", "edition", "stage_session", "nomination"
    ).prefetch_related(
        Prefetch("claims", queryset=Claim.objects.order_by("position")),
        Prefetch("evidence", queryset=EvidenceLink.objects.order_by("position")),
    )


def demo_public(*, demo_id: int) -> Demo | None:
    """An approved demo with its problem, enterprise, claims and evidence (three queries)."""
    return _with_details(Demo.objects.filter(pk=demo_id, status=Status.APPROVED)).first()


def demo_of_enterprise(*, enterprise, demo_id: int) -> Demo | None:
    """One of the enterprise's own demos, whatever its status."""
    if enterprise is None:
        return None
    return _with_details(Demo.objects.filter(pk=demo_id, enterprise=enterprise)).first()


def demo_for_organiser(*, edition, demo_id: int) -> Demo | None:
    return _with_details(Demo.objects.filter(pk=demo_id, edition=edition)).first()


def demo_any(*, demo_id: int) -> Demo | None:
    """Any demo, whatever its status (for organisers)."""
    return _with_details(Demo.objects.filter(pk=demo_id)).first()


def demo_preview(*, demo_id: int, user) -> Demo | None:
    """A demo that is not public yet, for its own enterprise's representatives."""
    return _with_details(Demo.objects.filter(pk=demo_id, enterprise__representatives=user)).first()


def enterprise_of(*, user) -> Enterprise | None:
    """The enterprise the user acts for, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Enterprise.objects.filter(representatives=user).first()


def enterprise_demos(*, enterprise, edition) -> QuerySet[Demo]:
    return (
        Demo.objects.filter(enterprise=enterprise, edition=edition)
        .select_related("problem")
        .annotate(verification_count=Count("verifications"))
        .order_by("problem__number", "id")
    )


def problems_of(*, edition) -> QuerySet[Problem]:
    return (
        Problem.objects.filter(edition=edition)
        .select_related("technology_group")
        .order_by("number")
    )


def problem_of(*, edition, number: int) -> Problem | None:
    return problems_of(edition=edition).filter(number=number).first()


def problem_by_id(*, edition, problem_id: int) -> Problem | None:
    return problems_of(edition=edition).filter(pk=problem_id).first()


def problems_with_counts(*, edition) -> QuerySet[Problem]:
    return problems_of(edition=edition).annotate(
        demo_count=Count("demos", filter=Q(demos__status=Status.APPROVED), distinct=True),
        submitted_count=Count("demos", filter=Q(demos__status=Status.SUBMITTED), distinct=True),
    )


DEMO_FILTERS = ("submitted", "approved", "rejected", "withdrawn", "")


def demos_for_organiser(*, edition, status: str = "", problem_number: int | None = None):
    """The edition's demos for the organisers' list: waiting ones first, then by problem and
    station, with their number of verifications (one query)."""
    demos = (
        Demo.objects.filter(edition=edition)
        .select_related("problem", "enterprise")
        .annotate(verification_count=Count("verifications"))
    )
    if status:
        demos = demos.filter(status=status)
    if problem_number:
        demos = demos.filter(problem__number=problem_number)
    return demos.order_by("problem__number", "station", "product", "id")


def demo_status_counts(*, edition) -> dict[str, int]:
    counts = dict(
        Demo.objects.filter(edition=edition)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {status: counts.get(status, 0) for status in Status.values}


def stations_taken(*, edition) -> dict[int, str]:
    """Station number → product, for the placement form's hint."""
    return dict(
        Demo.objects.filter(edition=edition, station__isnull=False)
        .order_by("station")
        .values_list("station", "product")
    )


def comments_for_organiser(*, edition, status: str = "pending") -> QuerySet[Verification]:
    """Comments to let through (or already decided), newest first."""
    return (
        Verification.objects.filter(demo__edition=edition, comment_status=status)
        .select_related("demo", "registration")
        .order_by("-updated_at", "-id")
    )


def comment_counts(*, edition) -> dict[str, int]:
    counts = dict(
        Verification.objects.filter(demo__edition=edition)
        .exclude(comment_status=Verification.CommentStatus.NONE)
        .values_list("comment_status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {s: counts.get(s, 0) for s in ("pending", "published", "hidden")}


def verification_own(*, demo, registration) -> Verification | None:
    """The delegate's own verification of the demo with its answers, if any."""
    if registration is None:
        return None
    return (
        Verification.objects.filter(demo=demo, registration=registration)
        .prefetch_related("answers")
        .first()
    )


def posters_to_print(*, edition) -> list[Demo]:
    """Approved demos placed at a station, by station, with what a poster shows."""
    return list(
        _with_details(
            Demo.objects.filter(edition=edition, status=Status.APPROVED, station__isnull=False)
        ).order_by("station")
    )
