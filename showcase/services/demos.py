"""Demos: an enterprise submits and edits, organisers approve or refuse them (placing them is
showcase.services.placement)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from showcase.models import Claim, Demo, EvidenceLink, Problem
from showcase.models.demos import CLAIMS_MAX
from showcase.selectors.links import nomination_of_enterprise
from showcase.services.notifications import demo_decision_notify
from showcase.text import clean_line, clean_paragraphs

Status = Demo.Status
EDITABLE_BY_ENTERPRISE = (Status.SUBMITTED, Status.REJECTED)
CLAIM_LENGTH_MAX = 300


def claims_clean(claims: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The claims as (Vietnamese, English) pairs, tidied, empty rows dropped; ValidationError
    when none is left, one has English only, one is too long, or there are too many."""
    cleaned = []
    for number, (text, text_en) in enumerate(claims, start=1):
        text, text_en = clean_line(text), clean_line(text_en)
        if not text and not text_en:
            continue
        if not text:
            raise ValidationError(
                _("Tuyên bố %(number)s: cần nội dung tiếng Việt.") % {"number": number},
                code="claim_vietnamese_missing",
            )
        if max(len(text), len(text_en)) > CLAIM_LENGTH_MAX:
            raise ValidationError(
                _("Tuyên bố %(number)s: dài quá %(max)s ký tự.")
                % {"number": number, "max": CLAIM_LENGTH_MAX},
                code="claim_too_long",
            )
        cleaned.append((text, text_en))
    if not cleaned:
        raise ValidationError(
            _("Cần ít nhất một tuyên bố để đại biểu kiểm chứng."), code="claims_missing"
        )
    if len(cleaned) > CLAIMS_MAX:
        raise ValidationError(
            _("Tối đa %(max)s tuyên bố.") % {"max": CLAIMS_MAX}, code="claims_too_many"
        )
    return cleaned


def _apply_fields(demo: Demo, data: dict) -> None:
    problem = data["problem"]
    if not isinstance(problem, Problem):
        problem = Problem.objects.filter(pk=problem).first()
    if problem is None or problem.edition_id != demo.edition_id:
        raise ValidationError({"problem": _("Hãy chọn một bài toán của diễn đàn.")})
    demo.problem = problem
    demo.nomination = _nomination(demo, data.get("nomination"))
    demo.product = clean_line(data["product"])
    demo.product_en = clean_line(data.get("product_en", ""))
    demo.demonstration = clean_paragraphs(data["demonstration"])
    demo.demonstration_en = clean_paragraphs(data.get("demonstration_en", ""))
    demo.full_clean(
        exclude=["station", "stage_starts_at", "stage_ends_at"],
        validate_unique=False,
        validate_constraints=False,
    )


def _nomination(demo: Demo, value):
    """The enterprise's own nomination of the demo's edition, or None."""
    if value in (None, ""):
        return None
    nomination = nomination_of_enterprise(
        enterprise=demo.enterprise,
        edition=demo.edition,
        nomination_id=getattr(value, "pk", value),
    )
    if nomination is None:
        raise ValidationError({"nomination": _("Hãy chọn một hồ sơ đề cử của doanh nghiệp.")})
    return nomination


def _write_claims(demo: Demo, claims: list[tuple[str, str]]) -> None:
    current = list(demo.claims.order_by("position"))
    if [c.text for c in current] == [text for text, _en in claims]:
        # Same claims (perhaps new English): keep the rows, and the answers given to them.
        for claim, (_text, text_en) in zip(current, claims, strict=True):
            if claim.text_en != text_en:
                claim.text_en = text_en
                claim.save(update_fields=["text_en"])
        return
    if demo.verifications.exists():
        raise ServiceError(
            _(
                "Không đổi được các tuyên bố: đại biểu đã kiểm chứng sản phẩm theo các tuyên bố "
                "hiện tại."
            ),
            code="claims_verified",
        )
    demo.claims.all().delete()
    Claim.objects.bulk_create(
        Claim(demo=demo, position=n, text=text, text_en=text_en)
        for n, (text, text_en) in enumerate(claims, start=1)
    )


def _write_evidence(demo: Demo, urls: list[str]) -> None:
    demo.evidence.all().delete()
    EvidenceLink.objects.bulk_create(
        EvidenceLink(demo=demo, position=n, url=url) for n, url in enumerate(urls, start=1)
    )


def demo_submit(
    *, edition, enterprise, user, data: dict, claims: list[tuple[str, str]], evidence: list[str]
) -> Demo:
    """A new demo of `enterprise` for a problem of `edition`, waiting for the organisers."""
    demo = Demo(edition=edition, enterprise=enterprise, submitted_by=user)
    _apply_fields(demo, data)
    claims = claims_clean(claims)
    with transaction.atomic():
        demo.save()
        _write_claims(demo, claims)
        _write_evidence(demo, evidence)
    return demo


def locked_demo(demo_id: int) -> Demo:
    """The demo, its row locked for the rest of the transaction."""
    return (
        Demo.objects.select_for_update(of=("self",))
        .select_related("enterprise", "edition")
        .get(pk=demo_id)
    )


def demo_update(
    *,
    demo: Demo,
    data: dict,
    claims: list[tuple[str, str]],
    evidence: list[str],
    by_organiser: bool = False,
) -> Demo:
    """Change a demo. Its enterprise may while it waits or was refused (it then waits again);
    organisers always may. Claims already verified by delegates stay as they are."""
    claims = claims_clean(claims)
    with transaction.atomic():
        locked = locked_demo(demo.pk)
        if not by_organiser and locked.status not in EDITABLE_BY_ENTERPRISE:
            raise ServiceError(
                _("Sản phẩm đã được duyệt hoặc đã rút: liên hệ ban tổ chức để thay đổi."),
                code="demo_locked",
            )
        _apply_fields(locked, data)
        if not by_organiser and locked.status == Status.REJECTED:
            locked.status = Status.SUBMITTED
        locked.save()
        _write_claims(locked, claims)
        _write_evidence(locked, evidence)
    return locked


def demo_withdraw(*, demo: Demo) -> Demo:
    """The enterprise takes back a demo not yet approved."""
    with transaction.atomic():
        locked = locked_demo(demo.pk)
        if locked.status not in EDITABLE_BY_ENTERPRISE:
            raise ServiceError(
                _("Chỉ rút được sản phẩm chưa được duyệt."), code="demo_not_withdrawable"
            )
        locked.status = Status.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
    return locked


def demo_decide(*, demo: Demo, actor, approve: bool, reason: str = "") -> Demo:
    """Approve a demo (it becomes public), or refuse it with a reason (it leaves its station and
    the stage, and its page)."""
    reason = clean_paragraphs(reason)
    if not approve and not reason:
        raise ValidationError(
            {"reason": _("Hãy ghi lý do để doanh nghiệp biết cần sửa gì.")},
            code="reason_required",
        )
    with transaction.atomic():
        locked = locked_demo(demo.pk)
        if locked.status == Status.WITHDRAWN:
            raise ServiceError(_("Doanh nghiệp đã rút sản phẩm này."), code="demo_withdrawn")
        status = Status.APPROVED if approve else Status.REJECTED
        if locked.status == status and (approve or locked.rejection_reason == reason):
            # The same decision again (a second click, a resent form): nothing changes.
            return locked
        locked.status = status
        locked.rejection_reason = "" if approve else reason
        if not approve:
            locked.station = None
            locked.stage_starts_at = locked.stage_ends_at = None
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save()
        demo_decision_notify(demo=locked)
    return locked
