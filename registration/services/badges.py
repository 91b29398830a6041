"""Badge PDFs with WeasyPrint: one document for many badges, split into e-badges when needed.

WeasyPrint pays ~200 ms per document (font subsetting) but ~15 ms per page, so every path here
renders many badges as pages of one document: the bulk print file directly, and the individual
e-badges by splitting such a document into one-page files.
"""

import contextlib
import io
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from registration.models import BadgeCode, BadgeFile, DelegateType, Registration
from registration.services.badge_codes import (
    badge_code_issue,
    payload_of,
    short_code_display,
)

LAYOUTS = ("a6", "a4-4up")
# Colour band per delegate type: background, text colour (contrast ≥ 4.5:1), English label.
TYPE_STYLES = {
    DelegateType.GOVERNMENT_MINISTRY: ("#b3261e", "#ffffff", "Government"),
    DelegateType.GOVERNMENT_LOCAL: ("#8c1d18", "#ffffff", "Local government"),
    DelegateType.ENTERPRISE: ("#0b3d91", "#ffffff", "Enterprise"),
    DelegateType.ASSOCIATION: ("#1b6e3a", "#ffffff", "Association"),
    DelegateType.RESEARCH: ("#5b2a86", "#ffffff", "Research & university"),
    DelegateType.PRESS: ("#f2b705", "#1b1f24", "Press"),
    DelegateType.INTERNATIONAL: ("#00707a", "#ffffff", "International guest"),
}
FONT_DIR = settings.NODE_MODULES / "@expo-google-fonts" / "be-vietnam-pro"
FONT_FILES = {
    400: FONT_DIR / "400Regular" / "BeVietnamPro_400Regular.ttf",
    600: FONT_DIR / "600SemiBold" / "BeVietnamPro_600SemiBold.ttf",
    700: FONT_DIR / "700Bold" / "BeVietnamPro_700Bold.ttf",
}


def qr_matrix_svg(payload: str) -> str:
    """The QR as one SVG path (error correction M), scalable to any printed size."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        payload,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    svg = image.to_string(encoding="unicode")
    # Let the surrounding box decide the printed size; drop the fixed id (many QRs per document).
    return (
        svg.replace('width="', 'data-w="', 1)
        .replace('height="', 'data-h="', 1)
        .replace(' id="qr-path"', "")
    )


def qr_png(payload: str, *, box_size: int = 8) -> bytes:
    import qrcode

    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=4
    )
    code.add_data(payload)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


def _name_size(full_name: str) -> str:
    """A size class so long Vietnamese names shrink and wrap instead of being clipped."""
    length = len(full_name)
    if length <= 16:
        return "name-xl"
    if length <= 22:
        return "name-l"
    if length <= 30:
        return "name-m"
    return "name-s"


def _card(registration: Registration, code: BadgeCode) -> dict:
    background, foreground, label_en = TYPE_STYLES[registration.delegate_type]
    with translation.override("vi"):
        label_vi = str(DelegateType(registration.delegate_type).label)
    return {
        "registration": registration,
        "qr_svg": qr_matrix_svg(payload_of(code.token)),
        "short_code": short_code_display(code.short_code),
        "name_size": _name_size(registration.full_name),
        "type_class": f"type-{registration.delegate_type}",
        "type_label_vi": label_vi,
        "type_label_en": label_en,
        "band_bg": background,
        "band_fg": foreground,
    }


def _css() -> str:
    return render_to_string(
        "registration/badge_print.css",
        {"fonts": {w: p.as_uri() for w, p in FONT_FILES.items()}, "types": TYPE_STYLES},
    )


def render_badges_pdf(*, registrations, layout: str = "a6", edition=None, progress=None) -> bytes:
    """One PDF with a badge per approved registration, in the given order."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    cards = []
    registrations = list(registrations)
    for index, registration in enumerate(registrations, start=1):
        cards.append(_card(registration, badge_code_issue(registration=registration)))
        if progress and index % 50 == 0:
            progress(index, len(registrations) * 2)
    edition = edition or (registrations[0].edition if registrations else None)
    sheets = [cards[i : i + 4] for i in range(0, len(cards), 4)] if layout == "a4-4up" else []
    html = render_to_string(
        "registration/badge.html",
        {"cards": cards, "sheets": sheets, "layout": layout, "edition": edition},
    )
    fonts = FontConfiguration()
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(string=_css(), font_config=fonts)], font_config=fonts
    )
    if progress:
        progress(len(registrations) * 2, len(registrations) * 2)
    return pdf


def _badge_dir(registration: Registration) -> Path:
    path = Path(settings.MEDIA_ROOT) / "badges" / str(registration.edition_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def ebadges_render(*, registration_ids, progress=None) -> int:
    """Render the e-badges of these approved registrations (one document, split per page).

    A stored file whose version is behind the registration's is replaced, never served.
    """
    from pypdf import PdfReader, PdfWriter

    registrations = list(
        Registration.objects.filter(pk__in=registration_ids, status=Registration.Status.APPROVED)
        .select_related("edition")
        .order_by("pk")
    )
    if not registrations:
        return 0
    pdf = render_badges_pdf(registrations=registrations, layout="a6", progress=progress)
    reader = PdfReader(io.BytesIO(pdf))
    codes = {
        c.registration_id: c
        for c in BadgeCode.objects.filter(
            registration__in=registrations, status=BadgeCode.Status.ACTIVE
        )
    }
    for page, registration in zip(reader.pages, registrations, strict=True):
        writer = PdfWriter()
        writer.add_page(page)
        writer.add_metadata({"/Title": f"{registration.full_name} — {registration.edition}"})
        # A fresh random file name per render: a stale URL or path never serves new data.
        path = _badge_dir(registration) / f"{registration.pk}-{uuid.uuid4().hex}.pdf"
        with path.open("wb") as handle:
            writer.write(handle)
        with transaction.atomic():
            current = (
                BadgeFile.objects.select_for_update().filter(registration=registration).first()
            )
            old_path = current.path if current else None
            BadgeFile.objects.update_or_create(
                registration=registration,
                defaults={
                    "version": registration.version,
                    "code": codes[registration.pk],
                    "path": str(path.relative_to(settings.MEDIA_ROOT)),
                },
            )
        if old_path and old_path != str(path.relative_to(settings.MEDIA_ROOT)):
            with contextlib.suppress(FileNotFoundError):
                os.remove(Path(settings.MEDIA_ROOT) / old_path)
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
