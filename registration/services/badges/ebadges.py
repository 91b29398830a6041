"""E-badges: each approved delegate's own badge PDF, stored privately, re-rendered when stale,
and attached to the approval email."""

import contextlib
import io
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction

from registration.badge_codes import payload_of
from registration.models import BadgeCode, BadgeFile, Registration
from registration.services.badge_codes import badge_code_issue
from registration.services.badges.pdf import (
    Progress,
    active_codes,
    badge_css,
    card,
    chunked,
    document,
    type_labels,
)
from registration.services.badges.qr import qr_png


def _badge_dir(registration: Registration) -> Path:
    path = Path(settings.MEDIA_ROOT) / "badges" / str(registration.edition_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _store_ebadge(registration: Registration, code: BadgeCode, page) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_page(page)
    writer.add_metadata({"/Title": f"{registration.full_name} — {registration.edition}"})
    # A fresh random file name per render: a stale URL or path never serves new data.
    path = _badge_dir(registration) / f"{registration.pk}-{uuid.uuid4().hex}.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    relative = str(path.relative_to(settings.MEDIA_ROOT))
    with transaction.atomic():
        current = BadgeFile.objects.select_for_update().filter(registration=registration).first()
        old_path = current.path if current else None
        BadgeFile.objects.update_or_create(
            registration=registration,
            defaults={"version": registration.version, "code": code, "path": relative},
        )
    if old_path and old_path != relative:
        with contextlib.suppress(FileNotFoundError):
            os.remove(Path(settings.MEDIA_ROOT) / old_path)


def ebadge_discard(*, registration: Registration) -> None:
    """Forget a registration's e-badge (it prints the name): the row now, the file once the
    caller's transaction commits."""
    paths = list(BadgeFile.objects.filter(registration=registration).values_list("path", flat=True))
    BadgeFile.objects.filter(registration=registration).delete()

    def remove_files():
        for relative in paths:
            with contextlib.suppress(FileNotFoundError):
                os.remove(Path(settings.MEDIA_ROOT) / relative)

    transaction.on_commit(remove_files)


def ebadges_render(*, registration_ids, progress: Progress = None) -> int:
    """Render the e-badges of these approved registrations (documents split per page).

    A stored file whose version is behind the registration's is replaced, never served; the
    replaced file is deleted.
    """
    from pypdf import PdfReader

    registrations = list(
        Registration.objects.filter(pk__in=registration_ids, status=Registration.Status.APPROVED)
        .select_related("edition")
        .order_by("pk")
    )
    if not registrations:
        return 0
    codes = active_codes(registrations)
    labels = type_labels()
    css = badge_css()
    done = 0
    for chunk in chunked(registrations):
        cards = [card(r, codes[r.pk], labels) for r in chunk]
        pdf = document(cards, layout="a6", edition=chunk[0].edition, css=css)
        reader = PdfReader(io.BytesIO(pdf))
        for page, registration in zip(reader.pages, chunk, strict=True):
            _store_ebadge(registration, codes[registration.pk], page)
        done += len(chunk)
        if progress:
            progress(done, len(registrations))
    return len(registrations)


def ebadge_path(*, registration: Registration) -> Path:
    """The current e-badge file, rendered now if missing or stale."""
    code = badge_code_issue(registration=registration)
    badge = BadgeFile.objects.filter(registration=registration).first()
    fresh = (
        badge is not None
        and badge.version == registration.version
        and badge.code_id == code.pk
        and (Path(settings.MEDIA_ROOT) / badge.path).exists()
    )
    if not fresh:
        ebadges_render(registration_ids=[registration.pk])
        badge = BadgeFile.objects.get(registration=registration)
    return Path(settings.MEDIA_ROOT) / badge.path


def attach_badge(*, message, ref: dict) -> None:
    """Outbox attachment producer: the e-badge PDF plus the QR as an inline image."""
    from email.message import MIMEPart

    registration = (
        Registration.objects.select_related("edition").filter(pk=ref["registration_id"]).first()
    )
    if registration is None or registration.status != Registration.Status.APPROVED:
        return
    code = badge_code_issue(registration=registration)
    path = ebadge_path(registration=registration)
    message.attach("the-dai-bieu.pdf", path.read_bytes(), "application/pdf")
    part = MIMEPart()
    part.set_content(
        qr_png(payload_of(code.token)),
        maintype="image",
        subtype="png",
        disposition="inline",
        filename="qr.png",
        cid="<badge-qr@forum>",
    )
    message.attach(part)
