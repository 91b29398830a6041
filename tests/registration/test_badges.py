"""Badges rendered: the QR read back from pages and emails, printed sizes, the type bands, and
every Vietnamese letter in the embedded font."""

import io

import pytest
from django.core import mail

from registration.badge_codes import payload_of
from registration.models import DelegateType, Registration
from registration.services import registrations as svc
from registration.services.badge_codes import badge_code_issue
from registration.services.badges import pdf as badge_pdf
from registration.services.badges import qr
from tests.registration.badge_helpers import (
    LONG_NAME,
    MM_PER_INCH,
    approved,
    page_image,
    page_texts,
    pdf_document,
    pending,
    read_qr,
    vietnamese_letters,
)

Status = Registration.Status
pytestmark = pytest.mark.usefixtures("private_root")


# --- QR -----------------------------------------------------------------------------------------


def test_qr_rectangles_cover_exactly_the_dark_modules():
    matrix = qr.qr_matrix(payload_of("0123456789ABCDEFGHJKMNPQRSTV"))
    rebuilt = [[0] * len(matrix) for _ in matrix]

    for x, y, width, height in qr.qr_rectangles(matrix):
        for row in range(y, y + height):
            for column in range(x, x + width):
                rebuilt[row][column] += 1

    assert rebuilt == [[1 if dark else 0 for dark in row] for row in matrix]
    assert len(qr.qr_rectangles(matrix)) < sum(map(sum, matrix)) / 2


def test_badge_pdf_qr_decodes_to_the_token_with_error_correction_m(edition):
    registration = approved(edition)
    code = badge_code_issue(registration=registration)

    pdf = badge_pdf.render_badges_pdf(registrations=[registration])
    result = read_qr(page_image(pdf))

    assert result.text == payload_of(code.token)
    assert result.ec_level == "M"


def test_badge_qr_prints_at_least_30_mm_wide(edition):
    registration = approved(edition)
    dpi = 300

    result = read_qr(page_image(badge_pdf.render_badges_pdf(registrations=[registration]), dpi=dpi))
    corners = result.position
    width_mm = (corners.top_right.x - corners.top_left.x) / dpi * MM_PER_INCH
    height_mm = (corners.bottom_left.y - corners.top_left.y) / dpi * MM_PER_INCH

    assert 30 <= width_mm <= 36
    assert 30 <= height_mm <= 36


def test_badge_page_is_a6_portrait(edition):
    pdf = badge_pdf.render_badges_pdf(registrations=[approved(edition)])

    width, height = pdf_document(pdf)[0].get_size()

    assert (round(width / 72 * MM_PER_INCH), round(height / 72 * MM_PER_INCH)) == (105, 148)


def test_approval_email_carries_a_decodable_inline_qr_and_badge(
    edition, django_capture_on_commit_callbacks
):
    from PIL import Image

    registration = pending(edition, name="Lê Thị Hồng")
    with django_capture_on_commit_callbacks(execute=True):
        svc.registration_approve(registration_id=registration.pk)
    code = badge_code_issue(registration=registration)

    message = mail.outbox[-1].message()
    parts = {part.get("Content-ID"): part for part in message.walk()}
    png = parts["<badge-qr@forum>"].get_payload(decode=True)
    attached = next(p for p in message.walk() if p.get_filename() == "the-dai-bieu.pdf")
    pdf = attached.get_payload(decode=True)

    assert read_qr(Image.open(io.BytesIO(png))).text == payload_of(code.token)
    assert read_qr(page_image(pdf)).text == payload_of(code.token)
    assert "Lê Thị Hồng" in page_texts(pdf)[0]


# --- Layout -------------------------------------------------------------------------------------


def _qr_top(pdf: bytes) -> float:
    """The top edge of the QR in PDF points from the page bottom (from the rendered image)."""
    dpi = 300
    result = read_qr(page_image(pdf, dpi=dpi))
    page_height = pdf_document(pdf)[0].get_size()[1]
    return page_height - result.position.top_left.y / dpi * 72


def _text_boxes(pdf: bytes, text: str) -> list[tuple]:
    """Character boxes (left, bottom, right, top) from the first word of `text` onwards."""
    textpage = pdf_document(pdf)[0].get_textpage()
    start = textpage.get_text_range().index(text.split()[0])
    return [textpage.get_charbox(i) for i in range(start, textpage.count_chars())]


def test_badge_shows_forum_person_type_and_short_code(edition):
    registration = approved(
        edition,
        name="Trần Quốc Hải",
        honorific="Ông",
        position="Tổng Thư ký",
        organisation="Hiệp hội An ninh mạng quốc gia",
        delegate_type=DelegateType.ASSOCIATION,
    )
    code = badge_code_issue(registration=registration)

    text = page_texts(badge_pdf.render_badges_pdf(registrations=[registration]))[0]

    for expected in (
        "Make in Viet Nam 2025",
        "Diễn đàn quốc gia về phát triển doanh nghiệp công nghệ số Việt Nam 2025",
        "13:30 · 30/12/2025 · Trung tâm Hội nghị Quốc gia, Hà Nội",
        "Ông Trần Quốc Hải Tổng Thư ký Hiệp hội An ninh mạng quốc gia",
        f"{code.short_code[:4]}-{code.short_code[4:]}",
        "HIỆP HỘI Association",
    ):
        assert expected in text


