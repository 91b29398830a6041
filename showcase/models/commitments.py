"""Enterprise commitments (nhận nhiệm vụ, cam kết): a national task taken on with a measurable
target and a deadline, approved by organisers, then followed by progress updates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from showcase.models.demos import Enterprise
from showcase.models.localised import localised
from showcase.models.problems import Problem, TechnologyGroup

YEAR_MIN, YEAR_MAX = 2000, 2100


class Commitment(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Không duyệt")

    edition = models.ForeignKey(
        "forum.Edition", on_delete=models.CASCADE, related_name="commitments"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("doanh nghiệp"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    task = models.TextField(_("nhiệm vụ (tiếng Việt)"), max_length=1000)
    task_en = models.TextField(_("nhiệm vụ (tiếng Anh)"), max_length=1000, blank=True)
    target = models.TextField(_("chỉ tiêu đo được (tiếng Việt)"), max_length=500)
    target_en = models.TextField(_("chỉ tiêu đo được (tiếng Anh)"), max_length=500, blank=True)
    deadline_year = models.PositiveSmallIntegerField(_("năm hoàn thành"))
    problem = models.ForeignKey(
        Problem,
        verbose_name=_("bài toán"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    technology_group = models.ForeignKey(
        TechnologyGroup,
        verbose_name=_("nhóm công nghệ chiến lược"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    signatory_name = models.CharField(_("người ký cam kết"), max_length=150)
    signatory_position = models.CharField(_("chức vụ người ký"), max_length=200)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    rejection_reason = models.TextField(_("lý do không duyệt"), max_length=1000, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cam kết")
        verbose_name_plural = pgettext_lazy("plural", "cam kết")
        ordering = ["edition", "enterprise__name", "deadline_year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(problem__isnull=False) | Q(technology_group__isnull=False),
                name="commitment_linked",
            ),
            models.CheckConstraint(
                condition=Q(deadline_year__gte=YEAR_MIN) & Q(deadline_year__lte=YEAR_MAX),
                name="commitment_deadline_year_range",
            ),
        ]
        indexes = [models.Index(fields=["edition", "status"])]

    def __str__(self) -> str:
        return self.display_task[:80]

    @property
    def display_task(self) -> str:
        return localised(self, "task")

    @property
    def display_target(self) -> str:
        return localised(self, "target")


class CommitmentUpdate(models.Model):
    """Progress on a commitment as of a date; the latest one is its current state."""

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa bắt đầu")
        ON_TRACK = "on_track", _("Đúng tiến độ")
        DELAYED = "delayed", _("Chậm tiến độ")
        ACHIEVED = "achieved", _("Đã hoàn thành")
        STOPPED = "stopped", _("Dừng thực hiện")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("tiến độ"), max_length=12, choices=Progress.choices)
    note = models.TextField(_("ghi chú"), max_length=1000, blank=True)
    on = models.DateField(_("ngày cập nhật"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = pgettext_lazy("plural", "cập nhật tiến độ")
        ordering = ["commitment", "-on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["not_started", "on_track", "delayed", "achieved", "stopped"]
                ),
                name="commitment_update_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.get_status_display()}"
