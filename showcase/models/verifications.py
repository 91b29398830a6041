"""Verifications (kiểm chứng): a checked-in delegate's answer to each claim of a demo, a rating
and an optional comment that organisers let through before it is public."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from showcase.models.demos import Claim, Demo

RATING_MIN, RATING_MAX = 1, 5
COMMENT_MAX = 1000


class Verification(models.Model):
    """One per delegate per demo; the delegate may change it."""

    class CommentStatus(models.TextChoices):
        NONE = "none", _("Không có nhận xét")
        PENDING = "pending", _("Chờ duyệt")
        PUBLISHED = "published", _("Đã công khai")
        HIDDEN = "hidden", _("Đã ẩn")

    demo = models.ForeignKey(Demo, on_delete=models.CASCADE, related_name="verifications")
    registration = models.ForeignKey(
        "registration.Registration", on_delete=models.PROTECT, related_name="showcase_verifications"
    )
    rating = models.PositiveSmallIntegerField(_("đánh giá"))
    comment = models.TextField(_("nhận xét"), max_length=COMMENT_MAX, blank=True)
    comment_status = models.CharField(
        _("trạng thái nhận xét"),
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.NONE,
    )
    comment_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment_decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lượt kiểm chứng")
        verbose_name_plural = pgettext_lazy("plural", "lượt kiểm chứng")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["demo", "registration"], name="verification_one_per_delegate"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=RATING_MIN) & Q(rating__lte=RATING_MAX),
                name="verification_rating_range",
            ),
            models.CheckConstraint(
                condition=(Q(comment="") & Q(comment_status="none"))
                | (~Q(comment="") & ~Q(comment_status="none")),
                name="verification_comment_status",
            ),
        ]
        indexes = [models.Index(fields=["demo", "comment_status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.demo_id}/{self.registration_id}: {self.rating}"


class ClaimAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", pgettext_lazy("claim verified", "Đúng")
        PARTLY = "partly", pgettext_lazy("claim verified", "Đúng một phần")
        NO = "no", pgettext_lazy("claim verified", "Không đúng")

    verification = models.ForeignKey(Verification, on_delete=models.CASCADE, related_name="answers")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="answers")
    answer = models.CharField(_("kết quả"), max_length=6, choices=Answer.choices)

    class Meta:
        verbose_name = _("kết quả kiểm chứng")
        verbose_name_plural = pgettext_lazy("plural", "kết quả kiểm chứng")
        constraints = [
            models.UniqueConstraint(
                fields=["verification", "claim"], name="claim_answer_one_per_claim"
            ),
            models.CheckConstraint(
                condition=Q(answer__in=["yes", "partly", "no"]), name="claim_answer_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.answer}"
