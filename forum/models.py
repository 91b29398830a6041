import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def _default_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class Edition(models.Model):
    """One yearly forum. Everything that changes from year to year is a row here, never code."""

    class RegistrationMode(models.TextChoices):
        OPEN = "open", _("Mở (tự động duyệt khi còn chỗ)")
        MODERATED = "moderated", _("Kiểm duyệt (ban tổ chức duyệt)")

    slug = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên (tiếng Việt)"), max_length=300)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=300, blank=True)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    theme = models.CharField(_("chủ đề (tiếng Việt)"), max_length=400, blank=True)
    theme_en = models.CharField(_("chủ đề (tiếng Anh)"), max_length=400, blank=True)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=300, blank=True)
    organiser_en = models.CharField(_("đơn vị tổ chức (tiếng Anh)"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    venue = models.CharField(_("địa điểm"), max_length=300)
    venue_en = models.CharField(_("địa điểm (tiếng Anh)"), max_length=300, blank=True)
    venue_address = models.CharField(_("địa chỉ"), max_length=400, blank=True)
    venue_address_en = models.CharField(_("địa chỉ (tiếng Anh)"), max_length=400, blank=True)
    city = models.CharField(_("thành phố"), max_length=100, default="Hà Nội")
    city_en = models.CharField(_("thành phố (tiếng Anh)"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("số chỗ"), default=1500)
    registration_mode = models.CharField(
        _("chế độ đăng ký"),
        max_length=20,
        choices=RegistrationMode.choices,
        default=RegistrationMode.MODERATED,
    )
    registration_opens_at = models.DateTimeField(_("mở đăng ký"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("đóng đăng ký"), null=True, blank=True)
    checkin_opens_at = models.DateTimeField(
        _("mở check-in"),
        null=True,
        blank=True,
        help_text=_(
            "Từ lúc này cửa nhận quét thẻ (ví dụ chiều hôm trước, khi phát thẻ). "
            "Để trống: 12 giờ trước khi diễn đàn bắt đầu."
        ),
    )
    languages = models.JSONField(
        _("ngôn ngữ"),
        default=_default_languages,
        help_text=_('Mã ngôn ngữ của diễn đàn, ví dụ ["vi", "en"].'),
    )
    is_current = models.BooleanField(_("là kỳ hiện tại"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kỳ diễn đàn")
        verbose_name_plural = _("các kỳ diễn đàn")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="edition_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(checkin_opens_at__isnull=True) | Q(checkin_opens_at__lte=F("ends_at")),
                name="edition_checkin_opens_before_end",
                violation_error_message=_("Check-in phải mở trước khi diễn đàn kết thúc."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="edition_registration_window_ordered",
            ),
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="edition_one_current"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def _localised(self, field: str) -> str:
        vi_value = getattr(self, field)
        if translation.get_language() == "en":
            return getattr(self, f"{field}_en") or vi_value
        return vi_value

    @property
    def display_name(self) -> str:
        return self._localised("name")

    @property
    def display_theme(self) -> str:
        return self._localised("theme")

    @property
    def display_organiser(self) -> str:
        return self._localised("organiser")

    @property
    def display_venue(self) -> str:
        return self._localised("venue")

    @property
    def display_venue_address(self) -> str:
        return self._localised("venue_address")

    @property
    def display_city(self) -> str:
        return self._localised("city")


class Job(models.Model):
    """Long work done by a Celery task (bulk print, bulk decisions, import) and followed by the
    person who started it on a progress bar. Without a broker the task runs inline and the page
    shows the finished job.

    A draft job waits for its owner to confirm (an import's preview); its params hold the input.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Chờ xác nhận")
        QUEUED = "queued", _("Đang chờ xử lý")
        RUNNING = "running", _("Đang xử lý")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không thành công")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("loại việc"), max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    edition = models.ForeignKey(
        Edition, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    params = models.JSONField(_("đầu vào"), default=dict, blank=True)
    # The owner's language when starting: messages written while running are in it.
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    # Written with every progress step: a running job silent for long has lost its worker.
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    # When the workers' sweep last offered the job to the broker again (forum.jobs.jobs_sweep).
    offered_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("việc chạy nền")
        verbose_name_plural = _("các việc chạy nền")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["done", "failed"]) | Q(finished_at__isnull=False),
                name="job_finished_has_time",
            ),
        ]
        indexes = [models.Index(fields=["owner", "kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0
