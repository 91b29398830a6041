"""Reads about how the awards are set up: the current award, its categories, rounds, rubric,
panels and judges."""

from django.db.models import Count, Prefetch, Q

from awards.models import Award, Category, Criterion, Judge, Nomination, Panel, Round
from forum.selectors import edition_current


def award_current() -> Award | None:
    """The awards of the current forum edition (None before an organiser sets them up)."""
    edition = edition_current()
    if edition is None:
        return None
    return Award.objects.filter(edition=edition).select_related("edition").first()


def categories_of(*, award: Award) -> list[Category]:
    return list(award.categories.all())


def category_of(*, award: Award, category_id: int) -> Category | None:
    return award.categories.filter(pk=category_id).first()


def rounds_of(*, award: Award) -> list[Round]:
    return list(award.rounds.order_by("position"))


def round_of(*, award: Award, round_id: int) -> Round | None:
    return award.rounds.filter(pk=round_id).first()


def round_next(*, round: Round) -> Round | None:
    return (
        Round.objects.filter(award_id=round.award_id, position__gt=round.position)
        .order_by("position")
        .first()
    )


def round_first_scored(*, award: Award) -> Round | None:
    """Where eligible nominations go once screened: the first scored round."""
    return award.rounds.exclude(kind=Round.Kind.SCREENING).order_by("position").first()


def criterion_of(*, award: Award, criterion_id: int) -> Criterion | None:
    return Criterion.objects.filter(round__award=award, pk=criterion_id).first()


def award_setup(*, award: Award) -> dict:
    """Everything the setup page shows, in a fixed number of queries."""
    rounds = list(
        award.rounds.order_by("position").prefetch_related(
            "criteria",
            Prefetch(
                "panels",
                queryset=Panel.objects.select_related("category").prefetch_related("judges"),
            ),
        )
    )
    return {
        "categories": list(
            award.categories.annotate(
                submitted=Count("nominations", filter=Q(nominations__status="submitted"))
            )
        ),
        "rounds": rounds,
    }


def panels_of(*, award: Award) -> list[Panel]:
    return list(
        Panel.objects.filter(round__award=award)
        .select_related("round", "category")
        .order_by("round__position", "category__position", "id")
    )


def judges_of(*, award: Award) -> list[Judge]:
    return list(
        award.judges.select_related("user")
        .prefetch_related(
            Prefetch("panels", queryset=Panel.objects.select_related("round", "category"))
        )
        .annotate(
            assigned=Count("assignments", distinct=True),
            submitted=Count("sheets", filter=Q(sheets__status="submitted"), distinct=True),
            conflict_count=Count("conflicts", distinct=True),
        )
    )


def judge_by_id(*, award: Award, judge_id: int) -> Judge | None:
    return award.judges.filter(pk=judge_id).select_related("user").first()


def award_overview(*, award: Award) -> dict:
    """Counters of nominations and, per round, entries and sheets."""
    status = Nomination.objects.filter(award=award).aggregate(
        drafts=Count("pk", filter=Q(status="draft")),
        submitted=Count("pk", filter=Q(status="submitted")),
        pending=Count("pk", filter=Q(status="submitted", eligibility="pending")),
        eligible=Count("pk", filter=Q(eligibility="eligible")),
        ineligible=Count("pk", filter=Q(eligibility="ineligible")),
        awarded=Count("pk", filter=Q(tier__in=["gold", "silver", "bronze", "top10"])),
    )
    rounds = list(
        award.rounds.order_by("position").annotate(
            entry_count=Count("entries", distinct=True),
            assignment_count=Count("entries__assignments", distinct=True),
            submitted_count=Count(
                "entries__sheets", filter=Q(entries__sheets__status="submitted"), distinct=True
            ),
        )
    )
    categories = list(
        award.categories.annotate(
            submitted=Count("nominations", filter=Q(nominations__status="submitted")),
            eligible=Count("nominations", filter=Q(nominations__eligibility="eligible")),
        )
    )
    return {"counts": status, "rounds": rounds, "categories": categories}
