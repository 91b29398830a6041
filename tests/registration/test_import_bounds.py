"""The import reads within bounds: what an .xlsx unpacks to, the rows, the columns and the
characters in a cell, checked while reading, so a small file can neither make a preview page of
megabytes nor hold the worker; and a refused file says why, and where."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from forum.errors import ServiceError
from forum.models import Job
from registration.services.importing import checking, reading
from tests.registration.xlsx_helpers import (
    SHEET,
    cell,
    header_row,
    row,
    understate_size,
    xlsx,
)

IMPORT_URL = "/organiser/delegates/import/"
HEADER = header_row("Họ và tên", "Email", "Đơn vị", "Loại", "Tỉnh/thành")


def delegate_row(number: int, name: str = "Nguyễn Văn An", email: str = "an@fpt.vn") -> str:
    return row(
        number,
        cell(f"A{number}", name),
        cell(f"B{number}", email),
        cell(f"C{number}", "Công ty FPT"),
        cell(f"D{number}", "Doanh nghiệp"),
        cell(f"E{number}", "Hà Nội"),
    )


def refused(data: bytes) -> ServiceError:
    with pytest.raises(ServiceError) as error:
        reading.import_read(file_name="danh-sach.xlsx", data=data)
    return error.value


# --- What an .xlsx unpacks to ---------------------------------------------------------------------


def test_a_small_xlsx_holding_a_20_mb_cell_is_refused_before_it_is_unpacked():
    data = xlsx(HEADER + row(2, cell("A2", "A" * 20_000_000)))
    assert len(data) < 25_000  # the upload limit is 2 MB; this is about 21 KB

    error = refused(data)

    assert error.code == "too_large"
    assert error.message == (
        "Tệp Excel khi giải nén lớn quá 16 MB. Hãy chỉ giữ trang tính danh sách đại biểu "
        "(không ảnh, không định dạng thừa) hoặc lưu thành CSV UTF-8."
    )


def test_the_20_mb_cell_upload_shows_the_reason_on_the_page_and_starts_nothing(
    organiser_client, edition
):
    data = xlsx(HEADER + row(2, cell("A2", "A" * 20_000_000)))

    response = organiser_client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("danh-sach.xlsx", data)}
    )

    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["file"][0]
        .startswith("Tệp Excel khi giải nén lớn quá 16 MB.")
    )
    assert len(response.content) < 100_000
    assert not Job.objects.exists()


def test_an_xlsx_whose_entry_holds_more_than_it_declares_is_unreadable():
    honest = xlsx(HEADER + row(2, cell("A2", "A" * 3_000_000)))
    data = understate_size(honest, SHEET, 4_000)

    error = refused(data)

    assert error.code == "unreadable"


def test_a_sheet_that_is_not_xml_is_unreadable():
    data = xlsx(HEADER + "<row r='2'><c r='A2' t='inlineStr'><is><t>An</t></is>")

    assert refused(data).code == "unreadable"


# --- Cells ----------------------------------------------------------------------------------------


def test_a_cell_over_the_limit_is_refused_naming_the_cell():
    data = xlsx(HEADER + delegate_row(2) + row(3, cell("C3", "C" * (reading.MAX_CELL_CHARS + 1))))

    error = refused(data)

    assert error.code == "cell_too_long"
    assert error.message == "Ô C3 dài quá 2.000 ký tự. Hãy rút gọn rồi tải tệp lên lại."


def test_a_cell_at_the_limit_is_read_whole():
    notes = "N" * reading.MAX_CELL_CHARS
    data = xlsx(HEADER + row(2, cell("A2", "Nguyễn Văn An"), cell("F2", notes)))

    rows = reading.import_read(file_name="a.xlsx", data=data)

    assert rows[1] == (2, ["Nguyễn Văn An", "", "", "", "", notes])


def test_a_csv_cell_over_the_limit_is_refused_naming_the_cell():
    content = "Họ và tên,Email\nAn,an@fpt.vn\n" + "B" * 2001 + ",b@fpt.vn\n"

    with pytest.raises(ServiceError) as error:
        reading.import_read(file_name="a.csv", data=content.encode())

    assert error.value.code == "cell_too_long"
    assert error.value.message == "Ô A3 dài quá 2.000 ký tự. Hãy rút gọn rồi tải tệp lên lại."


def test_a_csv_cell_past_the_csv_readers_own_limit_is_refused_with_the_line():
    content = 'Họ và tên,Email\nAn,an@fpt.vn\n\n"' + "B" * 200_000 + '",b@fpt.vn\n'

    with pytest.raises(ServiceError) as error:
        reading.import_read(file_name="a.csv", data=content.encode())

    assert error.value.code == "cell_too_long"
    assert error.value.message == (
        "Dòng 4 có ô dài quá 2.000 ký tự. Hãy rút gọn rồi tải tệp lên lại."
    )


def test_refused_values_are_quoted_only_in_part_in_the_preview(edition):
    long_email = "x" * 1500 + "@@fpt.vn"
    content = f"Họ và tên,Email,Đơn vị\n{'Nguyễn ' * 250}An,{long_email},FPT\n"

    preview = checking.import_parse(edition=edition, file_name="a.csv", data=content.encode())

    [result] = preview.rows
    assert len(result.data["full_name"]) == 151
    assert len(result.data["email"]) == 255
    assert all(len(error) < 200 for error in result.errors)
    assert "Email “" + "x" * 59 + "…” không hợp lệ." in result.errors


# --- Columns and rows -----------------------------------------------------------------------------


def test_a_sheet_that_claims_every_column_and_row_is_read_as_what_it_holds():
    # About 2 KB: without the bounds, every row would be padded to 16,384 columns and the sheet
    # read down to row 1,048,576 (the worker timed out on such a file).
    data = xlsx(HEADER + delegate_row(2), dimension="A1:XFD1048576")

    rows = reading.import_read(file_name="a.xlsx", data=data)

    assert [line for line, _cells in rows] == [1, 2]
    assert rows[1][1] == ["Nguyễn Văn An", "an@fpt.vn", "Công ty FPT", "Doanh nghiệp", "Hà Nội"]


def test_rows_padded_to_the_claimed_width_are_cut_to_the_column_bound():
    data = xlsx(HEADER + delegate_row(2) + delegate_row(3, email="b@fpt.vn"), dimension="A1:XFD3")

    rows = reading.import_read(file_name="a.xlsx", data=data)

    assert len(rows) == 3
    assert all(len(cells) <= reading.MAX_COLUMNS for _line, cells in rows)


def test_empty_cells_at_the_far_right_of_every_row_are_not_read():
    rows_xml = "".join(
        row(n, cell(f"A{n}", f"Người Thứ {n}"), cell(f"XFD{n}")) for n in range(2, 400)
    )
    data = xlsx(HEADER + rows_xml)

    rows = reading.import_read(file_name="a.xlsx", data=data)

    assert len(rows) == 399
    assert max(len(cells) for _line, cells in rows) <= reading.MAX_COLUMNS


def test_data_past_the_column_bound_is_refused_not_dropped():
    data = xlsx(HEADER + row(2, cell("A2", "Nguyễn Văn An"), cell("AY2", "ghi chú")))

    error = refused(data)

    assert error.code == "too_many_columns"
    assert error.message.startswith("Dòng 2 có dữ liệu ở quá 50 cột.")


def test_a_csv_row_with_data_past_the_column_bound_is_refused():
    content = "Họ và tên,Email\n" + "An,an@fpt.vn" + ",x" * 60 + "\n"

    with pytest.raises(ServiceError) as error:
        reading.import_read(file_name="a.csv", data=content.encode())

    assert error.value.code == "too_many_columns"


def test_a_row_far_down_the_sheet_is_read_with_its_line_number():
    data = xlsx(HEADER + delegate_row(1_048_576))

    rows = reading.import_read(file_name="a.xlsx", data=data)

    assert [line for line, _cells in rows] == [1, 1_048_576]


def test_a_row_past_excels_last_row_is_unreadable():
    data = xlsx(HEADER + delegate_row(1_048_577))

    assert refused(data).code == "unreadable"


def test_more_than_5000_delegates_in_an_xlsx_are_refused():
    data = xlsx(HEADER + "".join(delegate_row(n, email=f"a{n}@fpt.vn") for n in range(2, 5003)))

    error = refused(data)

    assert error.code == "too_many_rows"
    assert error.message == "Tệp có quá nhiều dòng (tối đa 5.000 đại biểu mỗi lần)."


def test_empty_rows_do_not_count_and_lines_keep_the_files_numbering(edition):
    content = (
        "Họ và tên,Email,Đơn vị,Loại,Tỉnh/thành\n\n,,,,\n"
        "Nguyễn Văn An,an@fpt.vn,FPT,enterprise,Hà Nội\n"
        '"Trần Thị\nBình",binh@@fpt.vn,FPT,enterprise,Hà Nội\n'
        "Lê Văn Cường,,FPT,enterprise,Hà Nội\n"
    )

    preview = checking.import_parse(edition=edition, file_name="a.csv", data=content.encode())

    assert [(r.line, r.status) for r in preview.rows] == [(4, "ok"), (5, "error"), (7, "error")]


# --- Names in the list ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("😀 😀", "Họ và tên phải có chữ cái."),
        ("Nguyễn Văn " + "A" * 51, "Chữ cuối của họ và tên (tên gọi) dài quá 50 ký tự."),
    ],
)
def test_a_name_the_registration_would_refuse_is_a_row_error(edition, name, message):
    content = f"Họ và tên,Email,Đơn vị,Loại,Tỉnh/thành\n{name},an@fpt.vn,FPT,enterprise,Hà Nội\n"

    preview = checking.import_parse(edition=edition, file_name="a.csv", data=content.encode())

    assert preview.rows[0].errors == [message]


def test_numbers_in_a_refusal_are_grouped_as_the_language_writes_them():
    data = xlsx(HEADER + row(2, cell("C2", "C" * (reading.MAX_CELL_CHARS + 1))))

    with translation.override("en"):
        message = refused(data).message

    assert "2,000" in message


def test_an_email_longer_than_its_column_is_a_row_error_not_a_failed_import(edition):
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".vn"  # valid, but 313 characters
    content = f"Họ và tên,Email,Đơn vị,Loại,Tỉnh\nNguyễn Văn An,{email},FPT,enterprise,Hà Nội\n"

    preview = checking.import_parse(edition=edition, file_name="a.csv", data=content.encode())

    assert preview.rows[0].status == "error"
    assert preview.rows[0].errors[0].startswith("Email “aaaa")
