"""Hostile input on every form and POST of the awards, as the people who may use them:
enterprises (nominations, attachments), judges (score sheets, conflicts), organisers (setup,
screening, assignment, shortlist, decisions, results). Empty, huge, wrong type, NFD Vietnamese,
years 1 and 9999 with far offsets, forged and foreign ids, choices not offered, NUL bytes,
replays, and files that are not what they claim. The answer is the form again with a
translated error, or a message and nothing done, or 400/404; never a server error, never half
a write. Run on SQLite and on PostgreSQL."""

import zlib
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import (
    Assignment,
    Attachment,
    Award,
    Category,
    Conflict,
    Criterion,
    Judge,
    Nomination,
    Round,
    RoundEntry,
    Score,
    ScoreSheet,
)
from awards.services.assignment import assignment_add
from mail.models import OutgoingEmail
from tests.awards.helpers import (
    TAX_CODES,
    enterprise_make,
    entry_of,
    nomination_data,
    nomination_make,
    pdf_bytes,
    score,
)
from tests.factories import EditionFactory
from tests.together import post_together

HUGE = "9" * 30  # more digits than any database column holds
NFD = "Co\u0302ng ty Co\u0302\u0309 pha\u0302\u0300n Co\u0302ng nghe\u0323\u0302 Vie\u0323\u0302t"
NFC = "Công ty Cổ phần Công nghệ Việt"

REQUIRED = "Trường này là bắt buộc."
NUL = "Không được có ký tự NUL (ký tự rỗng)."
NOT_OFFERED = "Hãy chọn một giá trị hợp lệ."
YEARS = "Năm phải từ 2000 đến 2100."


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def owner(db):
    return enterprise_make("huy@saobacdau.vn", full_name="Phạm Quang Huy")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def foreign_award(db):
    """Another edition's award: its category, panel and judge exist, but not here."""
    from awards.services.setup import award_ensure, category_save

    other = EditionFactory(slug="2024", is_current=False)
    award = award_ensure(edition=other)
    category = category_save(award=award, data={"code": "cu", "name": "Hạng mục cũ"}, actor=None)
    return {
        "award": award,
        "category": category,
        "panel": award.rounds.get(kind="final").panels.get(),
    }


def nomination_post(offered, **overrides) -> dict:
    chosen = overrides.pop("category", offered.pk)
    data = nomination_data(offered, **overrides)
    data["category"] = chosen
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


def nomination_state():
    return sorted(
        Nomination.objects.values_list("id", "company_name", "tax_code", "product_name", "status")
    )


NOMINATION_CASES = [
    ("company_name", "", REQUIRED),
    ("company_name", "Công\x00ty", NUL),
    ("company_name", "c" * 301, "tối đa 300"),
    ("company_name", "x" * 1_000_000, "tối đa 300"),
    ("tax_code", "abc", "Mã số thuế"),
    ("tax_code", HUGE, None),
    ("tax_code", "0100109106\x00", NUL),
    ("tax_code", "0100109107", "Mã số thuế"),  # a wrong check digit
    ("company_size", "khong-lo", NOT_OFFERED),
    ("category", HUGE, NOT_OFFERED),
    ("category", "-1", NOT_OFFERED),
    ("category", "999999", NOT_OFFERED),
    ("category", "cong-nghiep", NOT_OFFERED),
    ("category", "\x00", NUL),
    ("category", lambda s, f: f["category"].pk, NOT_OFFERED),
    ("contact_phone", "không có", "Số điện thoại không hợp lệ"),
    ("contact_phone", "0912\x00345678", None),
    ("contact_phone", "9" * 40, "Số điện thoại không hợp lệ"),
    ("contact_email", "khong-phai-email", "email"),
    ("contact_email", "a\x00@b.vn", NUL),
    ("description", "d" * 5001, "tối đa 5000"),
    ("evidence", "Bằng\x00chứng", NUL),
    ("demo_video_url", "javascript:alert(1)", None),
    ("demo_video_url", "ftp://example.vn/video", None),
    ("demo_video_url", "https://example.vn/" + "v" * 600, "tối đa 500"),
    ("foreign_invested", "on", "51%"),
]


def _value(value, setup, foreign_award):
    return value(setup, foreign_award) if callable(value) else value


@pytest.mark.parametrize(("field", "value", "message"), NOMINATION_CASES)
def test_a_new_nomination_with_a_hostile_value_is_refused_and_nothing_is_written(
    setup, owner_client, foreign_award, field, value, message
):
    before = nomination_state()

    response = owner_client.post(
        "/awards/nominations/new/",
        nomination_post(setup.industry, **{field: _value(value, setup, foreign_award)}),
    )

    errors = response.context["form"].errors
    target = "vietnamese_ownership_declared" if field == "foreign_invested" else field
    assert response.status_code == 200
    assert target in errors, errors
    if message:
        assert message.lower() in " ".join(errors[target]).lower()
    assert nomination_state() == before


