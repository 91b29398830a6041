"""Demo score sheets: each judge's scores around the product's quality, with the judge's own
leniency or strictness and some noise; a few sheets left as drafts or not started."""

from decimal import Decimal

from django.utils import timezone

from awards.models import Assignment, Round, Score, ScoreSheet


def demo_score(rng, quality: float, bias: float, top: int) -> Decimal:
    value = quality + bias + rng.uniform(-0.8, 0.8)
    return Decimal(str(round(min(max(value, 0), top), 1)))


def demo_sheets(round: Round, qualities: dict, biases: dict, rng, *, leave_for=None) -> int:
    """Score the round's assignments (a few left as drafts or untouched)."""
    criteria = list(round.criteria.all())
    sheets, scores = [], []
    left = 0
    for assignment in Assignment.objects.filter(entry__round=round).select_related("entry"):
        if assignment.judge_id == leave_for and left < 2:
            left += 1
            continue
        roll = rng.random()
        if roll < 0.06 and assignment.judge_id != leave_for:
            continue
        status = ScoreSheet.Status.DRAFT if roll < 0.1 else ScoreSheet.Status.SUBMITTED
        sheet = ScoreSheet(
            entry=assignment.entry,
            judge_id=assignment.judge_id,
            status=status,
            submitted_at=timezone.now() if status == ScoreSheet.Status.SUBMITTED else None,
            comment="Sản phẩm có tính ứng dụng cao.",
        )
        sheets.append(sheet)
    ScoreSheet.objects.bulk_create(sheets)
    for sheet in sheets:
        nomination_id = sheet.entry.nomination_id
        for criterion in criteria:
            scores.append(
                Score(
                    sheet=sheet,
                    judge_id=sheet.judge_id,
                    nomination_id=nomination_id,
                    criterion=criterion,
                    value=demo_score(
                        rng, qualities[nomination_id], biases[sheet.judge_id], criterion.max_score
                    ),
                )
            )
    Score.objects.bulk_create(scores, batch_size=1000)
    return len(sheets)
