"""Delegates: registrations, invitations, consent and personal-data records, audit."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from phonenumber_field.modelfields import PhoneNumberField

from registration.models.accounts import User


class DelegateType(models.TextChoices):
    GOVERNMENT_MINISTRY = "gov_ministry", _("Cơ quan Trung ương (bộ, ngành)")
    GOVERNMENT_LOCAL = "gov_local", _("Chính quyền địa phương")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    ASSOCIATION = "association", _("Hiệp hội")
    RESEARCH = "research", _("Viện nghiên cứu, trường đại học")
    PRESS = "press", _("Báo chí")
    INTERNATIONAL = "international", _("Khách quốc tế")


class Honorific(models.TextChoices):
    MR = "Ông", _("Ông")
    MS = "Bà", _("Bà")
    PROF = "GS.", _("GS.")
    ASSOC_PROF = "PGS.", _("PGS.")
    DR = "TS.", _("TS.")
    PROF_DR = "GS. TS.", _("GS. TS.")
    ASSOC_PROF_DR = "PGS. TS.", _("PGS. TS.")
    MASTER = "ThS.", _("ThS.")
    NONE = "", _("(không)")


class InvitationBatch(models.Model):
    """A batch of invitation codes for VIPs, press or speakers."""

    class Kind(models.TextChoices):
        VIP = "vip", _("Khách mời VIP")
        PRESS = "press", _("Báo chí")
        SPEAKER = "speaker", _("Diễn giả")
        OTHER = "other", _("Khác")

    edition = models.ForeignKey(
        "forum.Edition", on_delete=models.CASCADE, related_name="invitation_batches"
    )
    label = models.CharField(_("tên đợt"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.VIP)
    bypass_capacity = models.BooleanField(
        _("vượt giới hạn chỗ"),
        default=False,
        help_text=_("Người dùng mã được duyệt kể cả khi đã hết chỗ."),
    )
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt mã mời")
        verbose_name_plural = _("các đợt mã mời")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label


class InvitationCode(models.Model):
    batch = models.ForeignKey(InvitationBatch, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("mã"), max_length=32, unique=True)
    max_uses = models.PositiveIntegerField(_("số lần dùng tối đa"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mã mời")
        verbose_name_plural = pgettext_lazy("plural", "mã mời")
        constraints = [
            models.CheckConstraint(condition=Q(max_uses__gte=1), name="invitation_max_uses_pos")
        ]

    def __str__(self) -> str:
        return self.code


# The fields a delegate may edit themselves, in form order.
PROFILE_FIELDS = (
    "honorific",
    "full_name",
    "given_name",
    "position",
    "organisation",
    "delegate_type",
    "phone",
    "province",
    "email_language",
    "needs",
)


class Registration(models.Model):
    """A delegate's registration for one edition. Never deleted: anonymised on request."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        WAITLISTED = "waitlisted", _("Danh sách chờ")
        REJECTED = "rejected", _("Từ chối")
        CANCELLED = "cancelled", _("Đã hủy")

    class Source(models.TextChoices):
        ONLINE = "online", _("Đăng ký trực tuyến")
        IMPORT = "import", _("Nhập từ danh sách mời")
        INVITATION = "invitation", _("Mã mời")

    edition = models.ForeignKey(
        "forum.Edition", on_delete=models.PROTECT, related_name="registrations"
    )
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations"
    )
    # Identity, as typed (NFC); the given name (tên) is derived but may be corrected.
    full_name = models.CharField(_("họ và tên"), max_length=150)
    given_name = models.CharField(_("tên"), max_length=50)
    honorific = models.CharField(
        _("danh xưng"), max_length=20, choices=Honorific.choices, blank=True
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    organisation = models.CharField(_("cơ quan, đơn vị"), max_length=300)
    delegate_type = models.CharField(
        _("loại đại biểu"), max_length=20, choices=DelegateType.choices
    )
    email = models.EmailField(_("email"), max_length=254)
    phone = PhoneNumberField(_("điện thoại"), blank=True)
    province = models.CharField(_("tỉnh, thành phố"), max_length=100)
    email_language = models.CharField(
        _("ngôn ngữ nhận email"),
        max_length=8,
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
        default="vi",
    )
    needs = models.TextField(_("nhu cầu hỗ trợ, ăn uống"), blank=True, max_length=1000)
    # Derived, stored so that both SQLite and PostgreSQL can search and sort in the database.
    search_key = models.TextField(editable=False, default="")
    sort_key = models.TextField(editable=False, default="")

    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    waitlist_position = models.PositiveIntegerField(_("số thứ tự chờ"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("rời danh sách chờ lúc"), null=True, blank=True)
    rejection_reason = models.TextField(_("lý do từ chối"), blank=True, max_length=1000)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.ONLINE)
    invitation = models.ForeignKey(
        InvitationCode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    bypass_capacity = models.BooleanField(default=False)
    # Bumped on every change that a badge or an email shows, so they are re-issued.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đăng ký đại biểu")
        verbose_name_plural = pgettext_lazy("plural", "đăng ký đại biểu")
        ordering = ["sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "user"],
                condition=Q(user__isnull=False),
                name="registration_one_per_account",
            ),
            models.UniqueConstraint(
                "edition",
                Lower("email"),
                condition=Q(anonymised_at__isnull=True) & ~Q(status="cancelled"),
                name="registration_one_per_email",
            ),
            models.UniqueConstraint(
                fields=["edition", "waitlist_position"],
                condition=Q(status="waitlisted"),
                name="registration_waitlist_position_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlist_position__isnull=False),
                name="registration_waitlisted_has_position",
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "status"]),
            models.Index(fields=["edition", "delegate_type"]),
            models.Index(fields=["edition", "province"]),
        ]
        permissions = [("manage_registrations", _("Quản lý đăng ký đại biểu"))]

    def __str__(self) -> str:
        return self.full_name

    @property
    def display_name(self) -> str:
        """Title and name in the active language ("Ông" reads "Mr" on an English page or email)."""
        if not self.honorific:
            return self.full_name
        try:
            title = str(Honorific(self.honorific).label)
        except ValueError:
            title = self.honorific
        return f"{title} {self.full_name}"


