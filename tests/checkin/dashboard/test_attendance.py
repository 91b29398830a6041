"""The attendance export: approved delegates with their arrival, as CSV and Excel."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.checkin.dashboard.helpers import (
    CSV_URL,
    XLSX_URL,
    bulk_arrivals,
)

pytestmark = pytest.mark.django_db


def test_attendance_csv_lists_approved_delegates_with_local_arrival(organiser_client, known_day):
    known_day["binh"].organisation = "=HYPERLINK(1)"
    known_day["binh"].save()

    response = organiser_client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="diem-danh-20251230-1320.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Họ và tên",
        "Danh xưng",
        "Chức vụ",
        "Đơn vị",
        "Loại đại biểu",
        "Email",
        "Điện thoại",
        "Giờ đến",
        "Cổng",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    # Approved only, sorted by given name (tên): An, Ánh, Bình, Cường, Dung, Em.
    assert [row[0] for row in rows[1:]] == [
        "Nguyễn Văn An",
        "Đặng Thị Ánh",
        "Trần Quốc Bình",
        "Lê Mạnh Cường",
        "Phạm Thị Dung",
        "Vũ Thị Em",
    ]
    assert by_name["Nguyễn Văn An"][7:] == ["30/12/2025 12:58:30", "Cổng A"]
    assert by_name["Đặng Thị Ánh"][6:] == ["0912 345 678", "30/12/2025 13:04:59", "Cổng A"]
    assert by_name["Lê Mạnh Cường"][7:] == ["30/12/2025 13:05:00", "Cổng VIP"]
    assert by_name["Lê Mạnh Cường"][4] == "Cơ quan Trung ương (bộ, ngành)"
    assert by_name["Phạm Thị Dung"][7:] == ["", ""]
    assert by_name["Trần Quốc Bình"][3] == "'=HYPERLINK(1)"


def test_attendance_xlsx_keeps_vietnamese_and_local_arrival_time(organiser_client, known_day):
    from openpyxl import load_workbook

    response = organiser_client.get(XLSX_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Điểm danh"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][7:] == ("Giờ đến", "Cổng")
    by_name = {row[0]: row for row in rows[1:]}
    assert len(by_name) == 6
    assert by_name["Đặng Thị Ánh"][7:] == (dt.datetime(2025, 12, 30, 13, 4, 59), "Cổng A")
    assert by_name["Vũ Thị Em"][4] == "Báo chí"
    assert by_name["Vũ Thị Em"][7:] == (None, None)
    assert sheet["H2"].number_format == "dd/mm/yyyy hh:mm:ss"


def test_attendance_export_query_count_is_constant(
    organiser_client, edition, gate, django_assert_num_queries
):
    bulk_arrivals(edition, [gate], 3)
    organiser_client.get(CSV_URL)
    with CaptureQueriesContext(connection) as few:
        organiser_client.get(CSV_URL)
    bulk_arrivals(edition, [gate], 60, start=3)

    with django_assert_num_queries(len(few.captured_queries)):
        response = organiser_client.get(CSV_URL)

    assert len(response.content.decode("utf-8-sig").strip().split("\r\n")) == 64