@pytest.mark.parametrize(("field", "value", "message"), NOMINATION_CASES[1::3])
def test_an_edited_nomination_with_a_hostile_value_is_left_as_it_was(
    setup, owner, owner_client, foreign_award, field, value, message
):
    nomination = nomination_make(setup, owner=owner, submit=False)
    before = nomination_state()

    response = owner_client.post(
        f"/awards/nominations/{nomination.pk}/",
        {
            **nomination_post(setup.industry, **{field: _value(value, setup, foreign_award)}),
            "submit": "1",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert nomination_state() == before


def test_a_company_typed_with_combining_marks_is_measured_and_kept_in_nfc(setup, owner_client):
    # 300 letters once composed, many more code points as typed.
    padding = "x" * (300 - len((NFC + " ") * 9))
    name = (NFD + " ") * 9 + padding
    composed = (NFC + " ") * 9 + padding
    assert len(composed) == 300 and len(name) > 300

    response = owner_client.post(
        "/awards/nominations/new/", nomination_post(setup.industry, company_name=name)
    )

    assert response.status_code == 302
    assert Nomination.objects.get().company_name == composed


def test_the_same_nomination_posted_twice_is_one_nomination(setup, owner_client):
    data = nomination_post(setup.industry)

    first = owner_client.post("/awards/nominations/new/", data)
    again = owner_client.post("/awards/nominations/new/", data)

    assert first.status_code == 302
    assert again.status_code == 200
    assert "đã có hồ sơ đề cử năm nay" in " ".join(again.context["form"].errors["tax_code"])
    assert Nomination.objects.count() == 1


@pytest.mark.parametrize("nomination_id", ["999999", HUGE])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/awards/nominations/{}/"),
        ("post", "/awards/nominations/{}/"),
        ("post", "/awards/nominations/{}/delete/"),
        ("post", "/awards/nominations/{}/attachments/"),
        ("get", "/awards/attachments/{}/"),
        ("post", "/awards/attachments/{}/delete/"),
        ("get", "/awards/results/{}/"),
        ("get", "/awards/results/{}/certificate.pdf"),
    ],
)
def test_an_enterprise_address_that_names_nothing_is_not_found(
    setup, owner_client, nomination_id, method, path
):
    response = getattr(owner_client, method)(path.format(nomination_id))

    assert response.status_code == 404


def test_another_enterprises_nomination_is_not_found_and_not_changed(setup, owner_client):
    theirs = nomination_make(setup, submit=False)
    before = nomination_state()

    edit = owner_client.post(
        f"/awards/nominations/{theirs.pk}/", nomination_post(setup.industry, product_name="Của tôi")
    )
    delete = owner_client.post(f"/awards/nominations/{theirs.pk}/delete/")
    upload = owner_client.post(
        f"/awards/nominations/{theirs.pk}/attachments/",
        {"files": [SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf")]},
    )

    assert (edit.status_code, delete.status_code, upload.status_code) == (404, 404, 404)
    assert nomination_state() == before
    assert Attachment.objects.filter(nomination=theirs).count() == 0


def flate_bomb_pdf() -> bytes:
    """A one-page PDF whose page content inflates to 200 MB from a few hundred KB."""
    stream = zlib.compress(b"0" * (200 * 1024 * 1024), 9)
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
        b"<</Length %d/Filter/FlateDecode>>stream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size 5/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref
    return out


def encrypted_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("rong.pdf", b"", "Tệp rỗng."),
        ("nen.pdf", b"PK\x03\x04" + b"\x00" * 200, "Tệp không phải PDF (chỉ nhận tệp PDF)."),
        ("nul.pdf", b"\x00" * 2000 + b"%PDF-1.4", "Tệp không phải PDF (chỉ nhận tệp PDF)."),
        ("cut.pdf", "cut", "Tệp PDF bị hỏng hoặc không đọc được."),
        ("rac.pdf", b"%PDF-1.7\n" + b"\xff" * 5000, "Tệp PDF bị hỏng hoặc không đọc được."),
        ("khoa.pdf", "encrypted", "Tệp PDF có mật khẩu; hãy nộp bản không đặt mật khẩu."),
    ],
)
def test_an_attachment_that_is_not_what_it_claims_is_refused_by_name(
    setup, owner, owner_client, private_root, name, content, reason
):
    nomination = nomination_make(setup, owner=owner, submit=False)
    content = {"cut": pdf_bytes()[:300], "encrypted": encrypted_pdf()}.get(content, content)

    response = owner_client.post(
        f"/awards/nominations/{nomination.pk}/attachments/",
        {"files": [SimpleUploadedFile(name, content, "application/pdf")]},
        follow=True,
    )

    assert response.status_code == 200
    assert messages_of(response) == [f"Không nhận tệp “{name}”: {reason}"]
    assert Attachment.objects.count() == 0
    assert not list(private_root.rglob("*.pdf"))


