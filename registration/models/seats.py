"""What the waiting list was last offered: seats added to an edition are noticed however its
capacity was raised (the admin, a script, the database), at the next decision on its seats."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EditionSeats(models.Model):
    """The capacity the waiting list was last offered seats for: when the edition's capacity is
    above it, the difference is seats nobody has been offered yet."""

    edition = models.OneToOneField(
        "forum.Edition", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    capacity = models.PositiveIntegerField(_("số chỗ đã mời"))

    class Meta:
        verbose_name = _("bản ghi chỗ đã mời từ danh sách chờ")
        verbose_name_plural = pgettext_lazy("plural", "bản ghi chỗ đã mời từ danh sách chờ")

    def __str__(self) -> str:
        return f"{self.edition_id}: {self.capacity}"
