"""PDF attachments of a nomination: checked by their content (a PDF header, and a document that
parses, unencrypted, with pages), at most 10 MB each and MAX_ATTACHMENTS per nomination, stored
privately under a random name. A refused file is reported by name with its reason; nothing else
the enterprise entered is lost."""

import hashlib
import os
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from awards.models import MAX_ATTACHMENT_BYTES, Attachment, Nomination
from awards.services.nominations import nomination_editable_check
from awards.storage import attachment_files_remove, private_dir
from forum.errors import ServiceError
from forum.vietnamese import normalize_text

MAX_ATTACHMENTS = 10
# A PDF may carry a few bytes of junk before its header; readers look in the first kilobyte.
HEADER_WINDOW = 1024


def _display_name(raw: str) -> str:
    name = normalize_text(os.path.basename((raw or "").replace("\\", "/")))
    name = "".join(ch for ch in name if ch not in '<>:"/|?*') or "tep-dinh-kem"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    if len(name) > 200:
        name = name[:196] + ".pdf"
    return name


def pdf_check(upload) -> tuple[str, int]:
    """(sha256, pages) of an uploaded PDF, or ServiceError saying why it is refused."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if upload.size is None or upload.size == 0:
        raise ServiceError(_("Tệp rỗng."), code="empty")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ServiceError(
            _("Tệp nặng %(size)s, vượt giới hạn %(limit)d MB.")
            % {"size": filesizeformat(upload.size), "limit": MAX_ATTACHMENT_BYTES // 2**20},
            code="too_large",
        )
    upload.seek(0)
    if b"%PDF-" not in upload.read(HEADER_WINDOW):
        raise ServiceError(_("Tệp không phải PDF (chỉ nhận tệp PDF)."), code="not_pdf")
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ServiceError(
                _("Tệp PDF có mật khẩu; hãy nộp bản không đặt mật khẩu."), code="encrypted"
            )
        pages = len(reader.pages)
    except ServiceError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError) as exc:  # fmt: skip
        raise ServiceError(_("Tệp PDF bị hỏng hoặc không đọc được."), code="unreadable") from exc
    if pages < 1:
        raise ServiceError(_("Tệp PDF không có trang nào."), code="no_pages")
    upload.seek(0)
    return digest.hexdigest(), pages


def attachment_add(*, nomination_id: int, owner, upload) -> Attachment:
    with transaction.atomic():
        nomination = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("award")
            .filter(pk=nomination_id, owner=owner)
            .first()
        )
        if nomination is None:
            raise ServiceError(_("Không tìm thấy hồ sơ."), code="not_found")
        nomination_editable_check(nomination=nomination)
        if nomination.attachments.count() >= MAX_ATTACHMENTS:
            raise ServiceError(
                _("Mỗi hồ sơ đính kèm tối đa %(count)d tệp.") % {"count": MAX_ATTACHMENTS},
                code="too_many",
            )
        sha256, pages = pdf_check(upload)
        if nomination.attachments.filter(sha256=sha256).exists():
            raise ServiceError(_("Tệp này đã được đính kèm."), code="duplicate")
        folder = private_dir(str(nomination.award_id), str(nomination.pk))
        target = folder / f"{uuid.uuid4().hex}.pdf"
        relative = str(target.relative_to(settings.MEDIA_ROOT))
        try:
            with open(target, "xb") as handle:
                os.chmod(target, 0o600)
                for chunk in upload.chunks():
                    handle.write(chunk)
        except OSError as exc:
            attachment_files_remove([relative])
            raise ServiceError(
                _("Không lưu được tệp lúc này; hãy thử lại."), code="storage"
            ) from exc
        try:
            with transaction.atomic():
                attachment = Attachment.objects.create(
                    nomination=nomination,
                    name=_display_name(upload.name),
                    path=relative,
                    size=upload.size,
                    sha256=sha256,
                    pages=pages,
                    uploaded_by=owner,
                )
        except IntegrityError as exc:
            attachment_files_remove([relative])
            raise ServiceError(_("Tệp này đã được đính kèm."), code="duplicate") from exc
    return attachment


def attachment_delete(*, attachment_id: int, owner) -> None:
    with transaction.atomic():
        attachment = (
            Attachment.objects.select_related("nomination__award")
            .filter(pk=attachment_id, nomination__owner=owner)
            .first()
        )
        if attachment is None:
            raise ServiceError(_("Không tìm thấy tệp."), code="not_found")
        Nomination.objects.select_for_update().filter(pk=attachment.nomination_id).first()
        nomination_editable_check(nomination=attachment.nomination)
        path = attachment.path
        attachment.delete()
        transaction.on_commit(lambda: attachment_files_remove([path]))
