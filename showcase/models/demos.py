"""Enterprises and the demos they bring: the product, the problem it solves, the claims a delegate
can verify on the spot, the evidence, and where and when it is shown."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from showcase.models.localised import localised
from showcase.models.problems import Problem

STATION_MAX = 999
CLAIMS_MAX = 6
EVIDENCE_MAX = 5


class Enterprise(models.Model):
    """A Vietnamese digital technology enterprise, represented by one or more accounts."""

    name = models.CharField(_("tên doanh nghiệp"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300, blank=True)
    # Mã số thuế, stored compact (10 digits, or 13 for a branch: 0100109106-001 → 0100109106001).
    tax_code = models.CharField(_("mã số thuế"), max_length=13, unique=True)
    website = models.URLField(_("trang web"), max_length=300, blank=True)
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đại diện"),
        through="Representative",
        related_name="showcase_enterprises",
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("doanh nghiệp")
        verbose_name_plural = pgettext_lazy("plural", "doanh nghiệp")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localised(self, "name")


class Representative(models.Model):
    """An account acting for an enterprise; an account acts for one enterprise only."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("người đại diện doanh nghiệp")
        verbose_name_plural = pgettext_lazy("plural", "người đại diện doanh nghiệp")
        constraints = [
            models.UniqueConstraint(fields=["user"], name="representative_one_enterprise")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.enterprise}"


class Demo(models.Model):
    """A product demonstrated against one problem. Enterprises submit; organisers approve it and
    place it at a station (and on stage); only approved demos are public."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Không duyệt")
        WITHDRAWN = "withdrawn", _("Đã rút")

    edition = models.ForeignKey("forum.Edition", on_delete=models.CASCADE, related_name="demos")
    problem = models.ForeignKey(
        Problem, verbose_name=_("bài toán"), on_delete=models.PROTECT, related_name="demos"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.PROTECT, related_name="demos"
    )
    product = models.CharField(_("tên sản phẩm (tiếng Việt)"), max_length=200)
    product_en = models.CharField(_("tên sản phẩm (tiếng Anh)"), max_length=200, blank=True)
    demonstration = models.TextField(_("nội dung trình diễn (tiếng Việt)"), max_length=2000)
    demonstration_en = models.TextField(
        _("nội dung trình diễn (tiếng Anh)"), max_length=2000, blank=True
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    rejection_reason = models.TextField(_("lý do không duyệt"), max_length=1000, blank=True)
    # Where and when, set by organisers once approved.
    station = models.PositiveSmallIntegerField(_("số gian trình diễn"), null=True, blank=True)
    stage_starts_at = models.DateTimeField(_("lên sân khấu lúc"), null=True, blank=True)
    stage_ends_at = models.DateTimeField(_("rời sân khấu lúc"), null=True, blank=True)
    stage_place = models.CharField(_("sân khấu (tiếng Việt)"), max_length=120, blank=True)
    stage_place_en = models.CharField(_("sân khấu (tiếng Anh)"), max_length=120, blank=True)
    # The programme's session the demo appears in (a live demonstration session), if any: its
    # slot then falls within the session's hours.
    stage_session = models.ForeignKey(
        "agenda.Session",
        verbose_name=_("phiên trong chương trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="showcase_demos",
    )
    # The same product's nomination for the Make in Viet Nam awards, if it has one.
    nomination = models.ForeignKey(
        "awards.Nomination",
        verbose_name=_("hồ sơ đề cử giải thưởng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="showcase_demos",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sản phẩm trình diễn")
        verbose_name_plural = pgettext_lazy("plural", "sản phẩm trình diễn")
        ordering = ["edition", "problem__number", "station", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "station"],
                condition=Q(station__isnull=False),
                name="demo_station_unique",
            ),
            models.CheckConstraint(
                condition=Q(station__isnull=True)
                | (Q(station__gte=1) & Q(station__lte=STATION_MAX) & Q(status="approved")),
                name="demo_station_when_approved",
            ),
            models.CheckConstraint(
                condition=(Q(stage_starts_at__isnull=True) & Q(stage_ends_at__isnull=True))
                | (
                    Q(stage_ends_at__gt=F("stage_starts_at"))
                    & Q(status="approved")
                    & Q(stage_starts_at__isnull=False)
                    & Q(stage_ends_at__isnull=False)
                ),
                name="demo_stage_slot_ordered",
            ),
            models.CheckConstraint(
                condition=Q(stage_session__isnull=True) | Q(stage_starts_at__isnull=False),
                name="demo_stage_session_has_slot",
            ),
        ]
        indexes = [models.Index(fields=["edition", "status"])]

    def __str__(self) -> str:
        return self.display_product

    @property
    def display_product(self) -> str:
        return localised(self, "product")

    @property
    def display_demonstration(self) -> str:
        return localised(self, "demonstration")

    @property
    def display_stage_place(self) -> str:
        return localised(self, "stage_place")


class Claim(models.Model):
    """Something the demo shows that a delegate can check, e.g. "delivers 2 kg over 5 km in 15
    minutes"."""

    demo = models.ForeignKey(Demo, on_delete=models.CASCADE, related_name="claims")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("nội dung (tiếng Việt)"), max_length=300)
    text_en = models.CharField(_("nội dung (tiếng Anh)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tuyên bố cần kiểm chứng")
        verbose_name_plural = pgettext_lazy("plural", "tuyên bố cần kiểm chứng")
        ordering = ["demo", "position"]
        constraints = [
            models.UniqueConstraint(fields=["demo", "position"], name="claim_position_unique")
        ]

    def __str__(self) -> str:
        return self.display_text

    @property
    def display_text(self) -> str:
        return localised(self, "text")


class EvidenceLink(models.Model):
    """A public page backing the claims up: a test report, a certificate, a press article."""

    demo = models.ForeignKey(Demo, on_delete=models.CASCADE, related_name="evidence")
    position = models.PositiveSmallIntegerField()
    url = models.URLField(_("địa chỉ"), max_length=500)

    class Meta:
        verbose_name = _("đường dẫn bằng chứng")
        verbose_name_plural = pgettext_lazy("plural", "đường dẫn bằng chứng")
        ordering = ["demo", "position"]
        constraints = [
            models.UniqueConstraint(fields=["demo", "position"], name="evidence_position_unique")
        ]

    def __str__(self) -> str:
        return self.url
