"""The secretariat's screening: eligible or not, with a reason, emailed to the enterprise. An
eligible nomination enters the first scored round; a decision can be changed until judges
have scored it there."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Nomination, RoundEntry, ScoreSheet
from awards.selectors.setup import round_first_scored
from awards.services.common import award_log
from awards.services.notifications import nomination_notify
from forum.errors import ServiceError
from forum.vietnamese import normalize_text

Eligibility = Nomination.Eligibility


def nomination_screen(*, award, nomination_id: int, eligible: bool, reason: str, actor):
    reason = normalize_text(reason)[:1000]
    if not eligible and not reason:
        raise ServiceError(_("Cần nêu lý do hồ sơ không hợp lệ."), code="reason_required")
    with transaction.atomic():
        nomination = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("award", "category", "owner")
            .filter(award=award, pk=nomination_id)
            .first()
        )
        if nomination is None:
            raise ServiceError(_("Không tìm thấy hồ sơ."), code="not_found")
        if nomination.status != Nomination.Status.SUBMITTED:
            raise ServiceError(_("Hồ sơ chưa được nộp."), code="not_submitted")
        decision = Eligibility.ELIGIBLE if eligible else Eligibility.INELIGIBLE
        if nomination.eligibility == decision and nomination.eligibility_reason == reason:
            return nomination
        first = round_first_scored(award=award)
        entry = (
            RoundEntry.objects.filter(round=first, nomination=nomination).first() if first else None
        )
        if not eligible:
            if nomination.tier:
                raise ServiceError(
                    _("Hồ sơ đã có quyết định trao giải; hãy bỏ quyết định trước."),
                    code="decided",
                )
            if ScoreSheet.objects.filter(entry__nomination=nomination).exists():
                raise ServiceError(
                    _("Giám khảo đã bắt đầu chấm hồ sơ này; không chuyển sang không hợp lệ được."),
                    code="being_scored",
                )
            if entry is not None:
                entry.delete()
        elif first is not None and entry is None:
            RoundEntry.objects.create(
                round=first, nomination=nomination, source=RoundEntry.Source.SCREENING
            )
        nomination.eligibility = decision
        nomination.eligibility_reason = reason
        nomination.screened_at = timezone.now()
        nomination.screened_by = actor if getattr(actor, "pk", None) else None
        nomination.screening_version += 1
        nomination.save()
        award_log(award, actor, "screened", nomination=nomination, eligible=eligible, reason=reason)
        nomination_notify(
            nomination=nomination, kind="screened", version=nomination.screening_version
        )
    return nomination
