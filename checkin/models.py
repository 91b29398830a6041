"""Check-in: gates, scanner devices and every scan."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registration.models import BadgeCode, Registration, User


class Gate(models.Model):
    class Kind(models.TextChoices):
        ENTRANCE = "entrance", _("Cổng vào")
        VIP = "vip", _("Cổng VIP")
        PRESS = "press", _("Cổng báo chí")
        HELP_DESK = "help_desk", _("Bàn hỗ trợ")

    edition = models.ForeignKey("forum.Edition", on_delete=models.CASCADE, related_name="gates")
    code = models.SlugField(_("mã cổng"), max_length=20)
    name = models.CharField(_("tên cổng"), max_length=100)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.ENTRANCE)
    is_active = models.BooleanField(_("đang mở"), default=True)

    class Meta:
        verbose_name = _("cổng check-in")
        verbose_name_plural = pgettext_lazy("plural", "cổng check-in")
        ordering = ["edition", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="gate_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ScannerDevice(models.Model):
    """A phone or tablet bound to a gate. It holds a revocable bearer token (stored hashed)."""

    gate = models.ForeignKey(Gate, on_delete=models.PROTECT, related_name="devices")
    name = models.CharField(_("tên thiết bị"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    pairing_code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    pairing_expires_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, default="vi")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    paired_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thiết bị quét")
        verbose_name_plural = pgettext_lazy("plural", "thiết bị quét")
        ordering = ["gate", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.gate})"


# No scan time outside these bounds is ever stored: every page that shows a time (local time,
# exports, the chart) can read and convert whatever a scan holds. The service's window, around
# the edition and the server's clock, is much narrower (checkin.services.scan_window).
SCAN_TIME_MIN = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
SCAN_TIME_MAX = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


class Scan(models.Model):
    """Every scan, failures included. Only one scan per registration is its first entry.

    Door results say who may enter. Upload refusals record an offline scan the server would not
    take as a door event (its time is outside the edition's window, or the delegate it names is
    unknown): stored at the time received, with the phone's claimed time in `device_time`, so
    that organisers see them; the phone keeps them for its staff to retry or discard.
    """

    class Result(models.TextChoices):
        OK = "ok", _("Hợp lệ")
        ALREADY_CHECKED_IN = "already_checked_in", _("Đã check-in")
        INVALID = "invalid", _("Mã không hợp lệ")
        NOT_APPROVED = "not_approved", _("Chưa được duyệt")
        CANCELLED = "cancelled", _("Đã hủy")
        REVOKED = "revoked", _("Mã đã thu hồi")
        SCANNED_TOO_EARLY = "scanned_too_early", _("Giờ quét trước giờ mở check-in")
        SCANNED_IN_FUTURE = "scanned_in_future", _("Giờ quét vượt quá giờ máy chủ")
        UNKNOWN_REGISTRATION = "unknown_registration", _("Không rõ đại biểu")
        # At a room's door during a seat-limited session (the agenda's rule).
        NO_SEAT = "no_seat", _("Chưa giữ chỗ phiên này")
        SEAT_WAITLISTED = "seat_waitlisted", _("Đang chờ chỗ phiên này")

    edition = models.ForeignKey("forum.Edition", on_delete=models.CASCADE, related_name="scans")
    # Who scanned: a paired device, or door staff logged in on the scanner page.
    source_key = models.CharField(max_length=40)
    device = models.ForeignKey(
        ScannerDevice, null=True, blank=True, on_delete=models.SET_NULL, related_name="scans"
    )
    staff = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    gate = models.ForeignKey(
        Gate, null=True, blank=True, on_delete=models.SET_NULL, related_name="scans"
    )
    nonce = models.CharField(max_length=64)
    raw_code = models.CharField(max_length=200, blank=True)
    badge_code = models.ForeignKey(
        BadgeCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="scans"
    )
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="scans"
    )
    result = models.CharField(max_length=20, choices=Result.choices)
    is_first_entry = models.BooleanField(default=False)
    offline = models.BooleanField(default=False)
    scanned_at = models.DateTimeField(_("quét lúc"))
    received_at = models.DateTimeField(_("nhận lúc (máy chủ)"), auto_now_add=True)
    # The time an upload claimed, verbatim, when it was refused for that time (it may not even
    # be a date the database can hold).
    device_time = models.CharField(
        _("giờ trên máy quét"), max_length=40, blank=True, default="", db_default=""
    )
    # When a first entry gave way to an earlier offline scan of the same badge: this scan is a
    # re-entry since, and the phone that admitted it and the live dashboard say so.
    superseded_at = models.DateTimeField(_("bị thay lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt quét")
        verbose_name_plural = pgettext_lazy("plural", "lượt quét")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["source_key", "nonce"], name="scan_nonce_once"),
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(is_first_entry=True),
                name="scan_one_first_entry",
            ),
            models.CheckConstraint(
                condition=Q(is_first_entry=False) | Q(result="ok"),
                name="scan_first_entry_is_ok",
            ),
            models.CheckConstraint(
                condition=Q(scanned_at__gte=SCAN_TIME_MIN, scanned_at__lt=SCAN_TIME_MAX),
                name="scan_time_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "received_at"]),
            models.Index(fields=["edition", "is_first_entry", "scanned_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.result} {self.scanned_at:%H:%M:%S}"


DOOR_RESULTS = (
    Scan.Result.OK,
    Scan.Result.ALREADY_CHECKED_IN,
    Scan.Result.INVALID,
    Scan.Result.NOT_APPROVED,
    Scan.Result.CANCELLED,
    Scan.Result.REVOKED,
    Scan.Result.NO_SEAT,
    Scan.Result.SEAT_WAITLISTED,
)
UPLOAD_REFUSALS = (
    Scan.Result.SCANNED_TOO_EARLY,
    Scan.Result.SCANNED_IN_FUTURE,
    Scan.Result.UNKNOWN_REGISTRATION,
)
