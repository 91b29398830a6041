"""What delegates do with the agenda: saved sessions, a personal calendar feed, seats."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def feed_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits


class PersonalAgenda(models.Model):
    edition = models.ForeignKey(
        "forum.Edition", on_delete=models.CASCADE, related_name="personal_agendas"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_agendas"
    )
    # The secret of the personal calendar feed; a new one revokes the old address.
    feed_token = models.CharField(max_length=64, unique=True, default=feed_token)
    # The language of the last visit: change emails use it when the user has no registration.
    language = models.CharField(max_length=8, default="vi")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chương trình cá nhân")
        verbose_name_plural = pgettext_lazy("plural", "chương trình cá nhân")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="agenda_personal_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.edition_id}"


class SavedSession(models.Model):
    personal = models.ForeignKey(PersonalAgenda, on_delete=models.CASCADE, related_name="saved")
    session = models.ForeignKey("agenda.Session", on_delete=models.CASCADE, related_name="saves")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["personal", "session"], name="agenda_saved_once"),
        ]

    def __str__(self) -> str:
        return f"{self.personal_id}:{self.session_id}"


class SeatBooking(models.Model):
    """A seat in a seat-limited session, or a place on its waiting list. Seats are counted from
    these rows with the session row locked, so a session never holds more than its seats."""

    class Status(models.TextChoices):
        HELD = "held", _("Đã giữ chỗ")
        WAITING = "waiting", _("Danh sách chờ")
        RELEASED = "released", _("Đã trả chỗ")

    session = models.ForeignKey("agenda.Session", on_delete=models.CASCADE, related_name="seats")
    registration = models.ForeignKey(
        "registration.Registration", on_delete=models.CASCADE, related_name="agenda_seats"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("chỗ ngồi")
        verbose_name_plural = pgettext_lazy("plural", "chỗ ngồi")
        ordering = ["session", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"],
                condition=Q(status__in=["held", "waiting"]),
                name="agenda_seat_one_per_delegate",
            ),
            models.UniqueConstraint(
                fields=["session", "waitlist_position"],
                condition=Q(status="waiting"),
                name="agenda_seat_waitlist_position_unique",
            ),
            models.CheckConstraint(
                condition=(Q(status="waiting") & Q(waitlist_position__isnull=False))
                | (~Q(status="waiting") & Q(waitlist_position__isnull=True)),
                name="agenda_seat_waiting_has_position",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.registration_id} ({self.status})"