def test_a_pdf_that_inflates_to_hundreds_of_megabytes_is_counted_without_inflating_it(
    setup, owner, owner_client, private_root
):
    nomination = nomination_make(setup, owner=owner, submit=False)

    response = owner_client.post(
        f"/awards/nominations/{nomination.pk}/attachments/",
        {"files": [SimpleUploadedFile("bom.pdf", flate_bomb_pdf(), "application/pdf")]},
        follow=True,
    )

    assert messages_of(response) == ["Đã đính kèm “bom.pdf”."]
    assert Attachment.objects.get().pages == 1


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("ho\x00so.pdf", "hoso.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Windows\\win.ini", "win.ini.pdf"),
        ("Ho\u0302\u0300 so\u031b.pdf", "Hồ sơ.pdf"),
        ("a" * 500 + ".pdf", "a" * 196 + ".pdf"),
        ("<script>.pdf", "script.pdf"),
    ],
)
def test_an_attachment_name_is_kept_as_a_plain_file_name(
    setup, owner, owner_client, private_root, name, stored
):
    nomination = nomination_make(setup, owner=owner, submit=False)

    owner_client.post(
        f"/awards/nominations/{nomination.pk}/attachments/",
        {"files": [SimpleUploadedFile(name, pdf_bytes(), "application/pdf")]},
    )

    assert Attachment.objects.get().name == stored


@pytest.mark.parametrize("files", [{}, {"files": "khong-phai-tep"}, {"files": ""}])
def test_an_upload_without_a_file_says_so(setup, owner, owner_client, files):
    nomination = nomination_make(setup, owner=owner, submit=False)

    response = owner_client.post(
        f"/awards/nominations/{nomination.pk}/attachments/", files, follow=True
    )

    assert messages_of(response) == ["Hãy chọn ít nhất một tệp PDF."]
    assert Attachment.objects.count() == 0


# --- Judges ------------------------------------------------------------------------------


@pytest.fixture
def entry(setup, judges):
    nomination = nomination_make(setup, eligible=True)
    entry = entry_of(setup.scoring, nomination)
    for judge in judges[:2]:
        assignment_add(round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=judge.pk, actor=None)
    return entry


def sheet_post(setup, **overrides) -> dict:
    a, b, c = setup.criteria
    data = {
        f"score_{a.pk}": "7,5",
        f"score_{b.pk}": "15",
        f"score_{c.pk}": "",
        f"note_{a.pk}": "Khá mới",
        "comment": "Nhận xét chung",
    }
    for key, value in overrides.items():
        data[key.format(a=a.pk, b=b.pk)] = value
    return data


def score_state():
    return sorted(Score.objects.values_list("judge_id", "criterion_id", "value", "comment"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("score_{a}", HUGE, "Nhập một số, ví dụ 7,5."),
        ("score_{a}", "-1", "Nhập một số, ví dụ 7,5."),
        ("score_{a}", "11", "Điểm từ 0 đến 10."),
        ("score_{a}", "7,555", "Tối đa hai chữ số thập phân."),
        ("score_{a}", "1e1", "Nhập một số, ví dụ 7,5."),
        ("score_{a}", "NaN", "Nhập một số, ví dụ 7,5."),
        ("score_{a}", "Infinity", "Nhập một số, ví dụ 7,5."),
        ("score_{a}", "\u0667", "Nhập một số, ví dụ 7,5."),  # an Arabic-Indic 7
        ("score_{a}", "7\x00", "Nhập một số, ví dụ 7,5."),
        ("score_{a}", "1.000,5", "Nhập một số, ví dụ 7,5."),
        ("note_{a}", "n" * 2001, "tối đa 2000"),
        ("note_{a}", "Ghi\x00chú", NUL),
        ("comment", "c" * 5001, "tối đa 5000"),
        ("comment", "\x00", NUL),
    ],
)
def test_a_score_sheet_with_a_hostile_value_keeps_what_was_typed_and_saves_nothing(
    setup, judges, entry, client, field, value, message
):
    client.force_login(judges[0].user)
    data = sheet_post(setup, **{field: value})

    response = client.post(f"/awards/judging/{entry.pk}/", {**data, "submit": "1"})

    key = field.format(a=setup.criteria[0].pk)
    form = response.context["form"]
    assert response.status_code == 200
    assert message in " ".join(form.errors[key])
    assert message in response.content.decode()
    assert form["comment"].value() == data["comment"]  # what was typed is shown again
    assert score_state() == [] and not ScoreSheet.objects.exists()


