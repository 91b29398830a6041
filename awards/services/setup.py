"""Organisers set the awards up: the award of the edition, categories, rounds, rubric criteria,
panels and judges. Each write validates the model (constraints included) inside a transaction."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from awards.models import Award, Category, Criterion, Judge, Panel, Round, ScoreSheet
from awards.services.common import award_log, saved, valid
from awards.services.conflicts import conflicts_detect, organisation_core
from awards.services.tax_codes import tax_code_clean
from forum.errors import ServiceError
from forum.vietnamese import normalize_text
from registration import roles

# A rubric line's weight, maximum, and whether it counts cannot change once a sheet is
# submitted: the sheets already in would no longer add up the same way.
LOCKED_CRITERION_FIELDS = ("weight", "max_score", "required", "independent")


def _both_languages(make) -> tuple[str, str]:
    names = []
    for language in ("vi", "en"):
        with translation.override(language):
            names.append(make())
    return names[0], names[1]


def award_ensure(*, edition, actor=None) -> Award:
    """The awards of this edition, created with the three usual rounds when missing."""
    with transaction.atomic():
        award = Award.objects.select_for_update().filter(edition=edition).first()
        if award is not None:
            return award
        year = edition.starts_at.year
        name, name_en = _both_languages(
            lambda: _("Giải thưởng Make in Viet Nam %(year)s") % {"year": year}
        )
        award = Award.objects.create(edition=edition, name=name, name_en=name_en)
        for position, kind in enumerate(Round.Kind.values, start=1):
            round_name, round_name_en = _both_languages(
                lambda kind=kind: str(Round.Kind(kind).label)
            )
            round_save(
                award=award,
                data={
                    "kind": kind,
                    "name": round_name,
                    "name_en": round_name_en,
                    "position": position,
                },
                actor=actor,
            )
        award_log(award, actor, "award_created")
    return award


def _assign(instance, data: dict, fields) -> None:
    for field in fields:
        if field in data:
            value = data[field]
            setattr(instance, field, normalize_text(value) if isinstance(value, str) else value)


AWARD_FIELDS = ("name", "name_en", "submission_opens_at", "submission_closes_at")


def award_update(*, award_id: int, data: dict, actor) -> Award:
    with transaction.atomic():
        award = Award.objects.select_for_update().get(pk=award_id)
        _assign(award, data, AWARD_FIELDS)
        valid(award)
        award.save()
        award_log(award, actor, "award_updated")
    return award


CATEGORY_FIELDS = (
    "code", "name", "name_en", "description", "description_en", "eligibility_notes",
    "eligibility_notes_en", "small_firms_only", "position",
)  # fmt: skip


def _panel_names(category: Category) -> tuple[str, str]:
    return _both_languages(lambda: _("Tiểu ban %(category)s") % {"category": category.display_name})


def _jury_names() -> tuple[str, str]:
    return _both_languages(lambda: _("Hội đồng chung khảo"))


def panels_sync(*, round: Round) -> None:
    """A sub-committee per category in a scoring round, the jury in a final round."""
    if round.kind == Round.Kind.SCORING:
        have = set(round.panels.values_list("category_id", flat=True))
        for category in round.award.categories.all():
            if category.pk not in have:
                name, name_en = _panel_names(category)
                Panel.objects.create(round=round, category=category, name=name, name_en=name_en)
    elif round.kind == Round.Kind.FINAL and not round.panels.filter(category__isnull=True):
        name, name_en = _jury_names()
        Panel.objects.create(round=round, category=None, name=name, name_en=name_en)


def category_save(*, award: Award, category_id: int | None = None, data: dict, actor) -> Category:
    with transaction.atomic():
        if category_id is None:
            category = Category(award=award)
            if data.get("position") is None:
                top = award.categories.aggregate(top=Max("position"))["top"] or 0
                data = {**data, "position": top + 1}
        else:
            category = Category.objects.select_for_update().get(pk=category_id, award=award)
        _assign(category, data, CATEGORY_FIELDS)
        valid(category)
        saved(category)
        for round in award.rounds.filter(kind=Round.Kind.SCORING):
            panels_sync(round=round)
        award_log(award, actor, "category_saved", category=category.pk)
    return category


ROUND_FIELDS = (
    "kind", "name", "name_en", "position", "opens_at", "closes_at", "judges_per_entry",
    "scores_visible", "blind", "panel_sees_all", "aggregate", "normalise",
    "disagreement_threshold", "shortlist_size",
)  # fmt: skip


def round_save(*, award: Award, round_id: int | None = None, data: dict, actor) -> Round:
    with transaction.atomic():
        if round_id is None:
            round = Round(award=award)
            if data.get("position") is None:
                top = award.rounds.aggregate(top=Max("position"))["top"] or 0
                data = {**data, "position": top + 1}
        else:
            round = Round.objects.select_for_update().get(pk=round_id, award=award)
            if data.get("kind", round.kind) != round.kind and round.entries.exists():
                raise ServiceError(
                    _("Không đổi được loại vòng khi vòng đã có hồ sơ."), code="round_in_use"
                )
        _assign(round, data, ROUND_FIELDS)
        valid(round)
        saved(round)
        panels_sync(round=round)
        award_log(award, actor, "round_saved", round=round.pk)
    return round


CRITERION_FIELDS = (
    "name", "name_en", "guidance", "guidance_en", "weight", "max_score", "required",
    "independent", "position",
)  # fmt: skip


def _round_has_submitted_sheets(round: Round) -> bool:
    return ScoreSheet.objects.filter(
        entry__round=round, status=ScoreSheet.Status.SUBMITTED
    ).exists()


def criterion_save(
    *, round: Round, criterion_id: int | None = None, data: dict, actor
) -> Criterion:
    if round.kind == Round.Kind.SCREENING:
        raise ServiceError(_("Vòng sàng lọc không có tiêu chí chấm."), code="screening_no_rubric")
    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=round.pk).first()
        locked = _round_has_submitted_sheets(round)
        if criterion_id is None:
            if locked:
                raise ServiceError(
                    _("Đã có phiếu chấm được nộp: không thêm tiêu chí được nữa."),
                    code="rubric_locked",
                )
            criterion = Criterion(round=round)
            if data.get("position") is None:
                top = round.criteria.aggregate(top=Max("position"))["top"] or 0
                data = {**data, "position": top + 1}
        else:
            criterion = Criterion.objects.select_for_update().get(pk=criterion_id, round=round)
            if locked and any(
                field in data and data[field] != getattr(criterion, field)
                for field in LOCKED_CRITERION_FIELDS
            ):
                raise ServiceError(
                    _(
                        "Đã có phiếu chấm được nộp: chỉ sửa được tên và hướng dẫn, không sửa "
                        "được trọng số, điểm tối đa, bắt buộc hay độc lập."
                    ),
                    code="rubric_locked",
                )
        _assign(criterion, data, CRITERION_FIELDS)
        valid(criterion)
        criterion.save()
        award_log(round.award, actor, "criterion_saved", round=round.pk, criterion=criterion.pk)
    return criterion


def criterion_delete(*, round: Round, criterion_id: int, actor) -> None:
    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=round.pk).first()
        criterion = Criterion.objects.filter(pk=criterion_id, round=round).first()
        if criterion is None:
            return
        if criterion.scores.exists():
            raise ServiceError(
                _("Tiêu chí đã có điểm chấm, không xóa được."), code="criterion_in_use"
            )
        criterion.delete()
        award_log(round.award, actor, "criterion_deleted", round=round.pk, name=criterion.name)


def _judge_fields(judge: Judge, data: dict) -> None:
    judge.title = normalize_text(data.get("title", judge.title))[:100]
    judge.organisation = normalize_text(data.get("organisation", judge.organisation))[:300]
    judge.organisation_key = organisation_core(judge.organisation)
    try:
        judge.tax_code = tax_code_clean(data.get("tax_code", judge.tax_code))
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], code="tax_code") from exc


def judge_save(
    *, award: Award, judge_id: int | None = None, email: str = "", data: dict, actor
) -> Judge:
    """Add a judge (an existing account, given the judge role and so two-factor login) or
    change one: organisation, tax code, panels. Conflicts with the judge's own organisation's
    nominations are recorded at once."""
    panel_ids = set(data.get("panels", []))
    with transaction.atomic():
        if judge_id is None:
            user = get_user_model().objects.filter(email__iexact=email.strip()).first()
            if user is None:
                raise ServiceError(
                    _(
                        "Chưa có tài khoản với email %(email)s. Hãy đề nghị giám khảo đăng ký "
                        "tài khoản trước."
                    )
                    % {"email": email.strip()},
                    code="no_account",
                )
            already = ServiceError(
                _("%(email)s đã là giám khảo của giải.") % {"email": user.email},
                code="already_judge",
            )
            if Judge.objects.filter(award=award, user=user).exists():
                raise already
            judge = Judge(award=award, user=user, full_name=user.full_name or user.email)
            user.groups.add(Group.objects.get_or_create(name=roles.JUDGE)[0])
        else:
            judge = Judge.objects.select_for_update().get(pk=judge_id, award=award)
        _judge_fields(judge, data)
        valid(judge)
        try:
            with transaction.atomic():
                judge.save()
        except IntegrityError as exc:
            if judge_id is None:  # added by another organiser since the check above
                raise already from exc
            raise
        panels = Panel.objects.filter(round__award=award, pk__in=panel_ids)
        judge.panels.set(panels)
        conflicts_detect(award=award, judges=[judge], actor=actor)
        award_log(award, actor, "judge_saved", judge=judge.pk)
    return judge
