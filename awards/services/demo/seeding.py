"""seed_forum's part for the awards: the 2025 setup, judges (the demo judge among them, with a
declared conflict, and one judge from a nominee's company), forty nominations in every state,
scores, a shortlist, the jury's scores, decisions and published results. Idempotent: an award
that already has categories is left as it is.

Nominations, screening and sheets are written directly (no emails to fictional companies);
panels, conflicts, assignment and the shortlist go through the services, as organisers' would.
"""

import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from awards.models import (
    Attachment,
    Conflict,
    Criterion,
    Judge,
    Nomination,
    Round,
    RoundEntry,
)
from awards.selectors.ranking import round_ranking
from awards.services.advancing import shortlist
from awards.services.assignment import assignments_auto
from awards.services.conflicts import conflicts_detect, organisation_core
from awards.services.demo.data import (
    CATEGORIES,
    FINAL_RUBRIC,
    JUDGES,
    PRODUCTS,
    SCORING_RUBRIC,
)
from awards.services.demo.scores import demo_sheets
from awards.services.setup import award_ensure, category_save, panels_sync
from forum.vietnamese import search_key
from registration import roles
from registration.models import User

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO_JUDGE = "judge@forum.test"
DEMO_ENTERPRISE = "enterprise@forum.test"
Tier = Nomination.Tier


def _tax_code(index: int) -> str:
    """The index-th valid tax code of province 01 (no code has a check digit of 10)."""
    from stdnum.vn import mst

    found, sequence = -1, 0
    while found < index:
        sequence += 1
        base = f"01{sequence:07d}"
        if len(mst.calc_check_digit(base)) == 1:
            found += 1
    return base + mst.calc_check_digit(base)


def _account(email: str, full_name: str, role: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=full_name)
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def _rubric(round: Round, rubric) -> None:
    for position, (name, name_en, guidance, weight, top, required, independent) in enumerate(
        rubric, start=1
    ):
        Criterion.objects.get_or_create(
            round=round,
            name=name,
            defaults=dict(
                name_en=name_en, guidance=guidance, weight=Decimal(str(weight)), max_score=top,
                required=required, independent=independent, position=position,
            ),
        )  # fmt: skip


def _judges(award) -> list[Judge]:
    judges = []
    demo = User.objects.filter(email=DEMO_JUDGE).first()
    people = [("PGS. TS.", demo.full_name if demo else "Lê Minh Tuấn",
               "Trường Đại học Công nghệ", "", 0.0, demo)]  # fmt: skip
    for number, (title, name, organisation, tax, bias) in enumerate(JUDGES, start=1):
        user = _account(f"giamkhao{number:02d}@demo.forum.test", name, roles.JUDGE)
        people.append((title, name, organisation, tax, bias, user))
    for title, name, organisation, tax, _bias, user in people:
        if user is None:
            continue
        user.groups.add(Group.objects.get_or_create(name=roles.JUDGE)[0])
        judge, _created = Judge.objects.get_or_create(
            award=award,
            user=user,
            defaults=dict(
                full_name=name.replace("PGS. TS. ", ""),
                title=title,
                organisation=organisation,
                organisation_key=organisation_core(organisation),
                tax_code=_tax_code(0) if tax == "company:0" else tax,
            ),
        )
        judges.append(judge)
    return judges


