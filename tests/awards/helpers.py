"""Helpers for the awards tests: an award set up as organisers would, judges with accounts and
two-factor login, nominations through the services, PDFs, and sheets."""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import Award, Category, Criterion, Judge, Nomination, Round, RoundEntry
from awards.services import attachments, nominations, scoring, screening
from awards.services.setup import award_ensure, category_save, criterion_save, judge_save
from registration import roles
from registration.services.accounts import totp_ensure
from tests.factories import UserFactory, user_with_roles

# Valid Vietnamese tax codes (check digit right): parents and a branch of the first.
TAX_CODES = ["0100109106", "0101243150", "0102100740", "0300588569", "0312687878"]
BRANCH_OF_FIRST = "0100109106-001"


def tax_code(number: int) -> str:
    """The number-th valid tax code of province 02 (a check digit of 10 has no code)."""
    from stdnum.vn import mst

    found, sequence = -1, 0
    while found < number:
        sequence += 1
        base = f"02{sequence:07d}"
        if len(mst.calc_check_digit(base)) == 1:
            found += 1
    return base + mst.calc_check_digit(base)


@dataclass
class Setup:
    award: Award
    screening: Round
    scoring: Round
    final: Round
    industry: Category
    potential: Category
    criteria: list[Criterion]
    final_criteria: list[Criterion]


def award_setup(edition, *, judges_per_entry: int = 2) -> Setup:
    """Two categories (the second for small firms only), the three rounds, a rubric of two
    counted criteria (weights 2 and 1) and one independent criterion; a one-line final rubric."""
    award = award_ensure(edition=edition)
    industry = category_save(
        award=award,
        data={"code": "cong-nghiep", "name": "Công nghiệp và Xây dựng", "name_en": "Industry"},
        actor=None,
    )
    potential = category_save(
        award=award,
        data={"code": "tiem-nang", "name": "Sản phẩm số tiềm năng", "name_en": "Potential",
              "small_firms_only": True},
        actor=None,
    )  # fmt: skip
    rounds = {r.kind: r for r in award.rounds.all()}
    scoring_round = rounds["scoring"]
    scoring_round.judges_per_entry = judges_per_entry
    scoring_round.save()
    criteria = [
        criterion_save(round=scoring_round, data={"name": "Tính mới", "weight": Decimal(2),
                       "max_score": 10}, actor=None),
        criterion_save(round=scoring_round, data={"name": "Thị trường", "weight": Decimal(1),
                       "max_score": 20}, actor=None),
        criterion_save(round=scoring_round, data={"name": "Quốc tế", "weight": Decimal(1),
                       "max_score": 10, "required": False, "independent": True}, actor=None),
    ]  # fmt: skip
    final_criteria = [
        criterion_save(
            round=rounds["final"], data={"name": "Tác động", "max_score": 10}, actor=None
        )
    ]
    return Setup(
        award=award,
        screening=rounds["screening"],
        scoring=scoring_round,
        final=rounds["final"],
        industry=industry,
        potential=potential,
        criteria=criteria,
        final_criteria=final_criteria,
    )


def judge_make(setup: Setup, email: str, *, panels=(), organisation="", tax_code="", name=""):
    """A judge with an account, the judge role and an authenticator (staff log in with TOTP)."""
    user = user_with_roles(roles.JUDGE, email=email, full_name=name or email.split("@")[0])
    totp_ensure(user=user)
    return judge_save(
        award=setup.award,
        email=email,
        data={
            "organisation": organisation,
            "tax_code": tax_code,
            "panels": [panel.pk for panel in panels],
        },
        actor=None,
    )


def panel_of(round: Round, category: Category | None):
    return round.panels.get(category=category)


def enterprise_make(email: str = "dn@example.vn", **extra):
    return user_with_roles(roles.ENTERPRISE, email=email, **extra)


def pdf_bytes(pages: int = 1, *, text: str = "") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    if text:
        writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(content: bytes | None = None, name: str = "ho-so.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, "application/pdf")


def nomination_data(category, **overrides) -> dict:
    data = {
        "category": category,
        "company_name": "Công ty Cổ phần Công nghệ Sao Bắc Đẩu",
        "tax_code": TAX_CODES[0],
        "company_size": Nomination.Size.MEDIUM,
        "is_startup": False,
        "foreign_invested": False,
        "vietnamese_ownership_declared": False,
        "contact_name": "Phạm Quang Huy",
        "contact_phone": "",
        "contact_email": "huy@saobacdau.vn",
        "product_name": "Nền tảng nhà máy thông minh",
        "description": "Quản lý sản xuất theo thời gian thực.",
        "technology": "IoT, học máy.",
        "users_customers": "120 nhà máy.",
        "market": "Việt Nam, Lào.",
        "evidence": "Hợp đồng với 120 nhà máy.",
        "demo_video_url": "",
    }
    data.update(overrides)
    return data


def nomination_make(setup: Setup, *, owner=None, category=None, submit=True, eligible=None,
                    **overrides) -> Nomination:  # fmt: skip
    """A nomination through the services: created, a PDF attached, submitted, and screened when
    `eligible` is True or False."""
    owner = owner or enterprise_make(f"dn{Nomination.objects.count() + 1}@example.vn")
    category = category or setup.industry
    nomination = nominations.nomination_create(
        award=setup.award, owner=owner, data=nomination_data(category, **overrides)
    )
    if submit:
        attachments.attachment_add(nomination_id=nomination.pk, owner=owner, upload=upload())
        nominations.nomination_submit(nomination_id=nomination.pk, owner=owner)
    if eligible is not None:
        screening.nomination_screen(
            award=setup.award,
            nomination_id=nomination.pk,
            eligible=eligible,
            reason="" if eligible else "Không đủ điều kiện",
            actor=None,
        )
    nomination.refresh_from_db()
    return nomination


def entry_of(round: Round, nomination: Nomination) -> RoundEntry:
    return RoundEntry.objects.get(round=round, nomination=nomination)


def score(judge: Judge, entry: RoundEntry, values: dict, *, submit=True, comments=None):
    """Save (and submit) a judge's sheet: values by criterion object."""
    return scoring.sheet_save(
        judge=judge,
        entry_id=entry.pk,
        values={c.pk: (Decimal(str(v)) if v is not None else None) for c, v in values.items()},
        comments={c.pk: text for c, text in (comments or {}).items()},
        comment="",
        submit=submit,
        actor=judge.user,
    )


def other_user(email: str = "khac@example.vn"):
    return UserFactory(email=email)
