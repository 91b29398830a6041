"""How a year's awards are set up: the award of an edition, its categories, rounds and rubric
criteria. All of it is data that organisers edit, never code."""

from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Localised:
    """`display_<field>`: the English value on English pages when there is one."""

    def localised(self, field: str) -> str:
        value = getattr(self, field)
        if translation.get_language() == "en":
            return getattr(self, f"{field}_en", "") or value
        return value


class Award(Localised, models.Model):
    """The Make in Viet Nam awards of one forum edition."""

    edition = models.OneToOneField(
        "forum.Edition", on_delete=models.CASCADE, related_name="award", verbose_name=_("kỳ")
    )
    name = models.CharField(_("tên giải (tiếng Việt)"), max_length=300)
    name_en = models.CharField(_("tên giải (tiếng Anh)"), max_length=300, blank=True)
    submission_opens_at = models.DateTimeField(_("mở nhận hồ sơ"), null=True, blank=True)
    submission_closes_at = models.DateTimeField(
        _("hạn nộp hồ sơ"),
        null=True,
        blank=True,
        help_text=_("Doanh nghiệp sửa được hồ sơ đến hạn này. Để trống: chưa đặt hạn."),
    )
    results_published_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("giải thưởng")
        verbose_name_plural = _("các giải thưởng")
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_opens_at__isnull=True)
                | Q(submission_closes_at__isnull=True)
                | Q(submission_closes_at__gt=F("submission_opens_at")),
                name="award_submission_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.localised("name")


