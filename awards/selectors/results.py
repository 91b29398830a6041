"""Reads of the results: the public page once published, one winner's public page (where a
certificate's QR leads), and the organisers' summary of decisions."""

from django.db.models import Count, Q

from awards.models import Award, Nomination

AWARDED = [
    Nomination.Tier.GOLD,
    Nomination.Tier.SILVER,
    Nomination.Tier.BRONZE,
    Nomination.Tier.TOP10,
]
TIER_ORDER = {tier: index for index, tier in enumerate(AWARDED)}


def results_published(*, award: Award) -> list[dict]:
    """Per category, the awarded nominations by tier (Gold first) then product name; empty
    until the results are published."""
    if award.results_published_at is None:
        return []
    winners = (
        Nomination.objects.filter(award=award, tier__in=AWARDED)
        .select_related("category")
        .order_by("category__position", "category_id", "product_key", "pk")
    )
    groups: dict[int, dict] = {}
    for nomination in winners:
        group = groups.setdefault(
            nomination.category_id, {"category": nomination.category, "winners": []}
        )
        group["winners"].append(nomination)
    for group in groups.values():
        group["winners"].sort(key=lambda n: (TIER_ORDER[n.tier], n.product_key, n.pk))
    return list(groups.values())


def result_public(*, award: Award, nomination_id: int) -> Nomination | None:
    """An awarded nomination of published results (anything else is not public)."""
    if award.results_published_at is None:
        return None
    return (
        Nomination.objects.filter(award=award, pk=nomination_id, tier__in=AWARDED)
        .select_related("category", "award__edition")
        .first()
    )


def certificate_nomination(*, award: Award, nomination_id: int) -> Nomination | None:
    return (
        Nomination.objects.filter(award=award, pk=nomination_id, tier__in=AWARDED)
        .select_related("category", "award__edition")
        .first()
    )


def winners_of(*, award: Award) -> list[Nomination]:
    return list(
        Nomination.objects.filter(award=award, tier__in=AWARDED)
        .select_related("category", "award__edition")
        .order_by("category__position", "category_id", "product_key", "pk")
    )


def decisions_summary(*, award: Award) -> list[dict]:
    """Per category, how many nominations have each tier."""
    counts = {tier: Count("nominations", filter=Q(nominations__tier=tier)) for tier in AWARDED}
    rows = award.categories.annotate(
        **counts,
        undecided=Count(
            "nominations", filter=Q(nominations__eligibility="eligible", nominations__tier="")
        ),
    )
    return [
        {
            "category": row,
            "tiers": [getattr(row, tier) for tier in AWARDED],
            "undecided": row.undecided,
        }
        for row in rows
    ]
