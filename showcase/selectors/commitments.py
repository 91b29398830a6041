"""Commitments as the public, enterprises and organisers read them."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from forum.vietnamese import collation_key
from showcase.models import Commitment, CommitmentUpdate, Enterprise, Problem, TechnologyGroup

Status = Commitment.Status


def _with_history(commitments: QuerySet) -> QuerySet:
    return commitments.select_related("enterprise", "problem", "technology_group").prefetch_related(
        Prefetch("updates", queryset=CommitmentUpdate.objects.order_by("-on", "-id"))
    )


@dataclass
class CommitmentGroup:
    """Commitments under one heading: an enterprise, a problem or a technology group."""

    key: str
    heading: object
    commitments: list[Commitment] = field(default_factory=list)


def commitments_public(*, edition, by: str = "enterprise") -> list[CommitmentGroup]:
    """Approved commitments with their progress history, grouped by enterprise, or by problem
    (then technology group, for those tied to a group only). Three queries."""
    commitments = list(
        _with_history(Commitment.objects.filter(edition=edition, status=Status.APPROVED)).order_by(
            "enterprise__name", "deadline_year", "id"
        )
    )
    groups: dict[str, CommitmentGroup] = {}
    if by == "problem":
        commitments.sort(
            key=lambda c: (
                c.problem is None,
                c.problem.number if c.problem else 0,
                c.technology_group.position if c.technology_group else 0,
                c.technology_group_id or 0,
            )
        )
    for commitment in commitments:
        if by == "problem" and commitment.problem is not None:
            key, heading = f"problem-{commitment.problem.number}", commitment.problem
        elif by == "problem":
            key, heading = f"group-{commitment.technology_group.code}", commitment.technology_group
        else:
            key, heading = f"enterprise-{commitment.enterprise_id}", commitment.enterprise
        groups.setdefault(key, CommitmentGroup(key, heading)).commitments.append(commitment)
    if by != "problem":
        # Enterprises in Vietnamese alphabetical order (a < ă < â, d < đ), as people look for them.
        return sorted(groups.values(), key=lambda g: collation_key(g.heading.display_name))
    return list(groups.values())


def commitments_of_enterprise(*, enterprise, edition) -> QuerySet[Commitment]:
    return _with_history(
        Commitment.objects.filter(enterprise=enterprise, edition=edition)
    ).order_by("deadline_year", "id")


def commitment_of_enterprise(*, enterprise, commitment_id: int) -> Commitment | None:
    if enterprise is None:
        return None
    return (
        _with_history(Commitment.objects.filter(enterprise=enterprise, pk=commitment_id))
        .select_related("edition")
        .first()
    )


def commitments_for_organiser(*, edition, status: str = "") -> QuerySet[Commitment]:
    commitments = _with_history(Commitment.objects.filter(edition=edition))
    if status:
        commitments = commitments.filter(status=status)
    return commitments.order_by("status", "enterprise__name", "id")


def commitment_for_organiser(*, edition, commitment_id: int) -> Commitment | None:
    return commitments_for_organiser(edition=edition).filter(pk=commitment_id).first()


def commitment_status_counts(*, edition) -> dict[str, int]:
    counts = dict(
        Commitment.objects.filter(edition=edition)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {status: counts.get(status, 0) for status in Status.values}


def problem_commitments(*, problem: Problem) -> QuerySet[Commitment]:
    return _with_history(problem.commitments.filter(status=Status.APPROVED)).order_by(
        "enterprise__name", "id"
    )


def technology_groups(*, edition) -> QuerySet[TechnologyGroup]:
    return TechnologyGroup.objects.filter(edition=edition).order_by("position", "code")


def enterprises_with_commitments(*, edition) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(
        commitments__edition=edition, commitments__status=Status.APPROVED
    ).distinct()