class ConsentPurpose(models.TextChoices):
    ADMINISTRATION = "administration", _("Tổ chức sự kiện và check-in (bắt buộc)")
    PRESS_PHOTOS = "press_photos", _("Chụp ảnh, quay phim đưa tin")
    SECURITY_SHARING = "security_sharing", _("Chia sẻ với đơn vị an ninh, lễ tân")
    NEWSLETTER = "newsletter", _("Nhận bản tin")


class ConsentRecord(models.Model):
    """One giving or withdrawal of consent for one purpose; the latest record is in force."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    granted = models.BooleanField()
    notice_version = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)

    class Meta:
        verbose_name = _("bản ghi đồng ý")
        verbose_name_plural = pgettext_lazy("plural", "bản ghi đồng ý")
        ordering = ["registration", "purpose", "-at", "-id"]

    def __str__(self) -> str:
        return f"{self.purpose}={'yes' if self.granted else 'no'} ({self.notice_version})"


class PersonalDataRequest(models.Model):
    """Log of a delegate's requests about their personal data (Decree 356/2025)."""

    class Kind(models.TextChoices):
        VIEW = "view", _("Xem dữ liệu")
        DOWNLOAD = "download", _("Tải dữ liệu")
        CORRECT = "correct", _("Chỉnh sửa")
        WITHDRAW = "withdraw", _("Rút lại đồng ý")
        DELETE = "delete", _("Xóa tài khoản")

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    registration = models.ForeignKey(Registration, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class AuditLog(models.Model):
    """Who did what to which registration (approvals, rejections, cancellations, imports)."""

    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=40)
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit"
    )
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"
