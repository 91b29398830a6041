"""Judging: who is assigned which entry, score sheets, one score per (judge, nomination,
criterion), every change audited, and the log of organisers' decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models.nominations import Nomination, RoundEntry
from awards.models.panels import Judge
from awards.models.setup import Award, Criterion


class Assignment(models.Model):
    class Source(models.TextChoices):
        AUTO = "auto", _("Tự động")
        MANUAL = "manual", _("Ban tổ chức chỉ định")

    entry = models.ForeignKey(RoundEntry, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="assignments")
    source = models.CharField(max_length=8, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("phân công chấm")
        verbose_name_plural = _("các phân công chấm")
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge"], name="award_assignment_once")
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.entry}"


class ScoreSheet(models.Model):
    """A judge's sheet for one entry: a draft the judge saves, then submitted and locked until an
    organiser reopens it. Only submitted sheets count."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Đã nộp")

    entry = models.ForeignKey(RoundEntry, on_delete=models.CASCADE, related_name="sheets")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="sheets")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    comment = models.TextField(_("nhận xét chung"), blank=True, max_length=5000)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("các phiếu chấm")
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge"], name="award_sheet_once"),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="award_sheet_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} / {self.entry}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    # The sheet's judge and nomination, repeated so that the database itself holds one score
    # per (judge, nomination, criterion).
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="+")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("nhận xét"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("điểm")
        verbose_name_plural = _("các điểm")
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "nomination", "criterion"], name="award_one_score"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="award_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class ScoreChange(models.Model):
    """The audit of a sheet: a score or comment changed (old → new), submitted, reopened."""

    class Action(models.TextChoices):
        SCORE = "score", _("Đổi điểm")
        COMMENT = "comment", _("Đổi nhận xét")
        SUBMIT = "submit", _("Nộp phiếu")
        REOPEN = "reopen", _("Mở lại phiếu")

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="changes")
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=8, choices=Action.choices)
    old_value = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    new_value = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    old_text = models.TextField(blank=True)
    new_text = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi phiếu chấm")
        verbose_name_plural = _("các thay đổi phiếu chấm")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


class AwardLog(models.Model):
    """Organisers' and judges' decisions outside the sheets: screening, assignment, conflicts,
    shortlists, tiers, publication."""

    ACTIONS = {
        "award_created": _("Tạo giải thưởng"),
        "award_updated": _("Sửa thông tin giải"),
        "category_saved": _("Lưu hạng mục"),
        "round_saved": _("Lưu vòng"),
        "criterion_saved": _("Lưu tiêu chí"),
        "criterion_deleted": _("Xóa tiêu chí"),
        "judge_saved": _("Lưu giám khảo"),
        "conflict": _("Xung đột lợi ích"),
        "screened": _("Sàng lọc"),
        "assigned_auto": _("Phân công tự động"),
        "assigned": _("Phân công giám khảo"),
        "unassigned": _("Bỏ phân công"),
        "shortlisted": _("Chọn vào vòng sau"),
        "decided": _("Quyết định giải"),
        "published": _("Công bố kết quả"),
        "unpublished": _("Thu hồi công bố"),
    }

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="log")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.SET_NULL, related_name="log"
    )
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhật ký giải thưởng")
        verbose_name_plural = _("các nhật ký giải thưởng")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def action_label(self) -> str:
        return str(self.ACTIONS.get(self.action, self.action))
