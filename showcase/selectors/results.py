"""Live results of demos: what the board, the phone view and a demo's page show.

Everything is plain data (dataclasses) built from a few aggregate queries, so that the board can
keep it in the cache and serve it to any number of clients (see showcase.selectors.board).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Window
from django.db.models.functions import RowNumber
from django.utils import translation

from showcase.models import Claim, ClaimAnswer, Demo, Problem, Verification

LATEST_COMMENTS = 3


def _pick(vi: str, en: str) -> str:
    return en or vi if translation.get_language() == "en" else vi


@dataclass
class ClaimResult:
    id: int
    text: str
    text_en: str
    yes: int = 0
    partly: int = 0
    no: int = 0

    @property
    def display_text(self) -> str:
        return _pick(self.text, self.text_en)

    @property
    def answers(self) -> int:
        return self.yes + self.partly + self.no

    def _share(self, count: int) -> int:
        return round(count * 100 / self.answers) if self.answers else 0

    @property
    def yes_percent(self) -> int:
        return self._share(self.yes)

    @property
    def partly_percent(self) -> int:
        return self._share(self.partly)

    @property
    def no_percent(self) -> int:
        return self._share(self.no)


@dataclass
class PublicComment:
    text: str
    at: dt.datetime


@dataclass
class DemoResult:
    id: int
    problem_number: int
    product: str
    product_en: str
    enterprise: str
    enterprise_en: str
    station: int | None
    stage_starts_at: dt.datetime | None = None
    stage_ends_at: dt.datetime | None = None
    stage_place: str = ""
    stage_place_en: str = ""
    verifications: int = 0
    rating: float | None = None
    claims: list[ClaimResult] = field(default_factory=list)
    comments: list[PublicComment] = field(default_factory=list)

    @property
    def display_product(self) -> str:
        return _pick(self.product, self.product_en)

    @property
    def display_enterprise(self) -> str:
        return _pick(self.enterprise, self.enterprise_en)

    @property
    def display_stage_place(self) -> str:
        return _pick(self.stage_place, self.stage_place_en)

    @property
    def rating_stars(self) -> int:
        """The average rating rounded to whole stars, for the star row."""
        return round(self.rating) if self.rating is not None else 0


@dataclass
class ProblemTile:
    number: int
    title: str
    title_en: str
    sector: str
    sector_en: str
    is_sample: bool
    demos: list[DemoResult] = field(default_factory=list)

    @property
    def display_title(self) -> str:
        return _pick(self.title, self.title_en)

    @property
    def display_sector(self) -> str:
        return _pick(self.sector, self.sector_en)

    @property
    def verifications(self) -> int:
        return sum(demo.verifications for demo in self.demos)


def demo_results(demos: list[Demo]) -> dict[int, DemoResult]:
    """Counts per claim, verifications, average rating and the latest published comments of
    `demos` (approved, with their enterprise loaded), in four queries whatever their number."""
    ids = [demo.pk for demo in demos]
    results = {
        demo.pk: DemoResult(
            id=demo.pk,
            problem_number=demo.problem.number,
            product=demo.product,
            product_en=demo.product_en,
            enterprise=demo.enterprise.name,
            enterprise_en=demo.enterprise.name_en,
            station=demo.station,
            stage_starts_at=demo.stage_starts_at,
            stage_ends_at=demo.stage_ends_at,
            stage_place=demo.stage_place,
            stage_place_en=demo.stage_place_en,
        )
        for demo in demos
    }
    if not ids:
        return results
    claims = {}
    for claim in Claim.objects.filter(demo_id__in=ids).order_by("demo_id", "position"):
        claims[claim.pk] = ClaimResult(claim.pk, claim.text, claim.text_en)
        results[claim.demo_id].claims.append(claims[claim.pk])
    counts = (
        ClaimAnswer.objects.filter(claim__demo_id__in=ids)
        .values_list("claim_id", "answer")
        .annotate(n=Count("id"))
        .order_by()
    )
    for claim_id, answer, n in counts:
        setattr(claims[claim_id], answer, n)
    totals = (
        Verification.objects.filter(demo_id__in=ids)
        .values_list("demo_id")
        .annotate(n=Count("id"), rating=Avg("rating"))
        .order_by()
    )
    for demo_id, n, rating in totals:
        results[demo_id].verifications = n
        results[demo_id].rating = float(rating) if rating is not None else None
    latest = (
        Verification.objects.filter(
            demo_id__in=ids, comment_status=Verification.CommentStatus.PUBLISHED
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("demo_id")],
                order_by=[F("updated_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=LATEST_COMMENTS)
        .values_list("demo_id", "comment", "updated_at")
        .order_by("demo_id", "-updated_at", "-id")
    )
    for demo_id, comment, at in latest:
        results[demo_id].comments.append(PublicComment(comment, at))
    return results


def approved_demos(*, edition=None, demo_id: int | None = None):
    """Approved demos (of an edition, or one demo) with their problem and enterprise (one
    query)."""
    demos = Demo.objects.filter(status=Demo.Status.APPROVED).select_related("problem", "enterprise")
    if edition is not None:
        demos = demos.filter(edition=edition)
    if demo_id is not None:
        demos = demos.filter(pk=demo_id)
    return demos.order_by("problem__number", "station", "product", "id")


def demo_result_of(*, demo_id: int) -> DemoResult | None:
    """One approved demo's live results, read now (for a demo not on the current board)."""
    demos = list(approved_demos(demo_id=demo_id))
    return demo_results(demos).get(demo_id) if demos else None


def problem_tiles(*, edition, results: dict[int, DemoResult]) -> list[ProblemTile]:
    """The edition's problems in order, each with its approved demos' results (one query)."""
    tiles = {
        problem.pk: ProblemTile(
            number=problem.number,
            title=problem.title,
            title_en=problem.title_en,
            sector=problem.sector,
            sector_en=problem.sector_en,
            is_sample=problem.is_sample,
        )
        for problem in Problem.objects.filter(edition=edition).order_by("number")
    }
    by_number = {tile.number: tile for tile in tiles.values()}
    for result in results.values():
        tile = by_number.get(result.problem_number)
        if tile is not None:
            tile.demos.append(result)
    return list(tiles.values())


def verification_totals(*, edition) -> dict:
    """All verifications of the edition's approved demos, and the delegates who made them."""
    return Verification.objects.filter(
        demo__edition=edition, demo__status=Demo.Status.APPROVED
    ).aggregate(verifications=Count("id"), verifiers=Count("registration", distinct=True))
