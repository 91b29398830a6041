"""Badges: the QR read back from rendered pages and emails, printed sizes, Vietnamese letters in the
embedded font, bulk print order and layouts, the command, the organiser print page, downloads."""

import io
import unicodedata
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from forum.models import Edition
from registration import roles
from registration.models import BadgeFile, DelegateType, Registration
from registration.services import badges
from registration.services import registrations as svc
from registration.services.badge_codes import badge_code_issue, payload_of
from tests.factories import ALL_CONSENTS, EditionFactory, UserFactory, submission, user_with_roles

Status = Registration.Status
MM_PER_INCH = 25.4
LONG_NAME = "Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc Khánh"


# --- Fixtures and helpers -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def edition(db):
    return EditionFactory(
        slug="2025",
        short_name="Make in Viet Nam 2025",
        registration_mode=Edition.RegistrationMode.MODERATED,
    )


def approved(edition, name="Nguyễn Văn An", email=None, **data) -> Registration:
    user = UserFactory(email=email) if email else UserFactory()
    registration = svc.registration_submit(
        edition_id=edition.pk,
        user=user,
        data=submission(full_name=name, **data),
        consents=ALL_CONSENTS,
    )
    return svc.registration_approve(registration_id=registration.pk)


def pending(edition, name="Phạm Thị Chờ") -> Registration:
    return svc.registration_submit(
        edition_id=edition.pk,
        user=UserFactory(),
        data=submission(full_name=name),
        consents=ALL_CONSENTS,
    )


def pdf_document(pdf: bytes):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(pdf)


def page_texts(pdf: bytes) -> list[str]:
    """The text layer of each page, whitespace (incl. line breaks) collapsed to single spaces."""
    return [" ".join(page.get_textpage().get_text_range().split()) for page in pdf_document(pdf)]


def page_image(pdf: bytes, index: int = 0, dpi: int = 300):
    return pdf_document(pdf)[index].render(scale=dpi / 72).to_pil()


def read_qr(image):
    import zxingcpp

    results = [
        r for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]
    assert len(results) == 1, results
    return results[0]


def vietnamese_letters() -> list[str]:
    """Every accented Vietnamese letter, lower and upper case: 12 vowels × 6 tones less the 6
    plain vowels, plus đ; then the upper-case forms."""
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    lower = [
        unicodedata.normalize("NFC", vowel + tone)
        for vowel in "aăâeêioôơuưy"
        for tone in tones
        if vowel + tone not in "aeiouy"
    ]
    lower.append("đ")
    return lower + [letter.upper() for letter in lower]


# --- QR -----------------------------------------------------------------------------------------


def test_qr_rectangles_cover_exactly_the_dark_modules():
    matrix = badges.qr_matrix(payload_of("0123456789ABCDEFGHJKMNPQRSTV"))
    rebuilt = [[0] * len(matrix) for _ in matrix]

    for x, y, width, height in badges.qr_rectangles(matrix):
        for row in range(y, y + height):
            for column in range(x, x + width):
                rebuilt[row][column] += 1

    assert rebuilt == [[1 if dark else 0 for dark in row] for row in matrix]
    assert len(badges.qr_rectangles(matrix)) < sum(map(sum, matrix)) / 2


def test_badge_pdf_qr_decodes_to_the_token_with_error_correction_m(edition):
    registration = approved(edition)
    code = badge_code_issue(registration=registration)

    pdf = badges.render_badges_pdf(registrations=[registration])
    result = read_qr(page_image(pdf))

    assert result.text == payload_of(code.token)
    assert result.ec_level == "M"


def test_badge_qr_prints_at_least_30_mm_wide(edition):
    registration = approved(edition)
    dpi = 300

    result = read_qr(page_image(badges.render_badges_pdf(registrations=[registration]), dpi=dpi))
    corners = result.position
    width_mm = (corners.top_right.x - corners.top_left.x) / dpi * MM_PER_INCH
    height_mm = (corners.bottom_left.y - corners.top_left.y) / dpi * MM_PER_INCH

    assert 30 <= width_mm <= 36
    assert 30 <= height_mm <= 36


