"""Badge PDFs with WeasyPrint: the bulk print file, e-badges, and the QR code in them.

WeasyPrint pays a fixed cost per document (font loading and subsetting) and a cost per page, so
every path here renders many badges as the pages of few documents: the bulk print file in chunks
of CHUNK badges (bounded memory, real progress), and the e-badges by splitting such a document
into one-page files.
"""

import contextlib
import datetime as dt
import io
import os
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from forum.vietnamese import collation_key
from registration.models import BadgeCode, BadgeFile, DelegateType, Registration
from registration.services.badge_codes import (
    badge_code_issue,
    payload_of,
    short_code_display,
)

LAYOUTS = ("a6", "a4-4up")
SORTS = ("name", "organisation")
# Badges per WeasyPrint document: large enough that the per-document cost (fonts, subsetting) is
# small, small enough that memory stays flat whatever the number of delegates and that the print
# page's progress bar moves every few seconds. A multiple of 4: whole A4 sheets.
CHUNK = 120
PRINT_DIR = Path("badges") / "print"
# Bulk print files hold personal data: kept long enough to print, then deleted.
PRINT_FILE_LIFETIME = dt.timedelta(days=2)
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
FONT_DIR = settings.NODE_MODULES / "@expo-google-fonts" / "be-vietnam-pro"
FONT_FILES = {
    400: FONT_DIR / "400Regular" / "BeVietnamPro_400Regular.ttf",
    600: FONT_DIR / "600SemiBold" / "BeVietnamPro_600SemiBold.ttf",
    700: FONT_DIR / "700Bold" / "BeVietnamPro_700Bold.ttf",
}
QR_BORDER = 2  # modules of white inside the SVG; the card adds more white around it

Progress = Callable[[int, int], None] | None


# --- QR -----------------------------------------------------------------------------------------


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR modules (error correction M, no border) of `payload`."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


def qr_rectangles(matrix: list[list[bool]]) -> list[tuple[int, int, int, int]]:
    """Cover the dark modules with few rectangles (x, y, width, height).

    Each row's dark runs become rectangles, and a run repeated in the next row extends the
    rectangle downwards. A path of ~120 rectangles instead of ~330 squares makes the QR several
    times cheaper for WeasyPrint to parse and draw, and the PDF smaller.
    """
    rectangles = []
    open_runs: dict[tuple[int, int], int] = {}
    for y, row in enumerate(matrix):
        runs = []
        x, width = 0, len(row)
        while x < width:
            if row[x]:
                start = x
                while x < width and row[x]:
                    x += 1
                runs.append((start, x))
            x += 1
        continued = {run: open_runs.pop(run, y) for run in runs}
        rectangles.extend((x0, y0, x1 - x0, y - y0) for (x0, x1), y0 in open_runs.items())
        open_runs = continued
    rectangles.extend((x0, y0, x1 - x0, len(matrix) - y0) for (x0, x1), y0 in open_runs.items())
    return rectangles


def qr_svg(payload: str) -> str:
    """The QR as one SVG path in module units, scaled by the box that holds it."""
    matrix = qr_matrix(payload)
    size = len(matrix) + 2 * QR_BORDER
    path = "".join(
        f"M{x + QR_BORDER} {y + QR_BORDER}h{w}v{h}h-{w}z" for x, y, w, h in qr_rectangles(matrix)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><path fill="#000000" d="{path}"/></svg>'
    )


# The earlier name, kept for callers.
qr_matrix_svg = qr_svg


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


def _labels() -> dict[str, str]:
    with translation.override("vi"):
        return {value: str(label) for value, label in DelegateType.choices}


def _card(registration: Registration, code: BadgeCode, labels: dict[str, str]) -> dict:
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


def _active_codes(registrations: list[Registration]) -> dict[int, BadgeCode]:
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


def _document(cards: list[dict], *, layout: str, edition, css: str, title: str = "") -> bytes:
    sheets = [cards[i : i + 4] for i in range(0, len(cards), 4)] if layout == "a4-4up" else []
    html = render_to_string(
        "registration/badge.html",
        {"cards": cards, "sheets": sheets, "layout": layout, "edition": edition, "title": title},
    )
    return _write_pdf(html, css)


