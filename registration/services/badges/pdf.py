"""Badge PDFs with WeasyPrint: cards laid out on A6 pages or 4-up A4 sheets.

WeasyPrint pays a fixed cost per document (font loading and subsetting) and a cost per page, so
every path here renders many badges as the pages of few documents: the bulk print file in chunks
of CHUNK badges (bounded memory, real progress), and the e-badges by splitting such a document
into one-page files.
"""

import io
from collections.abc import Callable, Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from registration.badge_codes import payload_of, short_code_display
from registration.models import BadgeCode, DelegateType, Registration
from registration.services.badge_codes import badge_code_issue
from registration.services.badges.fonts import FONT_FILES, badge_fonts_ensure
from registration.services.badges.qr import qr_svg

LAYOUTS = ("a6", "a4-4up")
# Badges per WeasyPrint document: large enough that the per-document cost (fonts, subsetting) is
# small, small enough that memory stays flat whatever the number of delegates and that the print
# page's progress bar moves every few seconds. A multiple of 4: whole A4 sheets.
CHUNK = 120
# Colour band per delegate type: background, text colour (contrast ≥ 4.5:1), English label.
# Seven hues far apart (red, orange, blue, green, purple, yellow, cyan) so a glance at the door
# tells the types apart; the printed label carries the meaning for colour-blind staff.
TYPE_STYLES = {
    DelegateType.GOVERNMENT_MINISTRY: ("#b3261e", "#ffffff", "Central government"),
    DelegateType.GOVERNMENT_LOCAL: ("#a34700", "#ffffff", "Local government"),
    DelegateType.ENTERPRISE: ("#0b3d91", "#ffffff", "Enterprise"),
    DelegateType.ASSOCIATION: ("#1b6e3a", "#ffffff", "Association"),
    DelegateType.RESEARCH: ("#5b2a86", "#ffffff", "Research & university"),
    DelegateType.PRESS: ("#f2b705", "#1b1f24", "Press"),
    DelegateType.INTERNATIONAL: ("#00687a", "#ffffff", "International guest"),
}

Progress = Callable[[int, int], None] | None


# --- Cards and documents ------------------------------------------------------------------------


def _size_class(registration: Registration) -> str:
    """Type sizes for the texts' lengths, so long Vietnamese names and titles wrap at a size that
    still fits the person zone: never clipped, never over the QR."""
    name = len(registration.full_name)
    if name <= 16:
        name_class = "name-xl"
    elif name <= 24:
        name_class = "name-l"
    elif name <= 36:
        name_class = "name-m"
    elif name <= 60:
        name_class = "name-s"
    else:
        name_class = "name-xs"
    text = len(registration.position) + len(registration.organisation)
    if text > 200 or (text > 120 and name > 60):
        text_class = "text-xs"
    elif text > 110 or (text > 60 and name > 36):
        text_class = "text-s"
    else:
        text_class = "text-m"
    return f"{name_class} {text_class}"


def type_labels() -> dict[str, str]:
    with translation.override("vi"):
        return {value: str(label) for value, label in DelegateType.choices}


def card(registration: Registration, code: BadgeCode, labels: dict[str, str]) -> dict:
    background, foreground, label_en = TYPE_STYLES[registration.delegate_type]
    return {
        "registration": registration,
        "qr_svg": qr_svg(payload_of(code.token)),
        "short_code": short_code_display(code.short_code),
        "size_class": _size_class(registration),
        "type_class": f"type-{registration.delegate_type}",
        "type_label_vi": labels[registration.delegate_type],
        "type_label_en": label_en,
        "band_bg": background,
        "band_fg": foreground,
    }


def active_codes(registrations: list[Registration]) -> dict[int, BadgeCode]:
    """The active code of each registration, issued where missing (one query for all)."""
    codes = {
        code.registration_id: code
        for code in BadgeCode.objects.filter(
            registration__in=[r.pk for r in registrations], status=BadgeCode.Status.ACTIVE
        )
    }
    for registration in registrations:
        if registration.pk not in codes:
            codes[registration.pk] = badge_code_issue(registration=registration)
    return codes


def badge_css() -> str:
    badge_fonts_ensure()
    return render_to_string(
        "registration/badge_print.css",
        {"fonts": {w: p.as_uri() for w, p in FONT_FILES.items()}, "types": TYPE_STYLES},
    )


def _write_pdf(html: str, css: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts
    )


def document(cards: list[dict], *, layout: str, edition, css: str, title: str = "") -> bytes:
    sheets = [cards[i : i + 4] for i in range(0, len(cards), 4)] if layout == "a4-4up" else []
    html = render_to_string(
        "registration/badge.html",
        {"cards": cards, "sheets": sheets, "layout": layout, "edition": edition, "title": title},
    )
    return _write_pdf(html, css)


def chunked(registrations: list) -> list[list]:
    return [registrations[i : i + CHUNK] for i in range(0, len(registrations), CHUNK)] or [[]]


def _concatenate(parts: list[bytes], output) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    writer.write(output)


def render_badges_pdf(
    *, registrations: Iterable[Registration], layout: str = "a6", edition=None, progress=None
) -> bytes:
    """One PDF with a badge per registration, in the given order (a6: one per page; a4-4up: four
    per A4 sheet with cut marks). `progress(done, total)` is called after each chunk."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    registrations = list(registrations)
    edition = edition or (registrations[0].edition if registrations else None)
    codes = active_codes(registrations)
    labels = type_labels()
    css = badge_css()
    total = len(registrations)
    parts, done = [], 0
    for chunk in chunked(registrations):
        cards = [card(r, codes[r.pk], labels) for r in chunk]
        parts.append(document(cards, layout=layout, edition=edition, css=css))
        done += len(chunk)
        if progress:
            progress(done, total)
    if len(parts) == 1:
        return parts[0]
    output = io.BytesIO()
    _concatenate(parts, output)
    return output.getvalue()
