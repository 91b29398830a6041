"""Commitments: an enterprise takes on a task, organisers approve it, progress follows."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from showcase.models import Commitment, CommitmentUpdate, Problem, TechnologyGroup
from showcase.services.notifications import commitment_decision_notify
from showcase.text import clean_line, clean_paragraphs

Status = Commitment.Status
# A commitment is for the years ahead: from the forum's year to this many years after it.
DEADLINE_YEARS_AHEAD = 15


def deadline_years(edition) -> tuple[int, int]:
    year = timezone.localtime(edition.starts_at).year
    return year, year + DEADLINE_YEARS_AHEAD


def _linked(model, value, edition):
    if value in (None, ""):
        return None
    if not isinstance(value, model):
        value = model.objects.filter(pk=value).first()
    if value is None or value.edition_id != edition.pk:
        raise ValueError(f"{model.__name__} of another edition")
    return value


def _apply(commitment: Commitment, data: dict) -> None:
    edition = commitment.edition
    for field in ("task", "task_en", "target", "target_en"):
        setattr(commitment, field, clean_paragraphs(data.get(field, "")))
    commitment.signatory_name = clean_line(data.get("signatory_name", ""))
    commitment.signatory_position = clean_line(data.get("signatory_position", ""))
    commitment.problem = _linked(Problem, data.get("problem"), edition)
    commitment.technology_group = _linked(TechnologyGroup, data.get("technology_group"), edition)
    errors = {}
    first, last = deadline_years(edition)
    try:
        year = int(data.get("deadline_year"))
    except (TypeError, ValueError):
        year = 0
    if not first <= year <= last:
        errors["deadline_year"] = _("Năm hoàn thành từ %(first)s đến %(last)s.") % {
            "first": first,
            "last": last,
        }
    commitment.deadline_year = year
    if commitment.problem is None and commitment.technology_group is None:
        errors["problem"] = _(
            "Hãy gắn cam kết với một bài toán hoặc một nhóm công nghệ chiến lược."
        )
    if errors:
        raise ValidationError(errors)
    commitment.full_clean(validate_unique=False, validate_constraints=False)


def commitment_submit(*, edition, enterprise, user, data: dict) -> Commitment:
    commitment = Commitment(edition=edition, enterprise=enterprise, submitted_by=user)
    _apply(commitment, data)
    commitment.save()
    return commitment


def commitment_update(*, commitment: Commitment, data: dict) -> Commitment:
    """The enterprise corrects a commitment not yet approved (a refused one waits again)."""
    with transaction.atomic():
        locked = (
            Commitment.objects.select_for_update().select_related("edition").get(pk=commitment.pk)
        )
        if locked.status == Status.APPROVED:
            raise ServiceError(
                _("Cam kết đã được duyệt: hãy cập nhật tiến độ thay vì sửa cam kết."),
                code="commitment_locked",
            )
        _apply(locked, data)
        locked.status = Status.SUBMITTED
        locked.save()
    return locked


def commitment_decide(
    *, commitment: Commitment, actor, approve: bool, reason: str = ""
) -> Commitment:
    reason = clean_paragraphs(reason)
    if not approve and not reason:
        raise ValidationError(
            {"reason": _("Hãy ghi lý do để doanh nghiệp biết cần sửa gì.")}, code="reason_required"
        )
    with transaction.atomic():
        locked = (
            Commitment.objects.select_for_update()
            .select_related("enterprise", "edition")
            .get(pk=commitment.pk)
        )
        status = Status.APPROVED if approve else Status.REJECTED
        if locked.status == status and (approve or locked.rejection_reason == reason):
            # The same decision again (a second click, a resent form): nothing changes.
            return locked
        locked.status = status
        locked.rejection_reason = "" if approve else reason
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.save()
        commitment_decision_notify(commitment=locked)
    return locked


def commitment_progress_add(
    *, commitment: Commitment, author, status: str, note: str, on: dt.date
) -> CommitmentUpdate:
    """Progress as of `on`, a day from the forum's year up to today (no report from the
    future); every update is kept, the latest is the commitment's state."""
    if commitment.status != Status.APPROVED:
        raise ServiceError(
            _("Chỉ cập nhật tiến độ cho cam kết đã được duyệt."), code="commitment_not_approved"
        )
    first_year, _last = deadline_years(commitment.edition)
    today = timezone.localdate()
    if not isinstance(on, dt.date) or not dt.date(first_year, 1, 1) <= on <= today:
        raise ValidationError(
            {
                "on": _("Ngày cập nhật từ 01/01/%(year)s đến hôm nay (%(today)s).")
                % {"year": first_year, "today": today.strftime("%d/%m/%Y")}
            }
        )
    update = CommitmentUpdate(
        commitment=commitment, status=status, note=clean_paragraphs(note), on=on, author=author
    )
    update.full_clean()
    update.save()
    return update
