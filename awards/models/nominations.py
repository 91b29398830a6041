"""Nominations from enterprises, their PDF attachments, the rounds they are in, and the judges
who may never judge them (conflicts of interest)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from phonenumber_field.modelfields import PhoneNumberField

from awards.models.panels import Judge
from awards.models.setup import Award, Category, Round

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


class Nomination(models.Model):
    """An enterprise's dossier for one product in one category: a draft until submitted,
    editable until the deadline, then screened by the secretariat and judged in rounds."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Đã nộp")

    class Eligibility(models.TextChoices):
        PENDING = "pending", _("Chờ sàng lọc")
        ELIGIBLE = "eligible", _("Hợp lệ")
        INELIGIBLE = "ineligible", _("Không hợp lệ")

    class Tier(models.TextChoices):
        GOLD = "gold", _("Giải Vàng")
        SILVER = "silver", _("Giải Bạc")
        BRONZE = "bronze", _("Giải Đồng")
        TOP10 = "top10", _("Top 10")
        NONE = "none", _("Không đạt giải")

    class Size(models.TextChoices):
        MICRO = "micro", _("Siêu nhỏ")
        SMALL = "small", _("Nhỏ")
        MEDIUM = "medium", _("Vừa")
        LARGE = "large", _("Lớn")

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="nominations")
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("hạng mục"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_nominations",
    )
    # The company
    company_name = models.CharField(_("tên doanh nghiệp"), max_length=300)
    company_key = models.CharField(max_length=300, editable=False, default="")
    tax_code = models.CharField(_("mã số thuế"), max_length=20, blank=True)
    company_size = models.CharField(
        _("quy mô doanh nghiệp"), max_length=10, choices=Size.choices, blank=True
    )
    is_startup = models.BooleanField(_("doanh nghiệp khởi nghiệp sáng tạo"), default=False)
    foreign_invested = models.BooleanField(
        _("doanh nghiệp có vốn đầu tư nước ngoài"), default=False
    )
    vietnamese_ownership_declared = models.BooleanField(
        _("cam kết sở hữu Việt Nam từ 51% trở lên"), default=False
    )
    contact_name = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    contact_phone = PhoneNumberField(_("điện thoại liên hệ"), blank=True)
    contact_email = models.EmailField(_("email liên hệ"), blank=True)
    # The product
    product_name = models.CharField(_("tên sản phẩm"), max_length=300)
    product_key = models.CharField(max_length=300, editable=False, default="")
    description = models.TextField(_("mô tả sản phẩm"), blank=True, max_length=5000)
    technology = models.TextField(_("công nghệ"), blank=True, max_length=3000)
    users_customers = models.TextField(_("người dùng, khách hàng"), blank=True, max_length=3000)
    market = models.TextField(_("thị trường"), blank=True, max_length=3000)
    evidence = models.TextField(_("bằng chứng ứng dụng thực tế"), blank=True, max_length=5000)
    demo_video_url = models.URLField(_("đường dẫn video demo"), blank=True, max_length=500)
    # The enterprise's side
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # The secretariat's screening; the version numbers its emails.
    eligibility = models.CharField(
        _("kết quả sàng lọc"),
        max_length=10,
        choices=Eligibility.choices,
        default=Eligibility.PENDING,
    )
    eligibility_reason = models.TextField(_("lý do"), blank=True, max_length=1000)
    screened_at = models.DateTimeField(_("sàng lọc lúc"), null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    screening_version = models.PositiveIntegerField(default=0)
    # The jury's decision.
    tier = models.CharField(_("giải"), max_length=8, choices=Tier.choices, blank=True)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hồ sơ đề cử")
        verbose_name_plural = _("các hồ sơ đề cử")
        ordering = ["category__position", "product_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="award_nomination_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=Q(eligibility="pending") | Q(status="submitted"),
                name="award_nomination_screened_when_submitted",
            ),
            models.CheckConstraint(
                condition=~Q(eligibility="ineligible") | ~Q(eligibility_reason=""),
                name="award_nomination_ineligible_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(tier="") | Q(eligibility="eligible"),
                name="award_nomination_tier_when_eligible",
            ),
            models.CheckConstraint(
                condition=Q(foreign_invested=False) | Q(vietnamese_ownership_declared=True),
                name="award_nomination_foreign_declares_ownership",
            ),
            # The same product of the same company once a year, whatever the category.
            models.UniqueConstraint(
                fields=["award", "tax_code", "product_key"],
                condition=~Q(tax_code=""),
                name="award_nomination_product_once",
            ),
        ]
        indexes = [
            models.Index(fields=["award", "status", "eligibility"]),
            models.Index(fields=["award", "tax_code"]),
        ]

    def __str__(self) -> str:
        return self.product_name

    @property
    def tax_code_parent(self) -> str:
        """The company's own 10 digits (a branch's 13-digit code starts with them)."""
        return self.tax_code[:10]

    @property
    def is_awarded(self) -> bool:
        return self.tier not in ("", self.Tier.NONE)


class Attachment(models.Model):
    """A PDF of a nomination, stored privately (MEDIA_ROOT) and served through a checked view."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("tên tệp"), max_length=200)
    path = models.CharField(max_length=300, unique=True)
    size = models.PositiveIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(_("số trang"), default=0)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tệp đính kèm hồ sơ")
        verbose_name_plural = _("các tệp đính kèm hồ sơ")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "sha256"], name="award_attachment_once"),
            models.CheckConstraint(
                condition=Q(size__gt=0, size__lte=MAX_ATTACHMENT_BYTES),
                name="award_attachment_size",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RoundEntry(models.Model):
    """A nomination taking part in a scored round: admitted by the screening, or shortlisted
    from the round before."""

    class Source(models.TextChoices):
        SCREENING = "screening", _("Hợp lệ sau sàng lọc")
        SHORTLIST = "shortlist", _("Vào vòng trong")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="entries")
    source = models.CharField(max_length=10, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ trong vòng")
        verbose_name_plural = _("các hồ sơ trong vòng")
        constraints = [
            models.UniqueConstraint(fields=["round", "nomination"], name="award_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.nomination} @ {self.round}"


class Conflict(models.Model):
    """A judge who must never see or judge a nomination: declared by the judge, set by an
    organiser, or found because the judge comes from the nominee's organisation."""

    class Source(models.TextChoices):
        DECLARED = "declared", _("Giám khảo tự khai")
        ORGANISATION = "organisation", _("Cùng đơn vị với doanh nghiệp")
        ORGANISER = "organiser", _("Ban tổ chức xác định")

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="conflicts")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="conflicts")
    source = models.CharField(
        pgettext_lazy("conflict", "nguồn"), max_length=12, choices=Source.choices
    )
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("xung đột lợi ích")
        verbose_name_plural = _("các xung đột lợi ích")
        constraints = [
            models.UniqueConstraint(fields=["judge", "nomination"], name="award_conflict_once")
        ]

    def __str__(self) -> str:
        return f"{self.judge} × {self.nomination}"
