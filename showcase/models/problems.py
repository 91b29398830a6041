"""The problems (bài toán) the forum poses, and the strategic-technology groups they belong to.
Both are organiser data for one edition."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from showcase.models.localised import localised

PROBLEM_NUMBER_MAX = 99


class TechnologyGroup(models.Model):
    """A strategic-technology group (nhóm công nghệ chiến lược), e.g. artificial intelligence."""

    edition = models.ForeignKey(
        "forum.Edition", on_delete=models.CASCADE, related_name="technology_groups"
    )
    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("tên (tiếng Việt)"), max_length=200)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhóm công nghệ chiến lược")
        verbose_name_plural = pgettext_lazy("plural", "nhóm công nghệ chiến lược")
        ordering = ["edition", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="technology_group_code_unique")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localised(self, "name")


class Problem(models.Model):
    """One of the real-world problems of Viet Nam that products are demonstrated against."""

    edition = models.ForeignKey(
        "forum.Edition", on_delete=models.CASCADE, related_name="showcase_problems"
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    title = models.CharField(_("tên bài toán (tiếng Việt)"), max_length=300)
    title_en = models.CharField(_("tên bài toán (tiếng Anh)"), max_length=300, blank=True)
    description = models.TextField(_("mô tả (tiếng Việt)"), max_length=4000, blank=True)
    description_en = models.TextField(_("mô tả (tiếng Anh)"), max_length=4000, blank=True)
    agency = models.CharField(_("cơ quan đặt bài toán (tiếng Việt)"), max_length=300, blank=True)
    agency_en = models.CharField(_("cơ quan đặt bài toán (tiếng Anh)"), max_length=300, blank=True)
    sector = models.CharField(_("lĩnh vực (tiếng Việt)"), max_length=200, blank=True)
    sector_en = models.CharField(_("lĩnh vực (tiếng Anh)"), max_length=200, blank=True)
    technology_group = models.ForeignKey(
        TechnologyGroup,
        verbose_name=_("nhóm công nghệ chiến lược"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    # Demo data says so on every page, so nobody takes a sample for the organiser's own list.
    is_sample = models.BooleanField(_("bài toán mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bài toán")
        verbose_name_plural = pgettext_lazy("plural", "bài toán")
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="problem_number_unique"),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=PROBLEM_NUMBER_MAX),
                name="problem_number_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.display_title}"

    @property
    def display_title(self) -> str:
        return localised(self, "title")

    @property
    def display_description(self) -> str:
        return localised(self, "description")

    @property
    def display_agency(self) -> str:
        return localised(self, "agency")

    @property
    def display_sector(self) -> str:
        return localised(self, "sector")