def _chunks(registrations: list) -> list[list]:
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
    codes = _active_codes(registrations)
    labels = _labels()
    css = badge_css()
    total = len(registrations)
    parts, done = [], 0
    for chunk in _chunks(registrations):
        cards = [_card(r, codes[r.pk], labels) for r in chunk]
        parts.append(_document(cards, layout=layout, edition=edition, css=css))
        done += len(chunk)
        if progress:
            progress(done, total)
    if len(parts) == 1:
        return parts[0]
    output = io.BytesIO()
    _concatenate(parts, output)
    return output.getvalue()


# --- Bulk print file ----------------------------------------------------------------------------


def badges_print_registrations(*, edition, sort: str = "name", delegate_type: str = "") -> list:
    """The approved delegates of `edition` to print, in print order.

    "name": by given name then full name, Vietnamese collation (the stored sort key);
    "organisation": by organisation (Vietnamese collation), then by name.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    rows = Registration.objects.filter(
        edition=edition, status=Registration.Status.APPROVED
    ).select_related("edition")
    if delegate_type:
        rows = rows.filter(delegate_type=delegate_type)
    rows = list(rows.order_by("sort_key", "id"))
    if sort == "organisation":
        # Stable sort: equal organisations keep the name order.
        rows.sort(key=lambda r: collation_key(r.organisation))
    return rows


def badges_print_count(*, edition, delegate_type: str = "") -> int:
    rows = Registration.objects.filter(edition=edition, status=Registration.Status.APPROVED)
    if delegate_type:
        rows = rows.filter(delegate_type=delegate_type)
    return rows.count()


def print_file_path(file_id) -> Path:
    """Where a bulk print file lives; `file_id` must be a UUID (no path tricks)."""
    return Path(settings.MEDIA_ROOT) / PRINT_DIR / f"{uuid.UUID(str(file_id)).hex}.pdf"


def print_files_prune(*, older_than: dt.timedelta = PRINT_FILE_LIFETIME) -> int:
    """Delete bulk print files older than `older_than` (they are re-rendered on demand)."""
    directory = Path(settings.MEDIA_ROOT) / PRINT_DIR
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in directory.glob("*.pdf") if directory.is_dir() else ():
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed


def print_file_delete(file_id) -> None:
    with contextlib.suppress(FileNotFoundError, ValueError):
        print_file_path(file_id).unlink()


def badges_print_write(
    *,
    edition,
    output: Path,
    sort: str = "name",
    layout: str = "a6",
    delegate_type: str = "",
    progress: Progress = None,
) -> dict:
    """Render the bulk print PDF to `output` (replaced atomically). Returns {"badges", "pages"}.

    Raises ServiceError(code="nothing_to_print") when no approved delegate matches.
    """
    from forum.errors import ServiceError

    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    if delegate_type and delegate_type not in DelegateType.values:
        raise ValueError(f"unknown delegate type {delegate_type!r}")
    registrations = badges_print_registrations(
        edition=edition, sort=sort, delegate_type=delegate_type
    )
    if not registrations:
        raise ServiceError(
            _("Không có đại biểu nào đã được duyệt để in theo lựa chọn này."),
            code="nothing_to_print",
        )
    pdf = render_badges_pdf(
        registrations=registrations, layout=layout, edition=edition, progress=progress
    )
    output = Path(output)
    temporary = output.with_name(f".{output.name}.{uuid.uuid4().hex}.part")
    temporary.write_bytes(pdf)
    temporary.replace(output)
    count = len(registrations)
    return {"badges": count, "pages": count if layout == "a6" else (count + 3) // 4}


def badges_print_file(
    *,
    edition,
    sort: str = "name",
    layout: str = "a6",
    delegate_type: str = "",
    progress: Progress = None,
) -> dict:
    """The bulk print PDF in private storage. Returns {"file_id", "badges", "pages"}."""
    print_files_prune()
    file_id = str(uuid.uuid4())
    path = print_file_path(file_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    result = badges_print_write(
        edition=edition,
        output=path,
        sort=sort,
        layout=layout,
        delegate_type=delegate_type,
        progress=progress,
    )
    return {"file_id": file_id, **result}


# --- E-badges -----------------------------------------------------------------------------------


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
    codes = _active_codes(registrations)
    labels = _labels()
    css = badge_css()
    done = 0
    for chunk in _chunks(registrations):
        cards = [_card(r, codes[r.pk], labels) for r in chunk]
        pdf = _document(cards, layout="a6", edition=chunk[0].edition, css=css)
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
