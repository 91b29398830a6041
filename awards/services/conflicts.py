"""Conflicts of interest: declared by a judge, set by an organiser, or found because a judge
comes from the nominee's organisation (same tax code, a branch included, or the same name once
legal-form words are set aside). A conflicted pair loses its assignment at once and is never
shown, exported or counted again."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Assignment, Award, Conflict, Judge, Nomination
from awards.services.common import award_log
from forum.errors import ServiceError
from forum.vietnamese import normalize_text, search_key

# Words that say what kind of company it is, not which one ("Công ty Cổ phần MISA" is "misa").
_LEGAL_FORMS = re.compile(
    r"\b(cong ty|tap doan|tong cong ty|co phan|trach nhiem huu han|tnhh|mot thanh vien|mtv|"
    r"hai thanh vien|doanh nghiep tu nhan|dntn|chi nhanh|jsc|joint stock company|company|"
    r"corporation|corp|co|ltd|limited|llc|group|inc|viet nam|vietnam)\b"
)


def organisation_core(name: str) -> str:
    """The distinctive part of an organisation's name, accents and case ignored."""
    key = search_key(name)
    key = re.sub(r"[^\w\s]", " ", key)
    return " ".join(_LEGAL_FORMS.sub(" ", key).split())


def _same_organisation(judge: Judge, nomination: Nomination) -> bool:
    if judge.tax_code and nomination.tax_code and judge.tax_code[:10] == nomination.tax_code[:10]:
        return True
    core = judge.organisation_key
    return len(core) >= 3 and core == organisation_core(nomination.company_name)


def _record(judge: Judge, nomination: Nomination, *, source: str, reason: str, actor) -> bool:
    """Record the conflict (once) and drop the judge's assignments to the nomination. Returns
    whether it is new."""
    _conflict, created = Conflict.objects.get_or_create(
        judge=judge,
        nomination=nomination,
        defaults={"source": source, "reason": reason[:500], "created_by": actor},
    )
    dropped = Assignment.objects.filter(judge=judge, entry__nomination=nomination).delete()[0]
    if created:
        award_log(
            nomination.award,
            actor,
            "conflict",
            nomination=nomination,
            judge=judge.pk,
            source=source,
            dropped_assignments=dropped,
        )
    return created


def conflicts_detect(*, award: Award, judges=None, nominations=None, actor=None) -> int:
    """Record the organisation conflicts among these judges and nominations (default: all of
    the award's). Returns how many are new."""
    judges = list(judges if judges is not None else award.judges.all())
    if nominations is None:
        nominations = list(Nomination.objects.filter(award=award).select_related("award"))
    found = 0
    for judge in judges:
        for nomination in nominations:
            if _same_organisation(judge, nomination):
                found += _record(
                    judge,
                    nomination,
                    source=Conflict.Source.ORGANISATION,
                    reason=nomination.company_name,
                    actor=actor,
                )
    return found


def conflict_declare(*, judge: Judge, nomination: Nomination, reason: str, actor) -> Conflict:
    """A judge declares a conflict with a nomination they can see: it leaves their queue."""
    reason = normalize_text(reason)
    if not reason:
        raise ServiceError(_("Hãy nêu ngắn gọn lý do xung đột lợi ích."), code="reason_required")
    with transaction.atomic():
        _record(judge, nomination, source=Conflict.Source.DECLARED, reason=reason, actor=actor)
    return Conflict.objects.get(judge=judge, nomination=nomination)


def conflict_add(*, award: Award, judge_id: int, nomination_id: int, reason: str, actor) -> bool:
    """An organiser excludes a judge from a nomination."""
    judge = Judge.objects.filter(award=award, pk=judge_id).first()
    nomination = Nomination.objects.filter(award=award, pk=nomination_id).first()
    if judge is None or nomination is None:
        raise ServiceError(_("Không tìm thấy giám khảo hoặc hồ sơ."), code="not_found")
    with transaction.atomic():
        return _record(
            judge,
            nomination,
            source=Conflict.Source.ORGANISER,
            reason=normalize_text(reason),
            actor=actor,
        )