def test_a_submitted_sheet_refuses_a_second_post_and_shows_what_is_stored(
    setup, judges, entry, client
):
    """Before, a POST to a submitted sheet was rendered as if its values were the sheet's (a
    30-digit one crashed the page) and the refusal was not shown."""
    judge = judges[0]
    score(judge, entry, {setup.criteria[0]: 8, setup.criteria[1]: 15})
    client.force_login(judge.user)
    before = score_state()

    for value in ("9", HUGE, "Infinity"):
        response = client.post(
            f"/awards/judging/{entry.pk}/",
            sheet_post(setup, **{"score_{a}": value}) | {"submit": "1"},
            follow=True,
        )
        html = response.content.decode()
        assert response.redirect_chain == [(f"/awards/judging/{entry.pk}/", 302)]
        assert "Phiếu đã nộp và bị khóa; cần ban tổ chức mở lại để sửa." in messages_of(response)
        assert value not in html.split('class="score-value">')[1].split("<")[0]
        assert '<span class="score-value">8</span>' in html
    assert score_state() == before


def test_a_closed_round_refuses_a_sheet_with_a_message(setup, judges, entry, client):
    from django.utils import timezone

    Round.objects.filter(pk=setup.scoring.pk).update(closes_at=timezone.now())
    client.force_login(judges[0].user)

    response = client.post(f"/awards/judging/{entry.pk}/", sheet_post(setup), follow=True)

    assert "Vòng chấm đang đóng: không lưu được điểm." in messages_of(response)
    assert not ScoreSheet.objects.exists()


def test_the_same_draft_posted_twice_is_one_sheet(setup, judges, entry, client):
    client.force_login(judges[0].user)

    for _attempt in range(2):
        client.post(f"/awards/judging/{entry.pk}/", sheet_post(setup))

    assert ScoreSheet.objects.count() == 1
    assert Score.objects.count() == 2


@pytest.mark.parametrize("entry_id", ["999999", HUGE])
def test_a_judge_address_that_names_nothing_is_not_found(setup, judges, client, entry_id):
    client.force_login(judges[0].user)

    assert client.get(f"/awards/judging/{entry_id}/").status_code == 404
    assert client.post(f"/awards/judging/{entry_id}/", {"comment": "x"}).status_code == 404
    assert client.post(f"/awards/judging/{entry_id}/conflict/", {"reason": "x"}).status_code == 404


def test_an_entry_not_assigned_to_the_judge_is_not_found(setup, judges, entry, client):
    client.force_login(judges[2].user)  # on the panel, not assigned

    scored = client.post(f"/awards/judging/{entry.pk}/", sheet_post(setup))
    conflicted = client.post(f"/awards/judging/{entry.pk}/conflict/", {"reason": "Cổ đông"})

    assert (scored.status_code, conflicted.status_code) == (404, 404)
    assert not ScoreSheet.objects.exists() and not Conflict.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", "\x00", "r" * 501])
def test_a_conflict_without_a_readable_reason_is_not_recorded(setup, judges, entry, client, reason):
    client.force_login(judges[0].user)

    response = client.post(f"/awards/judging/{entry.pk}/conflict/", {"reason": reason}, follow=True)

    assert "Hãy nêu ngắn gọn lý do xung đột lợi ích." in messages_of(response)
    assert not Conflict.objects.exists()


# --- Organisers ----------------------------------------------------------------------------


DATES = [
    "31/12/9999 23:59",
    "01/01/0001 00:00",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-12:00",
    "31/12/1999 23:59",
    "01/01/2101 00:00",
]


