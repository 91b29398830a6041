"""Exports of the delegate list: CSV (with a BOM, for Excel) and XLSX, as filtered, with
formulas defused."""

import csv
import datetime as dt
import io

from django.urls import reverse

from registration.models import Registration
from registration.services import registrations as svc
from tests.registration.organiser_helpers import register

Status = Registration.Status


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
