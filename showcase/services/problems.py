"""The problems of an edition, as organisers enter them."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from showcase.models import Problem, TechnologyGroup
from showcase.models.problems import PROBLEM_NUMBER_MAX
from showcase.text import clean_line, clean_paragraphs

LINE_FIELDS = ("title", "title_en", "agency", "agency_en", "sector", "sector_en")
TEXT_FIELDS = ("description", "description_en")


def _number_taken(number: int) -> ServiceError:
    return ServiceError(
        _("Đã có bài toán số %(number)s.") % {"number": number}, code="number_taken"
    )


def problem_save(*, edition, data: dict, problem: Problem | None = None) -> Problem:
    """Create or change a problem of `edition`. Raises ValidationError for bad fields and
    ServiceError(code="number_taken") when another problem has the number."""
    problem = problem or Problem(edition=edition)
    if problem.edition_id != edition.pk:
        raise ValueError("the problem belongs to another edition")
    for field in LINE_FIELDS:
        setattr(problem, field, clean_line(data.get(field, "")))
    for field in TEXT_FIELDS:
        setattr(problem, field, clean_paragraphs(data.get(field, "")))
    problem.number = data["number"]
    group = data.get("technology_group")
    if group is not None and not isinstance(group, TechnologyGroup):
        group = TechnologyGroup.objects.filter(pk=group).first()
    if group is not None and group.edition_id != edition.pk:
        raise ValueError("the technology group belongs to another edition")
    problem.technology_group = group
    problem.is_sample = bool(data.get("is_sample", problem.is_sample))
    problem.full_clean(validate_unique=False, validate_constraints=False)
    if not 1 <= problem.number <= PROBLEM_NUMBER_MAX:
        raise ValidationError(
            {"number": _("Số thứ tự từ 1 đến %(max)s.") % {"max": PROBLEM_NUMBER_MAX}},
            code="number_range",
        )
    if Problem.objects.filter(edition=edition, number=problem.number).exclude(pk=problem.pk):
        raise _number_taken(problem.number)
    try:
        with transaction.atomic():
            problem.save()
    except IntegrityError as exc:
        raise _number_taken(problem.number) from exc
    return problem


def problem_delete(*, problem: Problem) -> None:
    """Delete a problem no demo or commitment refers to."""
    if problem.demos.exists() or problem.commitments.exists():
        raise ServiceError(
            _("Không xóa được: đã có sản phẩm trình diễn hoặc cam kết gắn với bài toán này."),
            code="problem_in_use",
        )
    problem.delete()
