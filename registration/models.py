import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account. People log in by email; there are no usernames."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email"), max_length=254, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    language = models.CharField(
        _("ngôn ngữ nhận email"),
        max_length=8,
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
        default="vi",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name.strip() else self.email


class OutgoingEmail(models.Model):
    """The outbox: every email is a row before it is sent, and is sent at most once.

    (recipient, kind, object_key, version) is unique, so a retried or duplicated task, or a second
    call to queue the same message, can never produce a second send.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.EmailField(_("người nhận"), max_length=254)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="outgoing_emails"
    )
    kind = models.CharField(_("loại"), max_length=80)
    object_key = models.CharField(_("đối tượng"), max_length=120)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    subject = models.CharField(_("tiêu đề"), max_length=400)
    body_text = models.TextField(_("nội dung (văn bản)"))
    body_html = models.TextField(_("nội dung (HTML)"), blank=True)
    attachments = models.JSONField(
        _("tệp đính kèm"),
        default=list,
        blank=True,
        help_text=_("Danh sách tệp đính kèm được tạo khi gửi."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    tries = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("email gửi đi")
        verbose_name_plural = _("hộp thư đi")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_key", "version"], name="outbox_send_once"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="outbox_sent_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.status})"


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
        verbose_name_plural = _("mã mời")
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
        verbose_name_plural = _("đăng ký đại biểu")
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
        return f"{self.honorific} {self.full_name}".strip()


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
        verbose_name_plural = _("bản ghi đồng ý")
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


class BadgeCode(models.Model):
    """The opaque code in a delegate's QR. Never personal data, never the primary key.

    A registration has at most one active code; a reissued code revokes the old one, which stays
    on record so that a scan of an old badge answers "revoked" rather than "invalid".
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Hiệu lực")
        REVOKED = "revoked", _("Đã thu hồi")

    class RevokeReason(models.TextChoices):
        CANCELLED = "cancelled", _("Hủy đăng ký")
        REJECTED = "rejected", _("Từ chối")
        TRANSFERRED = "transferred", _("Chuyển nhượng")
        REISSUED = "reissued", _("Cấp lại theo yêu cầu")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="badge_codes"
    )
    token = models.CharField(max_length=40, unique=True)
    # SHA-256 of the QR payload: what scanner phones keep for offline checks, not the token.
    token_hash = models.CharField(max_length=64, unique=True)
    short_code = models.CharField(_("mã ngắn"), max_length=12, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=12, choices=RevokeReason.choices, blank=True)

    class Meta:
        verbose_name = _("mã QR thẻ đại biểu")
        verbose_name_plural = _("mã QR thẻ đại biểu")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(status="active"),
                name="badge_one_active_code",
            ),
        ]

    def __str__(self) -> str:
        return self.short_code


class BadgeFile(models.Model):
    """The rendered e-badge PDF of one registration version (stored privately)."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="badge_file"
    )
    version = models.PositiveIntegerField()
    code = models.ForeignKey(BadgeCode, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    rendered_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.path


class Gate(models.Model):
    class Kind(models.TextChoices):
        ENTRANCE = "entrance", _("Cổng vào")
        VIP = "vip", _("Cổng VIP")
        PRESS = "press", _("Cổng báo chí")
        HELP_DESK = "help_desk", _("Bàn hỗ trợ")

    edition = models.ForeignKey("forum.Edition", on_delete=models.CASCADE, related_name="gates")
    code = models.SlugField(_("mã cổng"), max_length=20)
    name = models.CharField(_("tên cổng"), max_length=100)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.ENTRANCE)
    is_active = models.BooleanField(_("đang mở"), default=True)

    class Meta:
        verbose_name = _("cổng check-in")
        verbose_name_plural = _("cổng check-in")
        ordering = ["edition", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="gate_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ScannerDevice(models.Model):
    """A phone or tablet bound to a gate. It holds a revocable bearer token (stored hashed)."""

    gate = models.ForeignKey(Gate, on_delete=models.PROTECT, related_name="devices")
    name = models.CharField(_("tên thiết bị"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    pairing_code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    pairing_expires_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, default="vi")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    paired_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thiết bị quét")
        verbose_name_plural = _("thiết bị quét")
        ordering = ["gate", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.gate})"


class Scan(models.Model):
    """Every scan, failures included. Only one scan per registration is its first entry."""

    class Result(models.TextChoices):
        OK = "ok", _("Hợp lệ")
        ALREADY_CHECKED_IN = "already_checked_in", _("Đã check-in")
        INVALID = "invalid", _("Mã không hợp lệ")
        NOT_APPROVED = "not_approved", _("Chưa được duyệt")
        CANCELLED = "cancelled", _("Đã hủy")
        REVOKED = "revoked", _("Mã đã thu hồi")

    edition = models.ForeignKey("forum.Edition", on_delete=models.CASCADE, related_name="scans")
    # Who scanned: a paired device, or door staff logged in on the scanner page.
    source_key = models.CharField(max_length=40)
    device = models.ForeignKey(
        ScannerDevice, null=True, blank=True, on_delete=models.SET_NULL, related_name="scans"
    )
    staff = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    gate = models.ForeignKey(
        Gate, null=True, blank=True, on_delete=models.SET_NULL, related_name="scans"
    )
    nonce = models.CharField(max_length=64)
    raw_code = models.CharField(max_length=200, blank=True)
    badge_code = models.ForeignKey(
        BadgeCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="scans"
    )
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="scans"
    )
    result = models.CharField(max_length=20, choices=Result.choices)
    is_first_entry = models.BooleanField(default=False)
    offline = models.BooleanField(default=False)
    scanned_at = models.DateTimeField(_("quét lúc (thiết bị)"))
    received_at = models.DateTimeField(_("nhận lúc (máy chủ)"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt quét")
        verbose_name_plural = _("lượt quét")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["source_key", "nonce"], name="scan_nonce_once"),
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(is_first_entry=True),
                name="scan_one_first_entry",
            ),
            models.CheckConstraint(
                condition=Q(is_first_entry=False) | Q(result="ok"),
                name="scan_first_entry_is_ok",
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "received_at"]),
            models.Index(fields=["edition", "is_first_entry", "scanned_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.result} {self.scanned_at:%H:%M:%S}"
