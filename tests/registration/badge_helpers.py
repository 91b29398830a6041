"""Helpers for the badge tests: delegates made through the services, and PDFs read back."""

import unicodedata

from registration.models import DelegateType, Registration
from registration.services import registrations as svc
from tests.factories import ALL_CONSENTS, UserFactory, submission

MM_PER_INCH = 25.4
LONG_NAME = "Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc Khánh"


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


PEOPLE = [
    ("Phạm Văn Đông", "Viettel", DelegateType.ENTERPRISE),
    ("Lê Thị Dung", "Công ty Cổ phần FPT", DelegateType.ENTERPRISE),
    ("Trần Văn Ân", "Đại học Quốc gia Hà Nội", DelegateType.RESEARCH),
    ("Ngô Thị Anh", "Công ty Cổ phần FPT", DelegateType.ENTERPRISE),
    ("Vũ Văn Ba", "Báo Nhân Dân", DelegateType.PRESS),
]


def first_names(pdf: bytes) -> list[str]:
    names = [name for name, _org, _kind in PEOPLE]
    return [next(n for n in names if n in text) for text in page_texts(pdf)]
