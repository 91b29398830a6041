"""Who judges: panels (a sub-committee per category, the jury for the final) and the judges."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models.setup import Award, Category, Localised, Round


class Panel(Localised, models.Model):
    """A sub-committee (one category of a round) or the jury (every category: no category)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="panels")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="panels"
    )
    name = models.CharField(_("tên (tiếng Việt)"), max_length=300)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tiểu ban, hội đồng")
        verbose_name_plural = _("các tiểu ban, hội đồng")
        ordering = ["round", "category__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "category"], name="award_panel_per_category"),
            models.UniqueConstraint(
                fields=["round"], condition=Q(category__isnull=True), name="award_one_jury_panel"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.localised("name")


class Judge(models.Model):
    """A person judging this year's awards: an account with the judge role (two-factor login),
    the organisation they come from (a judge is never given its entries), and their panels."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_judges",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    title = models.CharField(_("học hàm, chức danh"), max_length=100, blank=True)
    organisation = models.CharField(_("cơ quan, đơn vị"), max_length=300, blank=True)
    organisation_key = models.CharField(max_length=300, blank=True, editable=False)
    tax_code = models.CharField(_("mã số thuế của đơn vị"), max_length=20, blank=True)
    panels = models.ManyToManyField(Panel, blank=True, related_name="judges")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giám khảo")
        verbose_name_plural = _("các giám khảo")
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "user"], condition=Q(user__isnull=False), name="award_judge_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.full_name}".strip()