def _nominations(award, categories) -> list[Nomination]:
    enterprise = User.objects.filter(email=DEMO_ENTERPRISE).first()
    submitted_at = dt.datetime(2025, 10, 1, 9, 0, tzinfo=VN)
    nominations = []
    for index, (product, company, _quality) in enumerate(PRODUCTS):
        owner = (
            enterprise
            if enterprise and index in (0, 8, 9)
            else _account(f"doanhnghiep{index + 1:02d}@demo.forum.test", company, roles.ENTERPRISE)
        )
        state = index % 10
        category = categories[index // 5]
        nomination = Nomination(
            award=award,
            category=category,
            owner=owner,
            company_name=company,
            company_key=search_key(company),
            tax_code=_tax_code(index),
            company_size=Nomination.Size.SMALL
            if category.small_firms_only
            else Nomination.Size.MEDIUM,
            contact_name=owner.full_name if owner else "",
            contact_email=owner.email if owner else "",
            product_name=product,
            product_key=search_key(product),
            description=f"{product}: sản phẩm của {company}, đang phục vụ khách hàng tại Việt Nam.",
            technology="Điện toán đám mây, học máy, ứng dụng di động.",
            users_customers="Hơn 100 doanh nghiệp và cơ quan đang sử dụng.",
            market="Việt Nam; thử nghiệm tại Lào và Campuchia.",
            evidence="Hợp đồng với khách hàng, số liệu người dùng hằng tháng.",
        )
        if state != 9:
            nomination.status = Nomination.Status.SUBMITTED
            nomination.submitted_at = submitted_at + dt.timedelta(hours=index)
        if state == 7:
            nomination.eligibility = Nomination.Eligibility.INELIGIBLE
            nomination.eligibility_reason = "Doanh nghiệp không đủ tỷ lệ sở hữu Việt Nam 51%."
        elif state < 7:
            nomination.eligibility = Nomination.Eligibility.ELIGIBLE
        if state <= 7:
            nomination.screened_at = dt.datetime(2025, 11, 1, 10, 0, tzinfo=VN)
            nomination.screening_version = 1
        nominations.append(nomination)
    return Nomination.objects.bulk_create(nominations)


def demo_awards_seed(*, edition) -> list[str]:
    award = award_ensure(edition=edition)
    if award.categories.exists():
        return [f"Awards: {award.nominations.count()} nominations (already seeded)"]
    rng = random.Random(2025)
    with transaction.atomic():
        award.name, award.name_en = (
            "Giải thưởng Make in Viet Nam 2025",
            "Make in Viet Nam Awards 2025",
        )
        award.submission_opens_at = dt.datetime(2025, 9, 4, 8, 0, tzinfo=VN)
        # Left open so the demo enterprise can still submit; organisers set the deadline.
        award.submission_closes_at = None
        award.save()
        rounds = {round.kind: round for round in award.rounds.all()}
        screening, scoring, final = rounds["screening"], rounds["scoring"], rounds["final"]
        screening.name_en = "Eligibility screening"
        screening.opens_at = dt.datetime(2025, 9, 4, 8, 0, tzinfo=VN)
        screening.save()
        scoring.name_en = "Sub-committee scoring"
        final.name_en = "Final jury"
        scoring.opens_at = dt.datetime(2025, 11, 1, 8, 0, tzinfo=VN)
        scoring.scores_visible = Round.Visibility.AFTER_SUBMIT
        scoring.shortlist_size = 3
        scoring.save()
        final.opens_at = dt.datetime(2025, 12, 1, 8, 0, tzinfo=VN)
        final.judges_per_entry = 3
        final.save()
        categories = []
        for position, (code, name, name_en, description, small) in enumerate(CATEGORIES, 1):
            categories.append(
                category_save(
                    award=award,
                    data=dict(
                        code=code,
                        name=name,
                        name_en=name_en,
                        description=description,
                        small_firms_only=small,
                        position=position,
                        eligibility_notes=description if small else "",
                    ),
                    actor=None,
                )
            )
        _rubric(scoring, SCORING_RUBRIC)
        _rubric(final, FINAL_RUBRIC)
        panels_sync(round=final)
        judges = _judges(award)
        biases = {judge.pk: 0.0 for judge in judges}
        for judge, (_t, _n, _o, _tax, bias) in zip(judges[1:], JUDGES, strict=False):
            biases[judge.pk] = bias
        sub_committees = list(scoring.panels.order_by("category__position"))
        for index, panel in enumerate(sub_committees):
            panel.judges.add(*[judges[(index * 3 + k) % len(judges)] for k in range(3)])
        final.panels.get().judges.add(*judges[:5])
        nominations = _nominations(award, categories)
        eligible = [n for n in nominations if n.eligibility == Nomination.Eligibility.ELIGIBLE]
        RoundEntry.objects.bulk_create(
            RoundEntry(round=scoring, nomination=n, source=RoundEntry.Source.SCREENING)
            for n in eligible
        )
        Attachment.objects.bulk_create(
            Attachment(nomination=n, name="ho-so-de-cu.pdf", path=f"awards/demo/{n.pk}.pdf",
                       size=120_000, sha256=f"{n.pk:064d}", pages=12)
            for n in nominations
        )  # fmt: skip
        conflicts_detect(award=award)
        demo_judge = judges[0] if judges and judges[0].user.email == DEMO_JUDGE else None
        if demo_judge is not None:
            category_ids = set(demo_judge.panels.values_list("category_id", flat=True))
            declared = next(n for n in eligible if n.category_id in category_ids)
            Conflict.objects.get_or_create(
                judge=demo_judge,
                nomination=declared,
                defaults={"source": Conflict.Source.DECLARED,
                          "reason": "Từng tư vấn cho doanh nghiệp này."},
            )  # fmt: skip
        assignments_auto(round_id=scoring.pk, actor=None)
        qualities = {n.pk: PRODUCTS[i][2] for i, n in enumerate(nominations)}
        sheets = demo_sheets(
            scoring, qualities, biases, rng, leave_for=demo_judge.pk if demo_judge else None
        )
        for category in categories:
            shortlist(round_id=scoring.pk, category_id=category.pk, size=3, actor=None)
        assignments_auto(round_id=final.pk, actor=None)
        sheets += demo_sheets(final, qualities, biases, rng)
        # The jury's ranking decides: first Gold, second Silver, third Bronze.
        tiers = {1: Tier.GOLD, 2: Tier.SILVER, 3: Tier.BRONZE}
        for group in round_ranking(round=final)["categories"]:
            for row in group["rows"]:
                nomination = row["nomination"]
                nomination.tier = tiers.get(row["result"].rank, Tier.TOP10)
                nomination.decided_at = timezone.now()
                nomination.save(update_fields=["tier", "decided_at"])
        award.results_published_at = dt.datetime(2025, 12, 30, 16, 0, tzinfo=VN)
        award.save(update_fields=["results_published_at"])
    return [
        f"Awards: {len(categories)} categories, {len(judges)} judges, "
        f"{len(nominations)} nominations, {sheets} score sheets, results published"
    ]
