"""Recording a delegate's verification of a demo, and organisers letting comments through."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from showcase.models import ClaimAnswer, Demo, Verification
from showcase.models.verifications import COMMENT_MAX, RATING_MAX, RATING_MIN
from showcase.selectors.eligibility import verification_eligibility
from showcase.text import clean_paragraphs

CommentStatus = Verification.CommentStatus


def eligibility_refusal(code: str) -> str:
    """Why a delegate cannot verify yet, and what to do about it."""
    messages = {
        "anonymous": _("Hãy đăng nhập bằng tài khoản đại biểu để kiểm chứng sản phẩm."),
        "not_registered": _(
            "Tài khoản của bạn chưa đăng ký tham dự diễn đàn. Chỉ đại biểu đã check-in tại cửa "
            "mới kiểm chứng được."
        ),
        "not_approved": _(
            "Đăng ký của bạn chưa được duyệt. Chỉ đại biểu đã check-in tại cửa mới kiểm chứng được."
        ),
        "not_checked_in": _(
            "Bạn chưa check-in tại cửa. Hãy đưa mã QR trên thẻ đại biểu cho nhân viên ở cổng "
            "vào, rồi quét lại mã QR của gian trình diễn."
        ),
    }
    return messages[code]


def _clean(demo: Demo, answers: dict, rating, comment: str) -> tuple[dict[int, str], int, str]:
    errors = {}
    claims = set(demo.claims.values_list("pk", flat=True))
    valid = set(ClaimAnswer.Answer.values)
    cleaned = {}
    for key, answer in (answers or {}).items():
        try:
            claim_id = int(key)
        except (TypeError, ValueError):
            continue
        if claim_id in claims and answer in valid:
            cleaned[claim_id] = answer
    if set(cleaned) != claims:
        errors["answers"] = _("Hãy chọn Đúng, Đúng một phần hoặc Không đúng cho từng tuyên bố.")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not RATING_MIN <= rating <= RATING_MAX:
        errors["rating"] = _("Hãy chấm từ 1 đến 5 sao.")
    comment = clean_paragraphs(comment)
    if len(comment) > COMMENT_MAX:
        errors["comment"] = _("Nhận xét tối đa %(max)s ký tự.") % {"max": COMMENT_MAX}
    if errors:
        raise ValidationError(errors)
    return cleaned, rating, comment


def _comment_status(verification: Verification, comment: str) -> str:
    if not comment:
        return CommentStatus.NONE
    if comment != verification.comment or verification.comment_status == CommentStatus.NONE:
        # A new or changed comment waits for an organiser before it is public.
        return CommentStatus.PENDING
    return verification.comment_status


def _own(demo: Demo, registration) -> Verification | None:
    return (
        Verification.objects.select_for_update()
        .filter(demo=demo, registration=registration)
        .first()
    )


def verification_record(
    *, demo_id: int, user, answers: dict, rating, comment: str = ""
) -> tuple[Verification, bool]:
    """Record (or change) the user's verification of an approved demo: an answer for every
    claim, a rating from 1 to 5 and an optional comment. Returns (verification, created).

    Only a delegate checked in at the door may: ServiceError with the eligibility code
    ("anonymous", "not_registered", "not_approved", "not_checked_in") otherwise, or
    "demo_not_open" for a demo that is not public. One verification per delegate and demo
    (the database's unique constraint): a second submission changes the first.
    """
    demo = Demo.objects.select_related("edition").filter(pk=demo_id).first()
    if demo is None or demo.status != Demo.Status.APPROVED:
        raise ServiceError(_("Sản phẩm này không còn nhận kiểm chứng."), code="demo_not_open")
    eligibility = verification_eligibility(user=user, edition=demo.edition)
    if not eligibility.ok:
        raise ServiceError(eligibility_refusal(eligibility.code), code=eligibility.code)
    answers, rating, comment = _clean(demo, answers, rating, comment)
    registration = eligibility.registration
    try:
        with transaction.atomic():
            verification, created = _own(demo, registration), False
            if verification is None:
                try:
                    with transaction.atomic():
                        verification = Verification.objects.create(
                            demo=demo,
                            registration=registration,
                            rating=rating,
                            comment=comment,
                            comment_status=_comment_status(Verification(), comment),
                        )
                        created = True
                except IntegrityError:
                    # The same delegate's other submission (a double tap, a retry) got in
                    # first: this one changes it.
                    verification = _own(demo, registration)
                    if verification is None:
                        raise
            if not created:
                verification.comment_status = _comment_status(verification, comment)
                verification.rating, verification.comment = rating, comment
                verification.save(
                    update_fields=["rating", "comment", "comment_status", "updated_at"]
                )
                verification.answers.all().delete()
            ClaimAnswer.objects.bulk_create(
                ClaimAnswer(verification=verification, claim_id=claim_id, answer=answer)
                for claim_id, answer in answers.items()
            )
    except IntegrityError as exc:
        # The claims changed while this was being recorded (an organiser edited them).
        raise ServiceError(
            _("Các tuyên bố của sản phẩm vừa thay đổi. Hãy tải lại trang và kiểm chứng lại."),
            code="claims_changed",
        ) from exc
    return verification, created


def verification_comment_decide(
    *, edition, verification_id: int, actor, publish: bool
) -> Verification:
    """Let a comment on one of the edition's demos through to the public page, or hide it."""
    with transaction.atomic():
        verification = (
            Verification.objects.select_for_update()
            .filter(pk=verification_id, demo__edition=edition)
            .first()
        )
        if verification is None:
            raise ServiceError(_("Không tìm thấy nhận xét."), code="not_found")
        if not verification.comment:
            raise ServiceError(_("Lượt kiểm chứng này không có nhận xét."), code="no_comment")
        verification.comment_status = CommentStatus.PUBLISHED if publish else CommentStatus.HIDDEN
        verification.comment_decided_by = actor
        verification.comment_decided_at = timezone.now()
        verification.save(
            update_fields=["comment_status", "comment_decided_by", "comment_decided_at"]
        )
    return verification