class Category(Localised, models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("tên hạng mục (tiếng Việt)"), max_length=300)
    name_en = models.CharField(_("tên hạng mục (tiếng Anh)"), max_length=300, blank=True)
    description = models.TextField(_("mô tả (tiếng Việt)"), blank=True, max_length=3000)
    description_en = models.TextField(_("mô tả (tiếng Anh)"), blank=True, max_length=3000)
    eligibility_notes = models.TextField(
        _("điều kiện tham gia (tiếng Việt)"), blank=True, max_length=2000
    )
    eligibility_notes_en = models.TextField(
        _("điều kiện tham gia (tiếng Anh)"), blank=True, max_length=2000
    )
    small_firms_only = models.BooleanField(
        _("chỉ dành cho doanh nghiệp siêu nhỏ, nhỏ và khởi nghiệp"), default=False
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("hạng mục giải")
        verbose_name_plural = _("các hạng mục giải")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["award", "code"], name="award_category_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.localised("name")

    @property
    def display_description(self) -> str:
        return self.localised("description")

    @property
    def display_eligibility_notes(self) -> str:
        return self.localised("eligibility_notes")


class Round(Localised, models.Model):
    """One step of the judging: eligibility screening, sub-committee scoring, the jury's final."""

    class Kind(models.TextChoices):
        SCREENING = "screening", _("Sàng lọc hồ sơ")
        SCORING = "scoring", _("Tiểu ban chấm điểm")
        FINAL = "final", _("Hội đồng chung khảo")

    class Visibility(models.TextChoices):
        NEVER = "never", _("Không bao giờ")
        AFTER_SUBMIT = "after_submit", _("Sau khi đã nộp phiếu của mình")

    class Aggregate(models.TextChoices):
        MEAN = "mean", _("Điểm trung bình")
        MEDIAN = "median", _("Trung vị")

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(_("loại vòng"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("tên vòng (tiếng Việt)"), max_length=200)
    name_en = models.CharField(_("tên vòng (tiếng Anh)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    opens_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    closes_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    judges_per_entry = models.PositiveSmallIntegerField(
        _("số giám khảo mỗi hồ sơ"), default=3, help_text=_("Dùng khi phân công tự động.")
    )
    scores_visible = models.CharField(
        _("giám khảo xem điểm của người khác"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.NEVER,
    )
    blind = models.BooleanField(
        _("chấm ẩn danh"),
        default=False,
        help_text=_("Giám khảo không thấy tên, mã số thuế và người liên hệ của doanh nghiệp."),
    )
    panel_sees_all = models.BooleanField(
        _("giám khảo được chấm mọi hồ sơ của tiểu ban"),
        default=False,
        help_text=_("Tắt: giám khảo chỉ thấy hồ sơ được phân công."),
    )
    aggregate = models.CharField(
        _("xếp hạng theo"), max_length=8, choices=Aggregate.choices, default=Aggregate.MEAN
    )
    normalise = models.BooleanField(
        _("chuẩn hóa điểm theo từng giám khảo (z-score)"),
        default=False,
        help_text=_("Loại bỏ độ lệch của giám khảo chấm quá chặt hoặc quá rộng."),
    )
    disagreement_threshold = models.DecimalField(
        _("ngưỡng “giám khảo chênh lệch”"),
        max_digits=5,
        decimal_places=2,
        default=15,
        help_text=_("Độ lệch chuẩn của tổng điểm (thang 100) vượt ngưỡng này thì được đánh dấu."),
    )
    shortlist_size = models.PositiveSmallIntegerField(
        _("số hồ sơ vào vòng sau mỗi hạng mục"), default=10
    )

    class Meta:
        verbose_name = pgettext_lazy("awards", "vòng")
        verbose_name_plural = _("các vòng")
        ordering = ["award", "position"]
        constraints = [
            models.UniqueConstraint(fields=["award", "position"], name="award_round_position"),
            models.UniqueConstraint(
                fields=["award"], condition=Q(kind="screening"), name="award_one_screening_round"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["screening", "scoring", "final"]), name="award_round_kind"
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="award_round_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(judges_per_entry__gte=1, judges_per_entry__lte=50),
                name="award_round_judges_per_entry_range",
            ),
            models.CheckConstraint(
                condition=Q(disagreement_threshold__gte=0), name="award_round_threshold_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.localised("name")

    @property
    def is_scored(self) -> bool:
        return self.kind != self.Kind.SCREENING

    def is_open(self, now) -> bool:
        return (self.opens_at is None or self.opens_at <= now) and (
            self.closes_at is None or now < self.closes_at
        )

    def has_opened(self, now) -> bool:
        return self.opens_at is None or self.opens_at <= now


class Criterion(Localised, models.Model):
    """A rubric line of a round. Independent criteria are shown apart and never counted in the
    total."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("tiêu chí (tiếng Việt)"), max_length=200)
    name_en = models.CharField(_("tiêu chí (tiếng Anh)"), max_length=200, blank=True)
    guidance = models.TextField(_("hướng dẫn chấm (tiếng Việt)"), blank=True, max_length=2000)
    guidance_en = models.TextField(_("hướng dẫn chấm (tiếng Anh)"), blank=True, max_length=2000)
    weight = models.DecimalField(_("trọng số"), max_digits=6, decimal_places=2, default=1)
    max_score = models.PositiveSmallIntegerField(_("điểm tối đa"), default=10)
    required = models.BooleanField(_("bắt buộc chấm"), default=True)
    independent = models.BooleanField(
        _("tiêu chí độc lập"),
        default=False,
        help_text=_("Hiển thị riêng, không tính vào tổng điểm."),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí chấm")
        verbose_name_plural = _("các tiêu chí chấm")
        ordering = ["round", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="award_criterion_weight_pos"),
            models.CheckConstraint(
                condition=Q(max_score__gte=1, max_score__lte=1000),
                name="award_criterion_max_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.localised("name")

    @property
    def display_guidance(self) -> str:
        return self.localised("guidance")

    @property
    def weight_shown(self):
        """The weight without trailing zeros: 2, 1.5 (never 1.50 or 1E+1)."""
        from decimal import Decimal

        weight = Decimal(self.weight)
        return weight.quantize(Decimal(1)) if weight == weight.to_integral() else weight.normalize()
