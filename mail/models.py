"""The outbox: every email is a row before it is sent."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """The outbox: every email is a row before it is sent, and is sent at most once.

    (recipient, kind, object_key, version) is unique, so a retried or duplicated task, or a second
    call to queue the same message, can never produce a second send.

    A queued row is due at `next_attempt_at`. A worker claims it (status "sending") for a lease
    (`lease_until`); a claim whose worker died lapses and the row goes back to the queue. While
    queued, `lease_until` is when its task, handed to the broker, counts as lost if nothing has
    claimed the row by then (empty: not handed over yet).

    A row with a `renderer` gets its subject and bodies at send time, from the renderer the app
    that queued it registered (mail.renderers) with `context`; it may then be cancelled (the
    registration it announced has changed). Other rows carry their text from the start.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")
        CANCELLED = "cancelled", _("Đã hủy, không gửi")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.EmailField(_("người nhận"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outgoing_emails",
    )
    kind = models.CharField(_("loại"), max_length=80)
    object_key = models.CharField(_("đối tượng"), max_length=120)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    subject = models.CharField(_("tiêu đề"), max_length=400, blank=True)
    body_text = models.TextField(_("nội dung (văn bản)"), blank=True)
    body_html = models.TextField(_("nội dung (HTML)"), blank=True)
    renderer = models.CharField(
        _("trình soạn thư"),
        max_length=80,
        blank=True,
        help_text=_("Tiêu đề và nội dung được soạn khi gửi, bằng trình soạn thư này."),
    )
    context = models.JSONField(_("dữ liệu soạn thư"), default=dict, blank=True)
    attachments = models.JSONField(
        _("tệp đính kèm"),
        default=list,
        blank=True,
        help_text=_("Danh sách tệp đính kèm được tạo khi gửi."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    tries = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    next_attempt_at = models.DateTimeField(_("lần gửi tới lúc"), default=timezone.now)
    lease_until = models.DateTimeField(_("giữ chỗ đến"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("email gửi đi")
        verbose_name_plural = _("hộp thư đi")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_key", "version"], name="outbox_send_once"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="outbox_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(lease_until__isnull=False),
                name="outbox_sending_has_lease",
            ),
            models.CheckConstraint(
                condition=~Q(renderer="") | ~Q(subject=""), name="outbox_has_subject"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["status", "created_at"], name="outbox_status_created"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.status})"
