"""Badge codes (the QR) and rendered e-badge files."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registration.models.delegates import Registration


class BadgeCode(models.Model):
    """The opaque code in a delegate's QR. Never personal data, never the primary key.

    A registration has at most one active code; a reissued code revokes the old one, which stays
    on record so that a scan of an old badge answers "revoked" rather than "invalid".
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Hiệu lực")
        REVOKED = "revoked", _("Đã thu hồi")

    class RevokeReason(models.TextChoices):
        CANCELLED = "cancelled", _("Hủy đăng ký")
        REJECTED = "rejected", _("Từ chối")
        TRANSFERRED = "transferred", _("Chuyển nhượng")
        REISSUED = "reissued", _("Cấp lại theo yêu cầu")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="badge_codes"
    )
    token = models.CharField(max_length=40, unique=True)
    # SHA-256 of the QR payload: what scanner phones keep for offline checks, not the token.
    token_hash = models.CharField(max_length=64, unique=True)
    short_code = models.CharField(_("mã ngắn"), max_length=12, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=12, choices=RevokeReason.choices, blank=True)

    class Meta:
        verbose_name = _("mã QR thẻ đại biểu")
        verbose_name_plural = pgettext_lazy("plural", "mã QR thẻ đại biểu")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(status="active"),
                name="badge_one_active_code",
            ),
        ]

    def __str__(self) -> str:
        return self.short_code


class BadgeFile(models.Model):
    """The rendered e-badge PDF of one registration version (stored privately)."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="badge_file"
    )
    version = models.PositiveIntegerField()
    code = models.ForeignKey(BadgeCode, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    rendered_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.path