def test_long_name_wraps_in_full_above_the_qr(edition):
    registration = approved(
        edition,
        name=LONG_NAME,
        position="Phó Giám đốc phụ trách Nghiên cứu và Phát triển sản phẩm",
        organisation="Trung tâm Nghiên cứu và Phát triển Công nghệ Bán dẫn, "
        "Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
    )

    pdf = badge_pdf.render_badges_pdf(registrations=[registration])

    assert LONG_NAME in page_texts(pdf)[0]
    qr_top = _qr_top(pdf)
    boxes = _text_boxes(pdf, LONG_NAME)[: len(LONG_NAME)]
    assert min(bottom for _left, bottom, _right, _top in boxes) > qr_top


def test_longest_allowed_texts_stay_on_the_card_and_above_the_qr(edition):
    name = ("Nguyễn Hoàng Bảo Ngọc " * 7)[:150].strip()
    position = ("Phó Trưởng ban Nghiên cứu Chiến lược Phát triển " * 5)[:200].strip()
    organisation = ("Trung tâm Đổi mới Sáng tạo Quốc gia, Bộ Khoa học và Công nghệ " * 5)[:300]
    registration = approved(
        edition, name=name, position=position, organisation=organisation.strip()
    )

    pdf = badge_pdf.render_badges_pdf(registrations=[registration])

    text = page_texts(pdf)[0]
    assert name in text
    assert position in text
    assert organisation.strip() in text
    width, _height = pdf_document(pdf)[0].get_size()
    qr_top = _qr_top(pdf)
    textpage = pdf_document(pdf)[0].get_textpage()
    everything = textpage.get_text_range()
    start = everything.index(name[:10])
    end = everything.index(organisation.strip()[-10:]) + 10
    boxes = [textpage.get_charbox(i) for i in range(start, end)]
    assert min(bottom for _l, bottom, _r, _t in boxes) > qr_top
    assert min(left for left, _b, _r, _t in boxes) >= 0
    assert max(right for _l, _b, right, _t in boxes) <= width


def test_every_delegate_type_has_a_band_colour_with_enough_contrast():
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    assert set(badge_pdf.TYPE_STYLES) == set(DelegateType.values)
    for background, foreground, _label in badge_pdf.TYPE_STYLES.values():
        lighter, darker = sorted((luminance(background), luminance(foreground)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5
    assert len({style[0] for style in badge_pdf.TYPE_STYLES.values()}) == len(DelegateType.values)


@pytest.mark.parametrize("delegate_type", DelegateType.values)
def test_band_label_in_vietnamese_and_english(edition, delegate_type):
    registration = approved(edition, delegate_type=delegate_type)

    text = page_texts(badge_pdf.render_badges_pdf(registrations=[registration]))[0]

    label_vi = str(DelegateType(delegate_type).label).upper()
    assert f"{label_vi} {badge_pdf.TYPE_STYLES[delegate_type][2]}" in text


# --- Fonts --------------------------------------------------------------------------------------


def test_the_134_accented_vietnamese_letters_render_in_be_vietnam_pro(edition):
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    letters = vietnamese_letters()
    assert len(letters) == len(set(letters)) == 134
    assert all(len(letter) == 1 for letter in letters)  # precomposed code points
    # As words of up to 12 letters (a given name is at most 50 characters).
    lower = " ".join("".join(letters[:67][i : i + 12]) for i in range(0, 67, 12))
    upper = " ".join("".join(letters[67:][i : i + 12]) for i in range(0, 67, 12))
    registration = approved(edition, name=lower, organisation=upper)

    pdf = badge_pdf.render_badges_pdf(registrations=[registration])

    # The text layer gives back every letter exactly (a missing glyph would not map back).
    text = page_texts(pdf)[0]
    assert lower in text
    assert upper in text
    # Every font on the page is an embedded subset of Be Vietnam Pro: nothing fell back.
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    names = set()
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        if "/DescendantFonts" in font:
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"].get_object()
        names.add(str(descriptor["/FontName"]).split("+", 1)[-1])
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
    assert names
    assert all(name.replace("-", "").startswith("BeVietnamPro") for name in names), names
    # Each of the letters is drawn with Be Vietnam Pro, per the PDF's own per-character font.
    textpage = pdf_document(pdf)[0].get_textpage()
    drawn = {}
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if char in letters:
            drawn.setdefault(char, set()).add(_char_font(textpage, index))
    assert sorted(drawn) == sorted(letters)
    assert all(all("Be-Vietnam-Pro" in font for font in fonts) for fonts in drawn.values()), drawn
    # And the font files themselves have a glyph for every letter (no .notdef fallback).
    for path in badge_pdf.FONT_FILES.values():
        cmap = TTFont(path).getBestCmap()
        assert [letter for letter in letters if ord(letter) not in cmap] == []


def _char_font(textpage, index: int) -> str:
    import ctypes

    import pypdfium2.raw as pdfium_c

    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, 256, ctypes.byref(flags))
    return buffer.value.decode()