def test_badge_page_is_a6_portrait(edition):
    pdf = badges.render_badges_pdf(registrations=[approved(edition)])

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

    text = page_texts(badges.render_badges_pdf(registrations=[registration]))[0]

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

    pdf = badges.render_badges_pdf(registrations=[registration])

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

    pdf = badges.render_badges_pdf(registrations=[registration])

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

    assert set(badges.TYPE_STYLES) == set(DelegateType.values)
    for background, foreground, _label in badges.TYPE_STYLES.values():
        lighter, darker = sorted((luminance(background), luminance(foreground)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5
    assert len({style[0] for style in badges.TYPE_STYLES.values()}) == len(DelegateType.values)


@pytest.mark.parametrize("delegate_type", DelegateType.values)
def test_band_label_in_vietnamese_and_english(edition, delegate_type):
    registration = approved(edition, delegate_type=delegate_type)

    text = page_texts(badges.render_badges_pdf(registrations=[registration]))[0]

    label_vi = str(DelegateType(delegate_type).label).upper()
    assert f"{label_vi} {badges.TYPE_STYLES[delegate_type][2]}" in text


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

    pdf = badges.render_badges_pdf(registrations=[registration])

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
    for path in badges.FONT_FILES.values():
        cmap = TTFont(path).getBestCmap()
        assert [letter for letter in letters if ord(letter) not in cmap] == []


def _char_font(textpage, index: int) -> str:
    import ctypes

    import pypdfium2.raw as pdfium_c

    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, 256, ctypes.byref(flags))
    return buffer.value.decode()


# --- Bulk print ---------------------------------------------------------------------------------

PEOPLE = [
    ("Phạm Văn Đông", "Viettel", DelegateType.ENTERPRISE),
    ("Lê Thị Dung", "Công ty Cổ phần FPT", DelegateType.ENTERPRISE),
    ("Trần Văn Ân", "Đại học Quốc gia Hà Nội", DelegateType.RESEARCH),
    ("Ngô Thị Anh", "Công ty Cổ phần FPT", DelegateType.ENTERPRISE),
    ("Vũ Văn Ba", "Báo Nhân Dân", DelegateType.PRESS),
]


@pytest.fixture
def people(edition):
    rows = [
        approved(edition, name=name, organisation=org, delegate_type=kind)
        for name, org, kind in PEOPLE
    ]
    pending(edition)
    cancelled = approved(edition, name="Hoàng Văn Hủy")
    svc.registration_cancel(registration_id=cancelled.pk)
    return rows


def first_names(pdf: bytes) -> list[str]:
    names = [name for name, _org, _kind in PEOPLE]
    return [next(n for n in names if n in text) for text in page_texts(pdf)]


def test_print_by_name_follows_vietnamese_order_of_given_names(edition, people):
    registrations = badges.badges_print_registrations(edition=edition, sort="name")

    pdf = badges.render_badges_pdf(registrations=registrations, edition=edition)

    # a < â < b < d < đ (code point order would put Ân after Ba and Đông after Vũ's Ba).
    assert first_names(pdf) == [
        "Ngô Thị Anh",
        "Trần Văn Ân",
        "Vũ Văn Ba",
        "Lê Thị Dung",
        "Phạm Văn Đông",
    ]


def test_print_by_organisation_then_name(edition, people):
    registrations = badges.badges_print_registrations(edition=edition, sort="organisation")

    pdf = badges.render_badges_pdf(registrations=registrations, edition=edition)

    assert first_names(pdf) == [
        "Vũ Văn Ba",  # Báo
        "Ngô Thị Anh",  # Công ty Cổ phần FPT, Anh
        "Lê Thị Dung",  # Công ty Cổ phần FPT, Dung
        "Trần Văn Ân",  # Đại học
        "Phạm Văn Đông",  # Viettel
    ]


def test_print_filtered_by_delegate_type(edition, people):
    registrations = badges.badges_print_registrations(
        edition=edition, delegate_type=DelegateType.ENTERPRISE
    )

    assert [r.full_name for r in registrations] == ["Ngô Thị Anh", "Lê Thị Dung", "Phạm Văn Đông"]


def test_four_up_layout_puts_four_badges_per_a4_sheet_with_crop_marks(edition, people):
    registrations = badges.badges_print_registrations(edition=edition)

    pdf = badges.render_badges_pdf(registrations=registrations, layout="a4-4up")

    document = pdf_document(pdf)
    assert len(document) == 2
    width, height = document[0].get_size()
    assert (round(width / 72 * MM_PER_INCH), round(height / 72 * MM_PER_INCH)) == (210, 297)
    texts = page_texts(pdf)
    assert sum(name in texts[0] for name, _o, _k in PEOPLE) == 4
    assert sum(name in texts[1] for name, _o, _k in PEOPLE) == 1
    # A cut mark at the top edge on the vertical cut line (x = 105 mm): dark pixels there.
    image = page_image(pdf, dpi=100).convert("L")
    x = round(105 / MM_PER_INCH * 100)
    assert min(image.getpixel((x, y)) for y in range(2, 20)) < 80
    # Every QR on the first sheet decodes.
    import zxingcpp

    assert len(zxingcpp.read_barcodes(page_image(pdf, dpi=200))) == 4


def test_print_renders_in_chunks_and_reports_progress(edition, people, monkeypatch):
    monkeypatch.setattr(badges, "CHUNK", 2)
    calls = []

    pdf = badges.render_badges_pdf(
        registrations=badges.badges_print_registrations(edition=edition),
        progress=lambda done, total: calls.append((done, total)),
    )

    assert calls == [(2, 5), (4, 5), (5, 5)]
    assert len(pdf_document(pdf)) == 5
    assert first_names(pdf)[0] == "Ngô Thị Anh"


def test_print_file_is_stored_privately(edition, people, private_root):
    result = badges.badges_print_file(edition=edition, layout="a6")

    path = private_root / "badges" / "print" / f"{uuid.UUID(result['file_id']).hex}.pdf"
    assert path.exists()
    assert result == {"file_id": result["file_id"], "badges": 5, "pages": 5}
    assert len(pdf_document(path.read_bytes())) == 5


def test_a_new_print_file_prunes_those_older_than_two_days(edition, people):
    import os
    import time

    old = badges.badges_print_file(edition=edition)["file_id"]
    recent = badges.badges_print_file(edition=edition)["file_id"]
    three_days_ago = time.time() - 3 * 24 * 3600
    os.utime(badges.print_file_path(old), (three_days_ago, three_days_ago))

    newest = badges.badges_print_file(edition=edition)["file_id"]

    assert not badges.print_file_path(old).exists()
    assert badges.print_file_path(recent).exists()
    assert badges.print_file_path(newest).exists()


def test_print_task_returns_the_file(edition, people):
    from registration.tasks import badges_print

    result = badges_print.delay(edition_id=edition.pk, layout="a4-4up").get()

    assert result["badges"] == 5
    assert result["pages"] == 2
    assert badges.print_file_path(result["file_id"]).exists()


# --- Command ------------------------------------------------------------------------------------


def test_render_badges_command_writes_the_pdf(edition, people, tmp_path):
    out = tmp_path / "badges.pdf"
    stdout = io.StringIO()

    call_command(
        "render_badges", "--out", str(out), "--sort", "organisation", stdout=stdout, verbosity=0
    )

    assert len(pdf_document(out.read_bytes())) == 5
    assert first_names(out.read_bytes())[0] == "Vũ Văn Ba"
    assert "Wrote 5 badges on 5 pages" in stdout.getvalue()


def test_render_badges_command_four_up_filtered_by_type(edition, people, tmp_path):
    out = tmp_path / "press.pdf"

    call_command(
        "render_badges", "--out", str(out), "--layout", "a4-4up", "--type", "press", verbosity=0
    )

    texts = page_texts(out.read_bytes())
    assert len(texts) == 1
    assert "Vũ Văn Ba" in texts[0]
    assert "Ngô Thị Anh" not in texts[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sort", "age"], "invalid choice: 'age'"),
        (["--layout", "a5"], "invalid choice: 'a5'"),
        (["--type", "vip"], "invalid choice: 'vip'"),
    ],
)
def test_render_badges_command_rejects_bad_choices(edition, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("render_badges", "--out", str(tmp_path / "x.pdf"), *args)


def test_render_badges_command_checks_the_output_path(edition, tmp_path):
    with pytest.raises(CommandError, match=r"must name a \.pdf file"):
        call_command("render_badges", "--out", str(tmp_path / "badges.txt"))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("render_badges", "--out", str(tmp_path / "missing" / "badges.pdf"))
    with pytest.raises(CommandError, match="required: --out"):
        call_command("render_badges")


def test_render_badges_command_with_nobody_approved_fails_clearly(edition, tmp_path):
    pending(edition)
    out = tmp_path / "badges.pdf"

    with pytest.raises(CommandError, match="Không có đại biểu nào đã được duyệt"):
        call_command("render_badges", "--out", str(out))
    assert not out.exists()


# --- Organiser print page -----------------------------------------------------------------------

PRINT_URL = "/organiser/badges/"
STATUS_URL = "/organiser/badges/status/"


def test_print_page_anonymous_is_redirected_to_login(client, edition):
    response = client.get(PRINT_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", [None, roles.DOOR_STAFF, roles.JUDGE])
def test_print_page_other_roles_get_403(client, edition, settings, role):
    settings.FORUM_STAFF_MFA_REQUIRED = False
    client.force_login(user_with_roles(*([role] if role else [])))

    assert client.get(PRINT_URL).status_code == 403
    assert client.get(STATUS_URL).status_code == 403
    assert client.get(f"/organiser/badges/print/{uuid.uuid4()}.pdf").status_code == 403


def test_print_page_shows_the_form(organiser_client, edition, people):
    response = organiser_client.get(PRINT_URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert "5 đại biểu đã được duyệt." in body
    assert 'name="layout" value="a4-4up"' in body
    assert "style=" not in body
    assert "<script>" not in body


def test_print_inline_finishes_at_once_and_offers_the_download(organiser_client, edition, people):
    response = organiser_client.post(
        PRINT_URL, {"sort": "name", "layout": "a4-4up", "delegate_type": ""}
    )
    assert response.status_code == 302

    page = organiser_client.get(PRINT_URL).content.decode()
    job = organiser_client.session["badge_print_job"]
    download = f"/organiser/badges/print/{job['result']['file_id']}.pdf"
    assert "Tệp in đã sẵn sàng" in page
    assert "5 thẻ trên 2 trang." in page
    assert download in page
    assert "hx-trigger" not in page  # nothing left to poll
    assert organiser_client.get(PRINT_URL).context["form"].initial["layout"] == "a4-4up"

    response = organiser_client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert len(pdf_document(b"".join(response.streaming_content))) == 2


def test_a_new_print_job_removes_the_previous_file(organiser_client, edition, people):
    form = {"sort": "name", "layout": "a6", "delegate_type": ""}
    organiser_client.post(PRINT_URL, form)
    first = organiser_client.session["badge_print_job"]["result"]["file_id"]

    organiser_client.post(PRINT_URL, {**form, "delegate_type": "press"})

    second = organiser_client.session["badge_print_job"]["result"]
    assert not badges.print_file_path(first).exists()
    assert second["badges"] == 1
    assert organiser_client.get(f"/organiser/badges/print/{first}.pdf").status_code == 404


def test_print_with_nobody_matching_shows_an_error(organiser_client, edition, people):
    response = organiser_client.post(
        PRINT_URL, {"sort": "name", "layout": "a6", "delegate_type": "international"}
    )

    assert response.status_code == 200
    assert "Không có đại biểu nào đã được duyệt để in theo lựa chọn này." in (
        response.content.decode()
    )
    assert "badge_print_job" not in organiser_client.session


def test_print_tampered_choice_is_refused(organiser_client, edition, people):
    response = organiser_client.post(
        PRINT_URL, {"sort": "name", "layout": "../../etc", "delegate_type": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["layout"]
    assert "badge_print_job" not in organiser_client.session


def _session_job(client, **extra) -> dict:
    from django.utils import timezone

    session = client.session
    job = {
        "task_id": "4a0e4d8f-0000-4000-8000-000000000001",
        "edition_id": 1,
        "sort": "name",
        "layout": "a6",
        "delegate_type": "",
        "count": 1500,
        "started_at": timezone.now().isoformat(),
        "result": None,
        **extra,
    }
    session["badge_print_job"] = job
    session.save()
    return job


def test_status_partial_shows_progress_and_keeps_polling(organiser_client, edition):
    _session_job(organiser_client)
    running = mock.Mock(state="PROGRESS", info={"done": 480, "total": 1500})

    with mock.patch("forum.celery.app.AsyncResult", return_value=running) as async_result:
        response = organiser_client.get(STATUS_URL, headers={"HX-Request": "true"})

    async_result.assert_called_once_with("4a0e4d8f-0000-4000-8000-000000000001")
    body = response.content.decode()
    assert '<progress id="print-progress" value="480" max="1500">' in body
    assert "Đã dựng 480/1500 thẻ (32%)." in body
    assert 'hx-trigger="every 1s"' in body
    assert "<html" not in body


def test_status_partial_queued_job_polls_with_an_indeterminate_bar(organiser_client, edition):
    _session_job(organiser_client)

    with mock.patch("forum.celery.app.AsyncResult", return_value=mock.Mock(state="PENDING")):
        body = organiser_client.get(STATUS_URL).content.decode()

    assert '<progress id="print-progress" max="1500"></progress>' in body
    assert 'hx-trigger="every 1s"' in body


def test_status_partial_when_the_worker_finishes_offers_the_download(
    organiser_client, edition, private_root
):
    _session_job(organiser_client)
    file_id = str(uuid.uuid4())
    path = badges.print_file_path(file_id)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.7")
    finished = mock.Mock(state="SUCCESS", result={"file_id": file_id, "badges": 1500, "pages": 375})

    with mock.patch("forum.celery.app.AsyncResult", return_value=finished):
        body = organiser_client.get(STATUS_URL).content.decode()

    assert "1500 thẻ trên 375 trang." in body
    assert f"/organiser/badges/print/{file_id}.pdf" in body
    assert "hx-trigger" not in body
    # The result is kept in the session: later requests do not need the result backend.
    with mock.patch("forum.celery.app.AsyncResult") as async_result:
        organiser_client.get(STATUS_URL)
    async_result.assert_not_called()


def test_status_partial_reports_a_failed_job(organiser_client, edition):
    _session_job(organiser_client)

    with mock.patch("forum.celery.app.AsyncResult", return_value=mock.Mock(state="FAILURE")):
        body = organiser_client.get(STATUS_URL).content.decode()

    assert "Không tạo được tệp in" in body
    assert "hx-trigger" not in body


def test_print_download_of_an_unknown_file_is_404(organiser_client, edition):
    assert organiser_client.get(f"/organiser/badges/print/{uuid.uuid4()}.pdf").status_code == 404
    assert organiser_client.get("/organiser/badges/print/not-a-uuid.pdf").status_code == 404


# --- E-badge downloads --------------------------------------------------------------------------

MY_BADGE = "/my-registration/badge.pdf"


def test_my_badge_anonymous_is_redirected_to_login(client, edition):
    response = client.get(MY_BADGE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_my_badge_is_the_delegates_own(client, edition):
    mine = approved(edition, name="Đỗ Minh Châu")
    approved(edition, name="Bùi Thị Khác")
    client.force_login(mine.user)

    response = client.get(MY_BADGE)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = page_texts(b"".join(response.streaming_content))[0]
    assert "Đỗ Minh Châu" in text
    assert "Bùi Thị Khác" not in text


def test_my_badge_without_a_registration_is_404(client, edition):
    approved(edition, name="Bùi Thị Khác")
    client.force_login(UserFactory())

    assert client.get(MY_BADGE).status_code == 404


@pytest.mark.parametrize("state", ["pending", "cancelled", "rejected"])
def test_my_badge_not_approved_is_404(client, edition, state):
    registration = pending(edition)
    if state == "cancelled":
        svc.registration_approve(registration_id=registration.pk)
        svc.registration_cancel(registration_id=registration.pk)
    elif state == "rejected":
        svc.registration_reject(registration_id=registration.pk, reason="Không thuộc đối tượng")
    client.force_login(registration.user)

    assert client.get(MY_BADGE).status_code == 404


def test_organiser_downloads_any_approved_delegates_badge(organiser_client, edition):
    registration = approved(edition, name="Đinh Công Tráng")

    response = organiser_client.get(f"/organiser/badges/{registration.pk}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Đinh Công Tráng" in page_texts(b"".join(response.streaming_content))[0]


def test_organiser_badge_of_a_pending_or_unknown_delegate_is_404(organiser_client, edition):
    registration = pending(edition)

    assert organiser_client.get(f"/organiser/badges/{registration.pk}.pdf").status_code == 404
    assert organiser_client.get("/organiser/badges/999999.pdf").status_code == 404


def test_delegate_cannot_download_another_delegates_badge_from_organiser_url(client, edition):
    mine = approved(edition, name="Đỗ Minh Châu")
    other = approved(edition, name="Bùi Thị Khác")
    client.force_login(mine.user)

    assert client.get(f"/organiser/badges/{other.pk}.pdf").status_code == 403


def test_profile_change_regenerates_the_badge_and_removes_the_old_file(
    client, edition, private_root
):
    registration = approved(edition, name="Nguyễn Văn An")
    client.force_login(registration.user)
    first = client.get(MY_BADGE)
    assert "Nguyễn Văn An" in page_texts(b"".join(first.streaming_content))[0]
    old_path = private_root / BadgeFile.objects.get(registration=registration).path
    assert old_path.exists()

    svc.registration_update_profile(
        registration_id=registration.pk, data={"full_name": "Nguyễn Văn Bình"}
    )
    second = client.get(MY_BADGE)

    text = page_texts(b"".join(second.streaming_content))[0]
    assert "Nguyễn Văn Bình" in text
    assert "Nguyễn Văn An" not in text
    assert not old_path.exists()
    badge = BadgeFile.objects.get(registration=registration)
    registration.refresh_from_db()
    assert badge.version == registration.version
    assert list((private_root / "badges" / str(edition.pk)).iterdir()) == [
        private_root / badge.path
    ]


def test_ebadges_for_many_delegates_are_split_one_file_each(edition, people, private_root):
    ids = [r.pk for r in people]

    assert badges.ebadges_render(registration_ids=ids) == 5

    for registration in people:
        path = private_root / BadgeFile.objects.get(registration=registration).path
        pdf = path.read_bytes()
        assert len(pdf_document(pdf)) == 1
        assert registration.full_name in page_texts(pdf)[0]
