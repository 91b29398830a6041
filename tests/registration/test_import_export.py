import csv
import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forum.models import Edition
from mail.models import OutgoingEmail
from registration.models import AuditLog, ConsentRecord, Registration
from registration.services import importing
from registration.services import registrations as svc
from tests.factories import ALL_CONSENTS, EditionFactory, UserFactory, submission

Status = Registration.Status
IMPORT_URL = "/organiser/delegates/import/"
HEADER = "Họ và tên,Danh xưng,Chức vụ,Đơn vị,Loại đại biểu,Email,Điện thoại,Tỉnh/thành\n"


@pytest.fixture
def edition(db):
    return EditionFactory(
        slug="2025", capacity=10, registration_mode=Edition.RegistrationMode.MODERATED
    )


def register(edition, name="Nguyễn Văn An", **data):
    return svc.registration_submit(
        edition_id=edition.pk,
        user=UserFactory(),
        data=submission(full_name=name, **data),
        consents=ALL_CONSENTS,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def upload(client, content: bytes, name="danh-sach.csv", follow=True):
    return client.post(
        IMPORT_URL, {"file": SimpleUploadedFile(name, content, "text/csv")}, follow=follow
    )


# --- Export -------------------------------------------------------------------------------------


def test_export_csv_has_bom_vietnamese_national_phone_and_local_time(organiser_client, edition):
    registration = register(
        edition, "Đặng Thị Ánh", honorific="Bà", position="Phó Giám đốc", phone="+84912345678"
    )
    Registration.objects.filter(pk=registration.pk).update(
        created_at=dt.datetime(2025, 11, 3, 17, 5, tzinfo=dt.UTC)
    )

    response = organiser_client.get(reverse("registration:delegate_export_csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="dai-bieu-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        [
            "Họ và tên",
            "Danh xưng",
            "Chức vụ",
            "Đơn vị",
            "Loại đại biểu",
            "Email",
            "Điện thoại",
            "Tỉnh/thành",
            "Trạng thái",
            "Vị trí chờ",
            "Ngày đăng ký",
        ],
        [
            "Đặng Thị Ánh",
            "Bà",
            "Phó Giám đốc",
            "Công ty Cổ phần MISA",
            "Doanh nghiệp",
            registration.email,
            "0912 345 678",
            "Thành phố Hà Nội",
            "Chờ duyệt",
            "",
            "04/11/2025 00:05",
        ],
    ]


def test_export_csv_defuses_formulas(organiser_client, edition):
    register(edition, "Nguyễn Văn An", organisation='=HYPERLINK("http://x","bấm")')
    register(edition, "Lê Văn Bình", organisation="@SUM(A1)", position="-1+2")

    response = organiser_client.get(reverse("registration:delegate_export_csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row[2], row[3]) for row in rows[1:]] == [
        ("Giám đốc", '\'=HYPERLINK("http://x","bấm")'),
        ("'-1+2", "'@SUM(A1)"),
    ]


def test_export_csv_follows_the_list_filters(organiser_client, edition):
    register(edition, "Nguyễn Văn An")
    register(edition, "Đặng Thị Ánh")

    response = organiser_client.get(reverse("registration:delegate_export_csv"), {"q": "dang"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Đặng Thị Ánh"]


def test_export_xlsx_reads_back_with_vietnamese_and_text_not_formulas(organiser_client, edition):
    from openpyxl import load_workbook

    edition.capacity = 1
    edition.save()
    first = register(edition, "Trần Văn Đức", organisation="=1+1")
    svc.registration_approve(registration_id=first.pk)
    register(edition, "Ngô Thị Ước")  # no seat left: waiting list

    response = organiser_client.get(reverse("registration:delegate_export_xlsx"))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["Họ và tên", "Danh xưng", "Chức vụ", "Đơn vị"]
    assert [(r[0], r[3], r[8], r[9]) for r in rows[1:]] == [
        ("Trần Văn Đức", "=1+1", "Đã duyệt", None),
        ("Ngô Thị Ước", "Công ty Cổ phần MISA", "Danh sách chờ", 1),
    ]
    assert sheet["D2"].data_type == "s"


# --- Import: parsing ----------------------------------------------------------------------------


def test_import_preview_lists_every_row_with_its_errors_and_writes_nothing(
    organiser_client, edition
):
    existing = register(edition, "Lê Văn Có")
    content = (
        HEADER
        + "Nguyễn Văn An,Ông,Giám đốc,Công ty FPT,Doanh nghiệp,an@fpt.vn,0912 345 678,Hà Nội\n"
        + ",Bà,,Báo Nhân Dân,press,khong-ten@nhandan.vn,,Hà Nội\n"
        + "Trần Thị Bình,,,Sở KH&CN,gov_local,binh@@gov,0912 345 678,Bình Dương\n"
        + "Phạm Cường,,,Viettel,enterprise,cuong@viettel.vn,12345,Hà Nội\n"
        + "Vũ Dũng,,,VNPT,enterprise,dung@vnpt.vn,,Atlantis\n"
        + "Nguyễn Văn An Hai,,,FPT,enterprise,AN@fpt.vn,,Hà Nội\n"
        + f"Lê Văn Có,,,MISA,enterprise,{existing.email.upper()},,Hà Nội\n"
        + "Hoàng Em,,,Bkav,Doanh nghiệp,em@bkav.vn,,Bình Dương\n"
    ).encode()

    response = upload(organiser_client, content)

    assert response.status_code == 200
    preview = response.context["preview"]
    assert [(row.line, row.status, row.errors, row.skipped) for row in preview.rows] == [
        (2, "ok", [], ""),
        (3, "error", ["Thiếu họ và tên."], ""),
        (4, "error", ["Email “binh@@gov” không hợp lệ."], ""),
        (5, "error", ["Số điện thoại “12345” không hợp lệ."], ""),
        (6, "error", ["Không nhận ra tỉnh/thành “Atlantis”."], ""),
        (7, "error", ["Email trùng với dòng 2 trong tệp."], ""),
        (8, "skipped", [], "Đã đăng ký (bỏ qua)."),
        (9, "ok", [], ""),
    ]
    assert preview.rows[0].data["phone"] == "+84912345678"
    assert preview.rows[7].data["province"] == "Thành phố Hồ Chí Minh"
    assert preview.rows[7].data["delegate_type"] == "enterprise"
    html = response.content.decode()
    assert "Tạo 2 đăng ký" in html
    assert "Thiếu họ và tên." in html
    assert Registration.objects.count() == 1


def test_import_parse_accepts_english_headers_semicolons_and_bom(edition):
    content = (
        "\ufeffFull name;Email;Organisation;Delegate type;Province;Phone\n"
        "Nguyễn Thị Thu Hà;ha@mst.gov.vn;Bộ Khoa học và Công nghệ;ministry;Hanoi;+84 24 3943 9731\n"
    ).encode()

    preview = importing.import_parse(edition=edition, file_name="list.csv", data=content)

    assert [(row.status, row.errors) for row in preview.rows] == [("ok", [])]
    assert preview.rows[0].data["full_name"] == "Nguyễn Thị Thu Hà"
    assert preview.rows[0].data["delegate_type"] == "gov_ministry"
    assert preview.rows[0].data["province"] == "Thành phố Hà Nội"


def test_import_xlsx_upload_is_parsed(organiser_client, edition):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Họ và tên", "Email", "Đơn vị", "Loại", "Tỉnh/thành", "Điện thoại"])
    workbook.active.append(
        ["Đỗ Thị Ngọc Ánh", "anh@vinai.io", "VinAI", "Doanh nghiệp", "TP HCM", 912345678]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(organiser_client, buffer.getvalue(), name="moi.xlsx")

    rows = response.context["preview"].rows
    assert [(row.status, row.data["full_name"], row.data["phone"]) for row in rows] == [
        ("ok", "Đỗ Thị Ngọc Ánh", "+84912345678")
    ]


def test_import_missing_required_column_is_explained(organiser_client, edition):
    response = upload(organiser_client, "Tên,Đơn vị\nAn,FPT\n".encode())

    assert response.context["form"].errors["file"] == [
        "Không tìm thấy cột bắt buộc: Họ và tên, Email. Dòng đầu tiên phải là tiêu đề cột, "
        "ví dụ: Họ và tên, Email, Điện thoại, Đơn vị, Loại đại biểu, Tỉnh/thành."
    ]


@pytest.mark.parametrize("encoding", ["cp1258", "latin-1"])
def test_import_wrong_encoding_is_refused_and_creates_nothing(organiser_client, edition, encoding):
    text = (
        HEADER
        + "Le Van A,,,Cong ty,enterprise,a@x.vn,,Hà Nội\n"
        + "José Müller,,,Firma,enterprise,j@x.de,,Nước ngoài\n"
    )
    content = text.replace("Họ và tên", "Ho va ten").encode(encoding, errors="replace")

    response = upload(organiser_client, content)

    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert error.startswith("Tệp không phải mã UTF-8")
    assert "organiser_import" not in organiser_client.session
    assert Registration.objects.count() == 0


def test_import_file_over_2_mb_is_refused(organiser_client, edition):
    content = (HEADER + "x" * (2 * 1024 * 1024)).encode()

    response = upload(organiser_client, content)

    assert response.context["form"].errors["file"] == ["Tệp quá lớn (tối đa 2 MB)."]
    assert Registration.objects.count() == 0


def test_import_parse_over_5000_rows_is_refused(edition):
    content = (HEADER + "An,,,FPT,enterprise,a@b.vn,,Hà Nội\n" * 5001).encode()

    with pytest.raises(importing.ServiceError) as error:
        importing.import_parse(edition=edition, file_name="big.csv", data=content)

    assert error.value.code == "too_many_rows"
    assert error.value.message == "Tệp có quá nhiều dòng (tối đa 5.000 đại biểu mỗi lần)."


def test_import_binary_or_old_excel_is_refused(edition):
    with pytest.raises(importing.ServiceError) as old_excel:
        importing.import_parse(
            edition=edition, file_name="a.xls", data=b"\xd0\xcf\x11\xe0" + b"0" * 50
        )
    with pytest.raises(importing.ServiceError) as broken_zip:
        importing.import_parse(edition=edition, file_name="a.xlsx", data=b"PK\x03\x04garbage")

    assert old_excel.value.code == "unreadable"
    assert broken_zip.value.code == "unreadable"


# --- Import: confirmation -----------------------------------------------------------------------

VALID = (
    HEADER
    + "Nguyễn Văn An,Ông,Giám đốc,Công ty FPT,Doanh nghiệp,an@fpt.vn,0912 345 678,Hà Nội\n"
    + "Đặng Thị Ánh,Bà,Phóng viên,Báo Nhân Dân,press,anh@nhandan.vn,,Bình Dương\n"
).encode()


def test_import_confirm_creates_approved_registrations_with_consent_and_audit(
    organiser_client, organiser, edition, django_capture_on_commit_callbacks
):
    preview = upload(organiser_client, VALID, follow=False)
    token = preview.url.rstrip("/").rsplit("/", 1)[-1]
    assert Registration.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("registration:delegate_import_confirm", kwargs={"token": token}), follow=True
        )

    assert messages_of(response) == ["Đã nhập và duyệt 2 đại biểu."]
    created = Registration.objects.order_by("sort_key")
    assert [(r.full_name, r.email, r.status, r.source, r.user_id) for r in created] == [
        ("Nguyễn Văn An", "an@fpt.vn", Status.APPROVED, "import", None),
        ("Đặng Thị Ánh", "anh@nhandan.vn", Status.APPROVED, "import", None),
    ]
    anh = created[1]
    assert anh.province == "Thành phố Hồ Chí Minh"
    assert anh.decided_by == organiser
    consents = dict(
        ConsentRecord.objects.filter(registration=anh).values_list("purpose", "granted")
    )
    assert consents == {
        "administration": True,
        "press_photos": False,
        "security_sharing": False,
        "newsletter": False,
    }
    audit = AuditLog.objects.get(registration=anh, action="imported")
    assert audit.actor == organiser
    assert audit.detail == {"file": "danh-sach.csv", "line": 3}
    # One email per invitee: the approval (no "received" notice before it).
    assert sorted(OutgoingEmail.objects.values_list("recipient", "kind", "status")) == [
        ("an@fpt.vn", "approved", "sent"),
        ("anh@nhandan.vn", "approved", "sent"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["an@fpt.vn", "anh@nhandan.vn"]
    assert "organiser_import" not in organiser_client.session


def test_import_reimport_same_file_creates_no_duplicates(organiser_client, edition):
    first = upload(organiser_client, VALID, follow=False)
    organiser_client.post(first.url + "confirm/")

    second = upload(organiser_client, VALID)

    assert [row.status for row in second.context["preview"].rows] == ["skipped", "skipped"]
    assert "Không có dòng hợp lệ nào để nhập." in second.content.decode()
    token = second.context["token"]
    organiser_client.post(reverse("registration:delegate_import_confirm", kwargs={"token": token}))
    assert Registration.objects.count() == 2


def test_import_confirm_twice_imports_once(organiser_client, edition):
    preview = upload(organiser_client, VALID, follow=False)

    organiser_client.post(preview.url + "confirm/", follow=True)
    again = organiser_client.post(preview.url + "confirm/", follow=True)

    assert Registration.objects.count() == 2
    assert messages_of(again) == [
        "Phiên nhập danh sách đã hết hạn hoặc đã được xác nhận. Không có gì thay đổi."
    ]


def test_import_confirm_row_registered_meanwhile_is_skipped(organiser_client, edition):
    preview = upload(organiser_client, VALID, follow=False)
    svc.registration_submit(
        edition_id=edition.pk,
        user=None,
        data={**submission(), "email": "an@fpt.vn"},
        consents=ALL_CONSENTS,
        source="import",
    )

    response = organiser_client.post(preview.url + "confirm/", follow=True)

    assert messages_of(response) == [
        "Đã nhập và duyệt 1 đại biểu.",
        "Bỏ qua 1 dòng đã đăng ký: Nguyễn Văn An",
    ]
    assert Registration.objects.filter(email="an@fpt.vn").count() == 1


def test_import_when_full_puts_invitees_on_the_waiting_list(organiser_client, edition):
    edition.capacity = 1
    edition.save()
    preview = upload(organiser_client, VALID, follow=False)

    response = organiser_client.post(preview.url + "confirm/", follow=True)

    assert messages_of(response) == [
        "Đã nhập và duyệt 1 đại biểu.",
        "1 đại biểu vào danh sách chờ vì đã hết chỗ.",
    ]
    assert sorted(Registration.objects.values_list("status", flat=True)) == [
        Status.APPROVED,
        Status.WAITLISTED,
    ]


def test_import_preview_of_another_session_token_is_refused(client, organiser_client, edition):
    preview = upload(organiser_client, VALID, follow=False)
    bogus = reverse("registration:delegate_import_confirm", kwargs={"token": "forged-token"})

    response = organiser_client.post(bogus, follow=True)

    assert response.redirect_chain[-1][0] == IMPORT_URL
    assert Registration.objects.count() == 0
    assert organiser_client.get(preview.url).status_code == 200


def test_import_parse_with_english_active_still_reads_vietnamese_labels(edition):
    from django.utils import translation

    content = (HEADER + "Lê Văn Tám,,,Báo Tuổi Trẻ,Báo chí,tam@tuoitre.vn,,Đà Nẵng\n").encode()

    with translation.override("en"):
        preview = importing.import_parse(edition=edition, file_name="a.csv", data=content)

    assert [(row.status, row.data["delegate_type"]) for row in preview.rows] == [("ok", "press")]
    assert preview.rows[0].data["province"] == "Thành phố Đà Nẵng"


def test_import_runs_in_short_steps_with_a_progress_page(organiser_client, edition, monkeypatch):
    from registration.views.organiser import imports as organiser_views

    monkeypatch.setattr(organiser_views, "IMPORT_STEP_SECONDS", 0)  # one row per request
    preview = upload(organiser_client, VALID, follow=False)
    confirm = preview.url + "confirm/"

    first = organiser_client.post(confirm)
    progress = organiser_client.get(first.url)
    again_preview = organiser_client.get(preview.url)
    last = organiser_client.post(confirm, follow=True)

    assert first.url == preview.url + "progress/"
    assert (progress.context["done"], progress.context["total"]) == (1, 2)
    assert 'max="2" value="1"' in progress.content.decode()
    assert again_preview.url == preview.url + "progress/"
    assert messages_of(last) == ["Đã nhập và duyệt 2 đại biểu."]
    assert Registration.objects.count() == 2
    assert "organiser_import" not in organiser_client.session


def test_import_steps_with_htmx_render_progress_then_redirect(
    organiser_client, edition, monkeypatch
):
    from registration.views.organiser import imports as organiser_views

    monkeypatch.setattr(organiser_views, "IMPORT_STEP_SECONDS", 0)
    preview = upload(organiser_client, VALID, follow=False)
    confirm = preview.url + "confirm/"

    first = organiser_client.post(confirm, headers={"HX-Request": "true"})
    second = organiser_client.post(confirm, headers={"HX-Request": "true"})

    assert first.status_code == 200
    assert first.content.decode().lstrip().startswith('<section id="import-progress"')
    assert 'hx-trigger="load delay:100ms"' in first.content.decode()
    assert second["HX-Redirect"] == "/organiser/delegates/"
    assert Registration.objects.count() == 2


@pytest.mark.parametrize(
    "prefix, shown, hidden",
    [("", "(full name)", "(Họ và tên)"), ("/en", "(Họ và tên)", "(full name)")],
)
def test_import_page_names_each_column_in_the_other_language_too(
    organiser_client, edition, prefix, shown, hidden
):
    html = organiser_client.get(prefix + IMPORT_URL).content.decode()

    assert shown in html
    assert hidden not in html


def test_every_column_name_on_the_import_page_is_accepted():
    import re
    from pathlib import Path

    from django.conf import settings

    template = Path(
        settings.BASE_DIR, "registration/templates/registration/organiser/delegate_import.html"
    )
    pairs = re.findall(r'with vi="([^"]+)" en="([^"]+)"', template.read_text())

    assert len(pairs) == 7
    for vi, en in pairs:
        assert importing._HEADER_INDEX.get(importing._key(vi)), vi
        assert importing._HEADER_INDEX[importing._key(vi)] == importing._HEADER_INDEX.get(
            importing._key(en)
        ), en