@pytest.mark.parametrize("field", ["submission_opens_at", "submission_closes_at"])
@pytest.mark.parametrize("value", DATES)
def test_award_dates_far_away_are_refused_and_nothing_changes(
    setup, organiser_client, field, value
):
    data = {"name": "Giải", "submission_opens_at": "", "submission_closes_at": "", field: value}

    response = organiser_client.post("/organiser/awards/settings/", data)

    award = Award.objects.get()
    assert response.status_code == 200
    assert YEARS in " ".join(response.context["form"].errors[field])
    assert (award.name, award.submission_opens_at, award.submission_closes_at) == (
        setup.award.name,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("url", "data", "field", "message"),
    [
        (
            "settings/",
            {"name": "Giải", "submission_opens_at": "22/10/2025 17:00",
             "submission_closes_at": "04/09/2025 08:00"},
            "submission_closes_at",
            "Hạn nộp hồ sơ phải sau lúc mở nhận hồ sơ.",
        ),
        (
            "rounds/new/",
            {"kind": "scoring", "name": "Vòng thêm", "judges_per_entry": "2",
             "scores_visible": "never", "aggregate": "mean", "disagreement_threshold": "3",
             "shortlist_size": "10", "opens_at": "30/12/2025 10:00",
             "closes_at": "30/12/2025 10:00"},
            "closes_at",
            "Giờ đóng phải sau giờ mở.",
        ),
        (
            "rounds/new/",
            {"kind": "screening", "name": "Sàng lọc lần hai", "judges_per_entry": "2",
             "scores_visible": "never", "aggregate": "mean", "disagreement_threshold": "3",
             "shortlist_size": "10"},
            "kind",
            "Giải thưởng đã có một vòng sàng lọc.",
        ),
        (
            "rounds/{scoring}/criteria/new/",
            {"name": "Tác động", "weight": "0", "max_score": "10"},
            "weight",
            "Trọng số phải lớn hơn 0.",
        ),
    ],
)  # fmt: skip
def test_what_the_database_would_refuse_is_said_under_its_field_in_vietnamese(
    setup, organiser_client, url, data, field, message
):
    """Before, these came back as "Constraint “award_…” is violated.", in English, at the top
    of the form."""
    rounds, criteria = Round.objects.count(), Criterion.objects.count()

    response = organiser_client.post(
        "/organiser/awards/" + url.format(scoring=setup.scoring.pk), data
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in html and "Constraint" not in html
    assert (Round.objects.count(), Criterion.objects.count()) == (rounds, criteria)
    assert Award.objects.get().submission_opens_at is None


@pytest.mark.parametrize(
    "value", ["30/02/2025 10:00", "30/12/2025 25:00", HUGE, "\x00", "30/12/2025 10:00 +25:00"]
)
def test_award_dates_that_are_no_dates_are_refused(setup, organiser_client, value):
    response = organiser_client.post(
        "/organiser/awards/settings/", {"name": "Giải", "submission_opens_at": value}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["submission_opens_at"]
    assert Award.objects.get().submission_opens_at is None


CATEGORY_CASES = [
    ("code", "Đặc-biệt", None),
    ("code", "a\x00b", NUL),
    ("code", "cong-nghiep", None),  # another category's code
    ("name", "", REQUIRED),
    ("name", "\x00", NUL),
    ("name", "n" * 301, "tối đa 300"),
    ("description", "d" * 3001, "tối đa 3000"),
    ("position", HUGE, None),
    ("position", "-1", None),
    ("position", "1e3", None),
]


@pytest.mark.parametrize(("field", "value", "message"), CATEGORY_CASES)
def test_a_category_with_a_hostile_value_is_refused(setup, organiser_client, field, value, message):
    before = sorted(Category.objects.values_list("id", "code", "name", "position"))
    data = {"code": "moi", "name": "Hạng mục mới", "position": "3", field: value}

    response = organiser_client.post("/organiser/awards/categories/new/", data)

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert errors
    if message:
        assert message in " ".join(errors[field])
    assert sorted(Category.objects.values_list("id", "code", "name", "position")) == before


ROUND_CASES = [
    ("kind", "vong-ngoai", NOT_OFFERED),
    ("name", "\x00", NUL),
    ("position", HUGE, None),
    ("position", "-3", None),
    ("opens_at", "31/12/9999 23:59", YEARS),
    ("closes_at", "0001-01-01T00:00:00-12:00", YEARS),
    ("judges_per_entry", HUGE, None),
    ("judges_per_entry", "0", None),
    ("scores_visible", "luon-luon", NOT_OFFERED),
    ("aggregate", "max", NOT_OFFERED),
    ("disagreement_threshold", "NaN", None),
    ("disagreement_threshold", "Infinity", None),
    ("disagreement_threshold", "1e400", None),
    ("disagreement_threshold", HUGE, None),
    ("disagreement_threshold", "-1", None),
    ("shortlist_size", HUGE, None),
]


@pytest.mark.parametrize(("field", "value", "message"), ROUND_CASES)
def test_a_round_with_a_hostile_value_is_left_as_it_was(
    setup, organiser_client, field, value, message
):
    fields = ("id", "kind", "name", "position", "opens_at", "judges_per_entry", "shortlist_size")
    before = sorted(Round.objects.values_list(*fields))
    data = {
        "kind": "scoring",
        "name": "Tiểu ban",
        "position": "2",
        "judges_per_entry": "2",
        "scores_visible": "never",
        "aggregate": "mean",
        "disagreement_threshold": "3",
        "shortlist_size": "10",
        field: value,
    }

    response = organiser_client.post(f"/organiser/awards/rounds/{setup.scoring.pk}/edit/", data)

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert field in errors, errors
    if message:
        assert message in " ".join(errors[field])
    assert "Constraint" not in response.content.decode()  # Django's untranslated default
    assert sorted(Round.objects.values_list(*fields)) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("weight", "NaN"),
        ("weight", "Infinity"),
        ("weight", "1e9"),
        ("weight", HUGE),
        ("weight", "-1"),
        ("weight", "1,234"),
        ("max_score", HUGE),
        ("max_score", "-10"),
        ("name", "\x00"),
        ("guidance", "g" * 2001),
        ("position", HUGE),
    ],
)
def test_a_criterion_with_a_hostile_value_is_left_as_it_was(setup, organiser_client, field, value):
    criterion = setup.criteria[0]
    fields = ("id", "name", "weight", "max_score", "position")
    before = sorted(Criterion.objects.values_list(*fields))
    data = {"name": "Tính mới", "weight": "2", "max_score": "10", "required": "on", field: value}

    edit = organiser_client.post(f"/organiser/awards/criteria/{criterion.pk}/", data)
    new = organiser_client.post(f"/organiser/awards/rounds/{setup.scoring.pk}/criteria/new/", data)

    assert edit.status_code == 200 and field in edit.context["form"].errors
    assert new.status_code == 200 and field in new.context["form"].errors
    assert "Constraint" not in edit.content.decode() + new.content.decode()
    assert sorted(Criterion.objects.values_list(*fields)) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("panels", [HUGE], NOT_OFFERED),
        ("panels", ["-1"], NOT_OFFERED),
        ("panels", ["tieu-ban"], NOT_OFFERED),
        ("panels", ["\x00"], NUL),
        ("panels", lambda s, f: [f["panel"].pk], NOT_OFFERED),
        ("email", "gk9\x00@example.vn", NUL),
        ("email", "khong-co@example.vn", None),
        ("title", "t" * 101, "tối đa 100"),
        ("tax_code", "123", "Mã số thuế"),
    ],
)
def test_a_judge_with_a_hostile_value_is_refused(
    setup, judges, organiser_client, user_factory, foreign_award, field, value, message
):
    """Before, a panel id of 30 digits was a server error on SQLite."""
    from registration import roles
    from tests.factories import user_with_roles

    user_with_roles(roles.JUDGE, email="gk9@example.vn")
    before = sorted(Judge.objects.values_list("id", "title", "tax_code"))
    panels = sorted(Judge.panels.through.objects.values_list("judge_id", "panel_id"))
    data = {"email": "gk9@example.vn", "title": "PGS. TS.", "tax_code": ""}
    data[field] = _value(value, setup, foreign_award)

    responses = [organiser_client.post("/organiser/awards/judges/", data)]
    if field != "email":  # a judge's email is not edited, only given when the judge is added
        responses.append(organiser_client.post(f"/organiser/awards/judges/{judges[0].pk}/", data))

    for response in responses:
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert field in errors, errors
        if message:
            assert message in " ".join(errors[field])
    assert sorted(Judge.objects.values_list("id", "title", "tax_code")) == before
    assert sorted(Judge.panels.through.objects.values_list("judge_id", "panel_id")) == panels


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=" + "q" * 5000,
        f"category={HUGE}",
        "category=-1&status=zzz&eligibility=%00",
        "page=-1",
        f"page={HUGE}",
        "page=" + "9" * 5000,
        "page=abc&page=2",
        "q=nguye%CC%82%CC%83n",
    ],
)
def test_the_organisers_nomination_list_ignores_what_it_cannot_read(setup, organiser_client, query):
    nomination_make(setup)

    response = organiser_client.get(f"/organiser/awards/nominations/?{query}")

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision": "co-the"}, "decision"),
        ({"decision": "ineligible", "reason": ""}, "reason"),
        ({"decision": "ineligible", "reason": "\x00"}, "reason"),
        ({"decision": "ineligible", "reason": "r" * 1001}, "reason"),
        ({"reason": ""}, "decision"),
    ],
)
def test_a_screening_with_a_hostile_value_decides_nothing(setup, organiser_client, data, field):
    nomination = nomination_make(setup)

    response = organiser_client.post(f"/organiser/awards/nominations/{nomination.pk}/", data)

    nomination.refresh_from_db()
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert nomination.eligibility == Nomination.Eligibility.PENDING
    assert not OutgoingEmail.objects.filter(kind__startswith="award_screen").exists()


