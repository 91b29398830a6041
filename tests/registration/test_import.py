"""Import of invited delegates: every row checked and shown before anything is written, then
created by a job once the organiser confirms."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forum.errors import ServiceError
from forum.models import Job
from forum.task_queue import task_enqueue
from mail.models import OutgoingEmail
from registration.forms.import_row import lookup_key
from registration.models import AuditLog, ConsentRecord, Registration
from registration.services import registrations as svc
from registration.services.importing import checking
from tests.factories import ALL_CONSENTS, submission
from tests.registration.organiser_helpers import messages_of, register

Status = Registration.Status
IMPORT_URL = "/organiser/delegates/import/"
HEADER = "Họ và tên,Danh xưng,Chức vụ,Đơn vị,Loại đại biểu,Email,Điện thoại,Tỉnh/thành\n"


def upload(client, content: bytes, name="danh-sach.csv", follow=True):
    return client.post(
        IMPORT_URL, {"file": SimpleUploadedFile(name, content, "text/csv")}, follow=follow
    )


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    """Confirm a previewed import, let its job run (after the request's commit, as without a
    broker), and follow the organiser to where the job sends them."""

    def post(client, preview_url):
        with django_capture_on_commit_callbacks(execute=True):
            started = client.post(preview_url + "confirm/")
        return client.get(started.url, follow=True)

    return post


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

    preview = checking.import_parse(edition=edition, file_name="list.csv", data=content)

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
    assert not Job.objects.exists()
    assert Registration.objects.count() == 0


def test_import_file_over_2_mb_is_refused(organiser_client, edition):
    content = (HEADER + "x" * (2 * 1024 * 1024)).encode()

    response = upload(organiser_client, content)

    assert response.context["form"].errors["file"] == ["Tệp quá lớn (tối đa 2 MB)."]
    assert Registration.objects.count() == 0


def test_import_parse_over_5000_rows_is_refused(edition):
    content = (HEADER + "An,,,FPT,enterprise,a@b.vn,,Hà Nội\n" * 5001).encode()

    with pytest.raises(ServiceError) as error:
        checking.import_parse(edition=edition, file_name="big.csv", data=content)

    assert error.value.code == "too_many_rows"
    assert error.value.message == "Tệp có quá nhiều dòng (tối đa 5.000 đại biểu mỗi lần)."


def test_import_binary_or_old_excel_is_refused(edition):
    with pytest.raises(ServiceError) as old_excel:
        checking.import_parse(
            edition=edition, file_name="a.xls", data=b"\xd0\xcf\x11\xe0" + b"0" * 50
        )
    with pytest.raises(ServiceError) as broken_zip:
        checking.import_parse(edition=edition, file_name="a.xlsx", data=b"PK\x03\x04garbage")

    assert old_excel.value.code == "unreadable"
    assert broken_zip.value.code == "unreadable"


# --- Import: confirmation -----------------------------------------------------------------------

VALID = (
    HEADER
    + "Nguyễn Văn An,Ông,Giám đốc,Công ty FPT,Doanh nghiệp,an@fpt.vn,0912 345 678,Hà Nội\n"
    + "Đặng Thị Ánh,Bà,Phóng viên,Báo Nhân Dân,press,anh@nhandan.vn,,Bình Dương\n"
).encode()


def test_import_confirm_creates_approved_registrations_with_consent_and_audit(
    organiser_client, organiser, edition, confirm
):
    preview = upload(organiser_client, VALID, follow=False)
    assert Registration.objects.count() == 0

    response = confirm(organiser_client, preview.url)

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


def test_import_reimport_same_file_creates_no_duplicates(organiser_client, edition, confirm):
    first = upload(organiser_client, VALID, follow=False)
    confirm(organiser_client, first.url)

    second = upload(organiser_client, VALID)

    assert [row.status for row in second.context["preview"].rows] == ["skipped", "skipped"]
    assert "Không có dòng hợp lệ nào để nhập." in second.content.decode()
    confirm(organiser_client, second.redirect_chain[-1][0])
    assert Registration.objects.count() == 2


def test_import_confirm_twice_imports_once(organiser_client, edition, confirm):
    preview = upload(organiser_client, VALID, follow=False)

    confirm(organiser_client, preview.url)
    again = confirm(organiser_client, preview.url)

    assert Registration.objects.count() == 2
    assert messages_of(again) == [
        "Phiên nhập danh sách đã hết hạn hoặc đã được xác nhận. Không có gì thay đổi."
    ]


def test_import_confirm_row_registered_meanwhile_is_skipped(organiser_client, edition, confirm):
    preview = upload(organiser_client, VALID, follow=False)
    svc.registration_submit(
        edition_id=edition.pk,
        user=None,
        data={**submission(), "email": "an@fpt.vn"},
        consents=ALL_CONSENTS,
        source="import",
    )

    response = confirm(organiser_client, preview.url)

    assert messages_of(response) == [
        "Đã nhập và duyệt 1 đại biểu.",
        "Bỏ qua 1 dòng đã đăng ký: Nguyễn Văn An",
    ]
    assert Registration.objects.filter(email="an@fpt.vn").count() == 1


def test_import_when_full_puts_invitees_on_the_waiting_list(organiser_client, edition, confirm):
    edition.capacity = 1
    edition.save()
    preview = upload(organiser_client, VALID, follow=False)

    response = confirm(organiser_client, preview.url)

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
    bogus = reverse("registration:delegate_import_confirm", kwargs={"job_id": "forged-token"})

    response = organiser_client.post(bogus, follow=True)

    assert response.redirect_chain[-1][0] == IMPORT_URL
    assert Registration.objects.count() == 0
    assert organiser_client.get(preview.url).status_code == 200


def test_import_parse_with_english_active_still_reads_vietnamese_labels(edition):
    from django.utils import translation

    content = (HEADER + "Lê Văn Tám,,,Báo Tuổi Trẻ,Báo chí,tam@tuoitre.vn,,Đà Nẵng\n").encode()

    with translation.override("en"):
        preview = checking.import_parse(edition=edition, file_name="a.csv", data=content)

    assert [(row.status, row.data["delegate_type"]) for row in preview.rows] == [("ok", "press")]
    assert preview.rows[0].data["province"] == "Thành phố Đà Nẵng"


def test_import_job_shows_progress_then_returns_to_the_list(
    organiser_client, edition, django_capture_on_commit_callbacks
):
    """With a worker, the organiser watches the rows being created, then lands on the list."""
    preview = upload(organiser_client, VALID, follow=False)
    started = organiser_client.post(preview.url + "confirm/")
    job = Job.objects.get()
    assert started.url == reverse("forum:job_detail", kwargs={"job_id": job.pk})
    # Confirmed: the preview now leads to the job.
    assert organiser_client.get(preview.url).url == started.url

    waiting = organiser_client.get(started.url, headers={"HX-Request": "true"})
    assert 'value="0" max="2"' in waiting.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        task_enqueue("forum.job_run", job_id=str(job.pk))
    done = organiser_client.get(
        reverse("forum:job_progress", kwargs={"job_id": job.pk}), headers={"HX-Request": "true"}
    )

    assert done["HX-Redirect"] == "/organiser/delegates/"
    assert messages_of(organiser_client.get(done["HX-Redirect"])) == [
        "Đã nhập và duyệt 2 đại biểu."
    ]
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
        assert checking._HEADER_INDEX.get(lookup_key(vi)), vi
        assert checking._HEADER_INDEX[lookup_key(vi)] == checking._HEADER_INDEX.get(
            lookup_key(en)
        ), en
