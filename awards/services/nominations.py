"""Enterprises' nominations: a draft saved with what is known, submitted once complete, and
editable until the deadline (and until screened); the submission is confirmed by email."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award, Judge, Nomination
from awards.services.common import valid
from awards.services.conflicts import conflicts_detect
from awards.services.notifications import nomination_notify
from awards.services.tax_codes import tax_code_clean
from awards.storage import attachment_files_remove
from forum.errors import ServiceError
from forum.vietnamese import normalize_text, search_key
from registration import roles

Status = Nomination.Status


class SubmitRefused(ServiceError):
    """The nomination was saved, but cannot be submitted yet (the message says why)."""


TEXT_FIELDS = (
    "company_name", "contact_name", "contact_email", "product_name", "description",
    "technology", "users_customers", "market", "evidence", "demo_video_url",
)  # fmt: skip
OTHER_FIELDS = (
    "category", "company_size", "is_startup", "foreign_invested",
    "vietnamese_ownership_declared", "contact_phone",
)  # fmt: skip
# Needed to submit (a draft may lack them).
REQUIRED_TO_SUBMIT = (
    "tax_code", "company_size", "contact_name", "contact_email", "description", "technology",
    "users_customers", "market", "evidence",
)  # fmt: skip


def enterprise_role_take(*, user) -> None:
    """An account says it represents an enterprise (and may then nominate products). Judges
    of the current awards cannot: they would judge their own company."""
    if Judge.objects.filter(user=user).exists():
        raise ServiceError(
            _("Tài khoản giám khảo không nộp hồ sơ đề cử được."), code="judge_cannot_nominate"
        )
    user.groups.add(Group.objects.get_or_create(name=roles.ENTERPRISE)[0])


def submission_window_check(*, award: Award, now=None) -> None:
    now = now or timezone.now()
    if award.submission_opens_at and now < award.submission_opens_at:
        raise ServiceError(
            _("Chưa mở nhận hồ sơ. Nhận hồ sơ từ %(at)s.")
            % {"at": timezone.localtime(award.submission_opens_at).strftime("%H:%M %d/%m/%Y")},
            code="not_open",
        )
    if award.submission_closes_at and now >= award.submission_closes_at:
        raise ServiceError(
            _("Đã hết hạn nộp hồ sơ (%(at)s).")
            % {"at": timezone.localtime(award.submission_closes_at).strftime("%H:%M %d/%m/%Y")},
            code="closed",
        )


def nomination_editable_check(*, nomination: Nomination, now=None) -> None:
    """Raises ServiceError unless the enterprise may still change the nomination."""
    if nomination.eligibility != Nomination.Eligibility.PENDING:
        raise ServiceError(_("Hồ sơ đã được sàng lọc, không sửa được nữa."), code="screened")
    submission_window_check(award=nomination.award, now=now)


def _fill(nomination: Nomination, data: dict) -> None:
    for field in TEXT_FIELDS:
        if field in data:
            value = data[field] or ""
            # Long texts keep their paragraphs; one-line fields are normalised.
            if field in ("description", "technology", "users_customers", "market", "evidence"):
                value = "\n".join(normalize_text(line) for line in value.splitlines()).strip()
            else:
                value = normalize_text(value)
            setattr(nomination, field, value)
    for field in OTHER_FIELDS:
        if field in data:
            setattr(nomination, field, data[field] if data[field] is not None else "")
    if "tax_code" in data:
        try:
            nomination.tax_code = tax_code_clean(data["tax_code"])
        except ValidationError as exc:
            raise ServiceError(exc.messages[0], code="tax_code") from exc
    if not nomination.foreign_invested:
        nomination.vietnamese_ownership_declared = False
    elif not nomination.vietnamese_ownership_declared:
        raise ServiceError(
            _(
                "Doanh nghiệp có vốn đầu tư nước ngoài cần cam kết tỷ lệ sở hữu của nhà đầu tư "
                "Việt Nam từ 51% trở lên."
            ),
            code="ownership_required",
        )
    nomination.company_key = search_key(nomination.company_name)
    nomination.product_key = search_key(nomination.product_name)


def _save(nomination: Nomination) -> None:
    valid_or_duplicate(nomination)
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as exc:
        raise _duplicate() from exc


def _duplicate() -> ServiceError:
    return ServiceError(
        _("Sản phẩm này của doanh nghiệp (cùng mã số thuế) đã có hồ sơ đề cử năm nay."),
        code="duplicate",
    )


def valid_or_duplicate(nomination: Nomination) -> None:
    if nomination.tax_code and (
        Nomination.objects.filter(
            award=nomination.award,
            tax_code=nomination.tax_code,
            product_key=nomination.product_key,
        )
        .exclude(pk=nomination.pk)
        .exists()
    ):
        raise _duplicate()
    valid(nomination)


def nomination_create(*, award: Award, owner, data: dict) -> Nomination:
    submission_window_check(award=award)
    if data.get("category") and data["category"].award_id != award.pk:
        raise ServiceError(_("Hạng mục không thuộc giải năm nay."), code="category")
    nomination = Nomination(award=award, owner=owner)
    _fill(nomination, data)
    with transaction.atomic():
        _save(nomination)
        conflicts_detect(award=award, nominations=[nomination], actor=owner)
    return nomination


def _lock_own(nomination_id: int, owner) -> Nomination:
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("award")
        .filter(pk=nomination_id, owner=owner)
        .first()
    )
    if nomination is None:
        raise ServiceError(_("Không tìm thấy hồ sơ."), code="not_found")
    return nomination


def nomination_update(*, nomination_id: int, owner, data: dict, submit: bool = False) -> Nomination:
    """Save the enterprise's changes; with `submit`, then submit the saved nomination (a
    refusal to submit raises SubmitRefused, the changes stay saved)."""
    with transaction.atomic():
        nomination = _lock_own(nomination_id, owner)
        nomination_editable_check(nomination=nomination)
        if data.get("category") and data["category"].award_id != nomination.award_id:
            raise ServiceError(_("Hạng mục không thuộc giải năm nay."), code="category")
        _fill(nomination, data)
        if nomination.status == Status.SUBMITTED:
            _complete_check(nomination)
        _save(nomination)
        conflicts_detect(award=nomination.award, nominations=[nomination], actor=owner)
    if submit and nomination.status == Status.DRAFT:
        try:
            return nomination_submit(nomination_id=nomination.pk, owner=owner)
        except ServiceError as exc:
            raise SubmitRefused(exc.message, code=exc.code) from exc
    return nomination


def _complete_check(nomination: Nomination) -> None:
    missing = [
        str(Nomination._meta.get_field(field).verbose_name)
        for field in REQUIRED_TO_SUBMIT
        if not getattr(nomination, field)
    ]
    if missing:
        raise ServiceError(
            _("Hồ sơ còn thiếu: %(fields)s.") % {"fields": ", ".join(missing)},
            code="incomplete",
        )
    small = nomination.company_size in (Nomination.Size.MICRO, Nomination.Size.SMALL)
    if nomination.category.small_firms_only and not (small or nomination.is_startup):
        raise ServiceError(
            _(
                "Hạng mục “%(category)s” chỉ dành cho doanh nghiệp siêu nhỏ, nhỏ hoặc khởi "
                "nghiệp sáng tạo."
            )
            % {"category": nomination.category.display_name},
            code="category_size",
        )


def nomination_submit(*, nomination_id: int, owner) -> Nomination:
    """Submit a complete nomination before the deadline (checked again here, on the server's
    clock) and confirm it by email."""
    with transaction.atomic():
        nomination = _lock_own(nomination_id, owner)
        if nomination.status == Status.SUBMITTED:
            return nomination
        nomination_editable_check(nomination=nomination)
        _complete_check(nomination)
        if not nomination.attachments.exists():
            raise ServiceError(
                _("Hãy đính kèm ít nhất một tệp PDF hồ sơ trước khi nộp."),
                code="no_attachment",
            )
        nomination.status = Status.SUBMITTED
        nomination.submitted_at = timezone.now()
        _save(nomination)
        nomination_notify(nomination=nomination, kind="submitted")
    return nomination


def nomination_delete(*, nomination_id: int, owner) -> None:
    """A draft the enterprise no longer wants (a submitted one stays on record)."""
    with transaction.atomic():
        nomination = _lock_own(nomination_id, owner)
        if nomination.status != Status.DRAFT:
            raise ServiceError(_("Chỉ xóa được hồ sơ nháp."), code="not_draft")
        paths = list(nomination.attachments.values_list("path", flat=True))
        nomination.delete()
        transaction.on_commit(lambda: attachment_files_remove(paths))