@pytest.mark.parametrize("judge", [HUGE, "-1", "abc", "\x00", "999999", "foreign"])
def test_a_conflict_for_a_judge_that_is_not_one_is_not_recorded(
    setup, judges, organiser_client, foreign_award, user_factory, judge
):
    nomination = nomination_make(setup)
    if judge == "foreign":
        from awards.services.setup import judge_save
        from registration import roles
        from tests.factories import user_with_roles

        user_with_roles(roles.JUDGE, email="cu@example.vn")
        judge = judge_save(
            award=foreign_award["award"], email="cu@example.vn", data={}, actor=None
        ).pk

    response = organiser_client.post(
        f"/organiser/awards/nominations/{nomination.pk}/conflict/",
        {"judge": judge, "reason": "Cổ đông"},
        follow=True,
    )

    assert response.status_code == 200
    assert messages_of(response)[0] in (
        "Hãy chọn giám khảo.",
        "Không tìm thấy giám khảo hoặc hồ sơ.",
    )
    assert not Conflict.objects.exists()


@pytest.mark.parametrize(
    ("entry", "judge"),
    [(HUGE, "1"), ("1", HUGE), ("-1", "1"), ("999999", "999999"), ("abc", "\x00")],
)
def test_an_assignment_of_nothing_is_refused(setup, judges, organiser_client, entry, judge):
    nomination_make(setup, eligible=True)

    response = organiser_client.post(
        f"/organiser/awards/rounds/{setup.scoring.pk}/assignments/add/",
        {"entry": entry, "judge": judge},
        follow=True,
    )

    assert response.status_code == 200
    assert messages_of(response)
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"category": "1", "size": "0"}, "Số hồ sơ vào vòng sau phải từ 1 đến 500."),
        ({"category": "1", "size": "501"}, "Số hồ sơ vào vòng sau phải từ 1 đến 500."),
        ({"category": "1", "size": HUGE}, "Số hồ sơ vào vòng sau phải từ 1 đến 500."),
        ({"category": HUGE, "size": "5"}, "Không tìm thấy hạng mục."),
        ({"category": "999999", "size": "5"}, "Không tìm thấy hạng mục."),
        ({"category": "\x00", "size": "5"}, "Số hồ sơ vào vòng sau phải từ 1 đến 500."),
    ],
)
def test_a_shortlist_of_nothing_adds_nothing(setup, organiser_client, data, message):
    before = RoundEntry.objects.count()

    response = organiser_client.post(
        f"/organiser/awards/rounds/{setup.scoring.pk}/shortlist/", data, follow=True
    )

    assert messages_of(response) == [message]
    assert RoundEntry.objects.count() == before


