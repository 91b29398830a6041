"""Published versions: each one freezes the draft as a numbered snapshot, with its changelog."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Agenda(models.Model):
    """One per edition: the row publishing locks, and the version the public sees."""

    edition = models.OneToOneField("forum.Edition", on_delete=models.CASCADE, related_name="agenda")
    current_version = models.ForeignKey(
        "AgendaVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("chương trình")
        verbose_name_plural = pgettext_lazy("plural", "chương trình")

    def __str__(self) -> str:
        return str(self.edition_id)


class AgendaVersion(models.Model):
    edition = models.ForeignKey(
        "forum.Edition", on_delete=models.CASCADE, related_name="agenda_versions"
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    published_at = models.DateTimeField(_("công bố lúc"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("ghi chú công khai"), max_length=500, blank=True)
    # Everything the public pages and feeds show of this version (agenda.snapshot).
    snapshot = models.JSONField()
    # What changed since the previous version (agenda.changes), for the changelog and emails.
    changes = models.JSONField(default=list, blank=True)
    # Hash of the draft it was made from: publishing the same draft again makes no version.
    fingerprint = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("phiên bản chương trình")
        verbose_name_plural = pgettext_lazy("plural", "phiên bản chương trình")
        ordering = ["edition", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "number"], name="agenda_version_number_unique"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="agenda_version_number_pos"),
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class PublishedSession(models.Model):
    """The facts of a published session that rules depend on (seats, the room's door), as rows
    the database can query and lock around; the snapshot holds what pages show."""

    version = models.ForeignKey(
        AgendaVersion, on_delete=models.CASCADE, related_name="published_sessions"
    )
    session = models.ForeignKey(
        "agenda.Session", on_delete=models.CASCADE, related_name="published"
    )
    room = models.ForeignKey(
        "agenda.Room", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    seat_limit = models.PositiveIntegerField(null=True, blank=True)
    is_cancelled = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "session"], name="agenda_published_session_once"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="agenda_published_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["version", "room", "starts_at"])]

    def __str__(self) -> str:
        return f"v{self.version_id}:{self.session_id}"
