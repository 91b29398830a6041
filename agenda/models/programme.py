"""The draft agenda that organisers edit: rooms, tracks, speakers, sessions. The public sees a
published version of it (agenda.models.publishing), never the draft."""

import secrets
import uuid

from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registration.models import Honorific


def _localised(obj, field: str) -> str:
    vi_value = getattr(obj, field)
    if translation.get_language() == "en":
        return getattr(obj, f"{field}_en") or vi_value
    return vi_value


class Room(models.Model):
    edition = models.ForeignKey("forum.Edition", on_delete=models.CASCADE, related_name="rooms")
    # Stable across versions and renames: the feeds' room identifier.
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("tên phòng (tiếng Việt)"), max_length=120)
    name_en = models.CharField(_("tên phòng (tiếng Anh)"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("sức chứa"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("phòng")
        verbose_name_plural = pgettext_lazy("plural", "phòng")
        ordering = ["edition", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="agenda_room_name_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return _localised(self, "name")


class RoomGate(models.Model):
    """A check-in gate at a room's door. A gate serves one room at most."""

    gate = models.OneToOneField(
        "checkin.Gate", on_delete=models.CASCADE, related_name="agenda_room_link"
    )
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="gate_links")

    class Meta:
        verbose_name = _("cổng của phòng")
        verbose_name_plural = pgettext_lazy("plural", "cổng của phòng")

    def __str__(self) -> str:
        return f"{self.gate_id} → {self.room_id}"


class Track(models.Model):
    edition = models.ForeignKey("forum.Edition", on_delete=models.CASCADE, related_name="tracks")
    slug = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("tên (tiếng Việt)"), max_length=120)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=120, blank=True)
    color = models.CharField(_("màu"), max_length=7, default="#0b3d91")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chuỗi phiên")
        verbose_name_plural = pgettext_lazy("plural", "chuỗi phiên")
        ordering = ["edition", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="agenda_track_slug_unique"),
            models.CheckConstraint(
                condition=Q(color__regex=r"^#[0-9a-fA-F]{6}$"), name="agenda_track_color_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return _localised(self, "name")


class Speaker(models.Model):
    edition = models.ForeignKey("forum.Edition", on_delete=models.CASCADE, related_name="speakers")
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("đường dẫn"), max_length=80)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    honorific = models.CharField(
        _("danh xưng"), max_length=20, choices=Honorific.choices, blank=True
    )
    position = models.CharField(_("chức vụ (tiếng Việt)"), max_length=200, blank=True)
    position_en = models.CharField(_("chức vụ (tiếng Anh)"), max_length=200, blank=True)
    organisation = models.CharField(_("cơ quan, đơn vị (tiếng Việt)"), max_length=300, blank=True)
    organisation_en = models.CharField(_("cơ quan, đơn vị (tiếng Anh)"), max_length=300, blank=True)
    bio = models.TextField(_("giới thiệu (tiếng Việt)"), blank=True, max_length=4000)
    bio_en = models.TextField(_("giới thiệu (tiếng Anh)"), blank=True, max_length=4000)
    # Stored under the private root, never served as uploaded: the public gets a re-encoded,
    # resized copy without the camera's metadata.
    photo = models.FileField(_("ảnh"), upload_to="agenda/speakers/", blank=True, max_length=200)
    # The delegate this speaker is, when they registered.
    registration = models.ForeignKey(
        "registration.Registration",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_profiles",
    )
    sort_key = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("diễn giả")
        verbose_name_plural = pgettext_lazy("plural", "diễn giả")
        ordering = ["edition", "sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="agenda_speaker_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name


# Letters and digits that cannot be confused when read aloud or typed (no 0/O, 1/I).
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def session_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Khai mạc")
    KEYNOTE = "keynote", _("Phát biểu chính")
    SPEECH = "speech", _("Phát biểu")
    PANEL = "panel", _("Tọa đàm")
    AWARD_CEREMONY = "award_ceremony", _("Lễ trao giải")
    LIVE_DEMO = "live_demo", _("Trình diễn trực tiếp")
    BREAK = "break", _("Giải lao")
    NETWORKING = "networking", _("Giao lưu, kết nối")


class Session(models.Model):
    edition = models.ForeignKey(
        "forum.Edition", on_delete=models.CASCADE, related_name="agenda_sessions"
    )
    # Stable across versions: the feeds' event identifier and the calendar UID.
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Short public identifier (pretalx style) used in URLs and the frab "code".
    code = models.CharField(max_length=6, unique=True, editable=False, default=session_code)
    title = models.CharField(_("tiêu đề (tiếng Việt)"), max_length=300)
    title_en = models.CharField(_("tiêu đề (tiếng Anh)"), max_length=300, blank=True)
    description = models.TextField(_("mô tả (tiếng Việt)"), blank=True, max_length=8000)
    description_en = models.TextField(_("mô tả (tiếng Anh)"), blank=True, max_length=8000)
    kind = models.CharField(
        _("loại phiên"), max_length=20, choices=SessionKind.choices, default=SessionKind.SPEECH
    )
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    room = models.ForeignKey(
        Room,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("phòng"),
    )
    track = models.ForeignKey(
        Track,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        verbose_name=_("chuỗi phiên"),
    )
    seat_limit = models.PositiveIntegerField(
        _("giới hạn chỗ"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không cần đăng ký giữ chỗ."),
    )
    is_cancelled = models.BooleanField(_("đã hủy"), default=False)
    # Raised on every save: an edit made on an older copy of the form is refused, not lost.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiên")
        verbose_name_plural = pgettext_lazy("plural", "phiên")
        ordering = ["edition", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="agenda_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(seat_limit__isnull=True) | Q(seat_limit__gte=1),
                name="agenda_session_seat_limit_positive",
            ),
        ]
        indexes = [models.Index(fields=["edition", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return _localised(self, "title")


class SessionPerson(models.Model):
    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Diễn giả")
        MODERATOR = "moderator", _("Điều phối")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="persons")
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="appearances")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "role", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "speaker"], name="agenda_session_person_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.speaker_id} ({self.role})"