@pytest.fixture
def finalist(setup):
    nomination = nomination_make(setup, eligible=True)
    RoundEntry.objects.create(round=setup.final, nomination=nomination, source="shortlist")
    return nomination


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({f"tier_{HUGE}": "gold"}, "Có hồ sơ không thuộc vòng chung khảo."),
        ({"tier_" + "9" * 5000: "gold"}, "Có hồ sơ không thuộc vòng chung khảo."),
        ({"tier_999999": "gold"}, "Có hồ sơ không thuộc vòng chung khảo."),
        ({"tier_-1": "gold"}, "Có hồ sơ không thuộc vòng chung khảo."),
        ({"tier_\u0663": "gold"}, "Có hồ sơ không thuộc vòng chung khảo."),
        ({"tier_abc": "gold"}, "Có hồ sơ không thuộc vòng chung khảo."),
        ({"tier_{}": "kim-cuong"}, "Mức giải không hợp lệ."),
        ({"tier_{}": "\x00"}, "Mức giải không hợp lệ."),
    ],
)
def test_decisions_for_forged_nominations_change_nothing(
    setup, organiser_client, finalist, extra, message
):
    """Before, a nomination id of 30 digits was a server error on SQLite (and one of 5,000
    digits on every database: Python refuses to read it as a number)."""
    data = {f"tier_{finalist.pk}": "gold"}
    data.update({key.format(finalist.pk): value for key, value in extra.items()})

    response = organiser_client.post(
        f"/organiser/awards/rounds/{setup.final.pk}/decisions/",
        urlencode(data),  # a form's own encoding: a field name of any length
        content_type="application/x-www-form-urlencoded",
        follow=True,
    )

    finalist.refresh_from_db()
    assert messages_of(response) == [message]
    assert finalist.tier == ""


def test_the_same_decisions_posted_twice_change_once(setup, organiser_client, finalist):
    url = f"/organiser/awards/rounds/{setup.final.pk}/decisions/"

    first = organiser_client.post(url, {f"tier_{finalist.pk}": "gold"}, follow=True)
    again = organiser_client.post(url, {f"tier_{finalist.pk}": "gold"}, follow=True)

    assert messages_of(first) == ["Đã lưu 1 quyết định."]
    assert messages_of(again) == ["Đã lưu 0 quyết định."]


