"""Judges score: every criterion within its range with a comment, a draft saved as often as
wanted, then submitted (locked) while the round is open; organisers can reopen a sheet. Every
change is audited (who, when, old → new). The sheet row is locked while it is written, so two
saves of one sheet at once (two tabs, a double tap) are applied one after the other and the
audit trail stays a chain."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Judge, Round, RoundEntry, Score, ScoreChange, ScoreSheet
from awards.selectors.judging import visible_entries
from forum.errors import ServiceError
from forum.vietnamese import normalize_text

Status = ScoreSheet.Status
Action = ScoreChange.Action


def sheet_lock(*, entry: RoundEntry, judge: Judge) -> ScoreSheet:
    """The judge's sheet for the entry, created if missing, locked until the transaction ends."""
    try:
        with transaction.atomic():
            ScoreSheet.objects.get_or_create(entry=entry, judge=judge)
    except IntegrityError:
        pass  # created at the same moment by another request: lock that one
    return ScoreSheet.objects.select_for_update().get(entry=entry, judge=judge)


def _text(value: str, limit: int) -> str:
    lines = (value or "").replace("\r\n", "\n").split("\n")
    return "\n".join(normalize_text(line) for line in lines).strip()[:limit]


def sheet_save(
    *,
    judge: Judge,
    entry_id: int,
    values: dict[int, Decimal | None],
    comments: dict[int, str],
    comment: str,
    submit: bool,
    actor,
    now=None,
) -> ScoreSheet:
    """Save the judge's scores for an entry; `submit` also submits (all required criteria must
    be scored). Raises ServiceError when the judge may not score it now."""
    now = now or timezone.now()
    entry = RoundEntry.objects.select_related("round", "nomination").filter(pk=entry_id).first()
    if (
        entry is None
        or not visible_entries(judge=judge, round=entry.round).filter(pk=entry.pk).exists()
    ):
        raise ServiceError(_("Bạn không được chấm hồ sơ này."), code="not_allowed")
    round = entry.round
    if not round.is_open(now):
        raise ServiceError(_("Vòng chấm đang đóng: không lưu được điểm."), code="round_closed")
    criteria = list(round.criteria.order_by("position", "id"))
    errors = []
    for criterion in criteria:
        value = values.get(criterion.pk)
        if value is not None and not (0 <= value <= criterion.max_score):
            errors.append(
                _("“%(criterion)s”: điểm từ 0 đến %(max)s.")
                % {"criterion": criterion.display_name, "max": criterion.max_score}
            )
    if submit:
        missing = [c.display_name for c in criteria if c.required and values.get(c.pk) is None]
        if missing:
            errors.append(
                _("Chưa chấm các tiêu chí bắt buộc: %(names)s.") % {"names": ", ".join(missing)}
            )
    if errors:
        raise ServiceError(" ".join(errors), code="invalid_scores")
    with transaction.atomic():
        sheet = sheet_lock(entry=entry, judge=judge)
        if sheet.status == Status.SUBMITTED:
            raise ServiceError(
                _("Phiếu đã nộp và bị khóa; cần ban tổ chức mở lại để sửa."), code="locked"
            )
        existing = {score.criterion_id: score for score in sheet.scores.all()}
        changes = []
        for criterion in criteria:
            value = values.get(criterion.pk)
            note = _text(comments.get(criterion.pk, ""), 2000)
            score = existing.get(criterion.pk)
            old_value = score.value if score else None
            old_note = score.comment if score else ""
            if value is None and score is not None:
                score.delete()
            elif value is not None and score is None:
                Score.objects.create(
                    sheet=sheet,
                    judge=judge,
                    nomination_id=entry.nomination_id,
                    criterion=criterion,
                    value=value,
                    comment=note,
                )
            elif value is not None and (score.value != value or score.comment != note):
                score.value, score.comment = value, note
                score.save(update_fields=["value", "comment"])
            if old_value != value:
                changes.append(
                    ScoreChange(
                        sheet=sheet, criterion=criterion, actor=actor, action=Action.SCORE,
                        old_value=old_value, new_value=value,
                    )
                )  # fmt: skip
            if value is not None and old_note != note:
                changes.append(
                    ScoreChange(
                        sheet=sheet, criterion=criterion, actor=actor, action=Action.COMMENT,
                        old_text=old_note, new_text=note,
                    )
                )  # fmt: skip
        comment = _text(comment, 5000)
        if comment != sheet.comment:
            changes.append(
                ScoreChange(
                    sheet=sheet, actor=actor, action=Action.COMMENT,
                    old_text=sheet.comment, new_text=comment,
                )
            )  # fmt: skip
            sheet.comment = comment
        if submit:
            sheet.status = Status.SUBMITTED
            sheet.submitted_at = now
            changes.append(ScoreChange(sheet=sheet, actor=actor, action=Action.SUBMIT))
        sheet.save()
        ScoreChange.objects.bulk_create(changes)
    return sheet


def sheet_reopen(*, round: Round, sheet_id: int, actor) -> ScoreSheet:
    """An organiser unlocks a submitted sheet; it no longer counts until submitted again."""
    with transaction.atomic():
        sheet = (
            ScoreSheet.objects.select_for_update().filter(pk=sheet_id, entry__round=round).first()
        )
        if sheet is None:
            raise ServiceError(_("Không tìm thấy phiếu chấm."), code="not_found")
        if sheet.status != Status.SUBMITTED:
            return sheet
        sheet.status = Status.DRAFT
        sheet.submitted_at = None
        sheet.save(update_fields=["status", "submitted_at", "updated_at"])
        ScoreChange.objects.create(sheet=sheet, actor=actor, action=Action.REOPEN)
    return sheet