@pytest.mark.parametrize("data", [{}, {"action": "cong-bo"}, {"action": ""}, {"action": "\x00"}])
def test_results_are_published_only_by_their_own_button(setup, organiser_client, finalist, data):
    """Before, any POST that did not say "unpublish" published the results and emailed every
    enterprise."""
    from awards.services.advancing import decisions_save

    decisions_save(round_id=setup.final.pk, tiers={finalist.pk: "gold"}, actor=None)

    response = organiser_client.post("/organiser/awards/results/", data)

    assert response.status_code == 400
    assert Award.objects.get().results_published_at is None
    assert not OutgoingEmail.objects.filter(kind="award_result").exists()


@pytest.mark.parametrize("thing_id", ["999999", HUGE])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "rounds/{}/"),
        ("post", "rounds/{}/assign/"),
        ("get", "rounds/{}/ranking/"),
        ("get", "rounds/{}/scores.xlsx"),
        ("post", "rounds/{}/shortlist/"),
        ("post", "rounds/{}/decisions/"),
        ("get", "rounds/{}/edit/"),
        ("get", "rounds/{}/criteria/new/"),
        ("get", "criteria/{}/"),
        ("post", "criteria/{}/delete/"),
        ("get", "categories/{}/"),
        ("get", "judges/{}/"),
        ("get", "nominations/{}/"),
        ("get", "nominations/{}/certificate.pdf"),
    ],
)
def test_an_organiser_address_that_names_nothing_is_not_found(
    setup, organiser_client, thing_id, method, path
):
    response = getattr(organiser_client, method)("/organiser/awards/" + path.format(thing_id))

    assert response.status_code == 404


@pytest.mark.parametrize("thing_id", ["999999", HUGE])
def test_removing_or_reopening_nothing_changes_nothing(setup, judges, organiser_client, thing_id):
    nomination = nomination_make(setup, eligible=True)
    entry = entry_of(setup.scoring, nomination)
    assignment_add(round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=judges[0].pk, actor=None)
    base = f"/organiser/awards/rounds/{setup.scoring.pk}/"

    removed = organiser_client.post(base + f"assignments/{thing_id}/remove/", follow=True)
    reopened = organiser_client.post(base + f"sheets/{thing_id}/reopen/", follow=True)
    conflict = organiser_client.post(
        f"/organiser/awards/nominations/{thing_id}/conflict/",
        {"judge": judges[0].pk},
        follow=True,
    )

    # Removing what is not there is what a second click on "remove" finds: already done.
    assert messages_of(removed) == ["Đã bỏ phân công."]
    assert messages_of(reopened) == ["Không tìm thấy phiếu chấm."]
    assert conflict.status_code == 404
    assert Assignment.objects.count() == 1 and not Conflict.objects.exists()


def test_a_second_nomination_of_the_same_product_is_refused_across_spellings(setup, owner_client):
    """The same product typed once composed and once with combining marks is one product."""
    first = owner_client.post(
        "/awards/nominations/new/", nomination_post(setup.industry, product_name=NFC)
    )
    second = owner_client.post(
        "/awards/nominations/new/",
        nomination_post(setup.industry, product_name=NFD, tax_code=TAX_CODES[0]),
    )

    assert first.status_code == 302
    assert second.status_code == 200
    assert Nomination.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("thing", ["category", "judge"])
def test_two_organisers_adding_the_same_thing_at_once_get_one_and_a_reason(
    setup, organiser, monkeypatch, thing
):
    """Both requests pass the duplicate check before either writes (a barrier holds them at
    the insert); the second insert then meets the unique constraint. Before, that was a server
    error; now the second organiser is told, like the check tells."""
    from registration import roles
    from tests.factories import user_with_roles

    if thing == "category":
        model, url = Category, "/organiser/awards/categories/new/"
        data = {"code": "nong-nghiep", "name": "Nông nghiệp", "position": "5"}
        message = "đã tồn tại"
    else:
        user_with_roles(roles.JUDGE, email="gk9@example.vn")
        model, url = Judge, "/organiser/awards/judges/"
        data = {"email": "gk9@example.vn", "title": "TS."}
        message = "gk9@example.vn đã là giám khảo của giải."
    before = model.objects.count()
    answers = post_together(monkeypatch, model=model, user=organiser, url=url, data=data)

    assert sorted(response.status_code for response in answers) == [200, 302]
    refused = next(response for response in answers if response.status_code == 200)
    assert message in refused.content.decode()
    assert model.objects.count() == before + 1
