"""Reading an uploaded delegate list (CSV in UTF-8, or Excel .xlsx) into rows of text, within
bounds checked while reading, so that a small file cannot make a large preview or hold a worker:

- the upload itself (MAX_BYTES); an .xlsx is a zip, so also what it unpacks to
  (MAX_UNPACKED_BYTES, from the sizes its entries declare, which the zip reader never exceeds);
- the rows with something in them (MAX_ROWS after the header), and for .xlsx the sheet's rows
  counted with the empty ones (Excel's own limit);
- the columns (MAX_COLUMNS) and the characters in a cell (MAX_CELL_CHARS).

A file over a bound is refused with a message saying which, and where; nothing is cut short.
"""

import csv
import io

from django.utils import formats
from django.utils.translation import gettext as _

from forum.errors import ServiceError

MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 16 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_ROWS = 5000
MAX_COLUMNS = 50
MAX_CELL_CHARS = 2000
# Excel's own limit: a sheet claiming rows further down is not a spreadsheet Excel wrote.
MAX_SHEET_ROWS = 1_048_576


def _number(value: int) -> str:
    """Grouped as the active language writes numbers: 5.000 in Vietnamese, 5,000 in English."""
    return formats.number_format(value, force_grouping=True)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ServiceError(
            _("Tệp được lưu dạng UTF-16. Hãy lưu lại dưới dạng “CSV UTF-8” rồi tải lên."),
            code="encoding",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError(
            _(
                "Tệp không phải mã UTF-8 (có thể là Windows-1258 hoặc TCVN3), tiếng Việt sẽ bị "
                "lỗi font. Trong Excel chọn Lưu thành → “CSV UTF-8 (phân cách bằng dấu phẩy)”, "
                "hoặc tải lên tệp .xlsx."
            ),
            code="encoding",
        ) from None


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _cell_too_long(line: int, column: int | None = None) -> ServiceError:
    if column is None:
        message = _("Dòng %(line)s có ô dài quá %(max)s ký tự. Hãy rút gọn rồi tải tệp lên lại.")
    else:
        message = _("Ô %(cell)s dài quá %(max)s ký tự. Hãy rút gọn rồi tải tệp lên lại.")
    return ServiceError(
        message
        % {
            "line": _number(line),
            "cell": f"{_column_letter(column or 0)}{line}",
            "max": _number(MAX_CELL_CHARS),
        },
        code="cell_too_long",
    )


def _too_many_columns(line: int) -> ServiceError:
    return ServiceError(
        _(
            "Dòng %(line)s có dữ liệu ở quá %(max)s cột. Hãy chỉ giữ các cột cần nhập (họ và "
            "tên, email, điện thoại, đơn vị, loại đại biểu, tỉnh/thành) rồi tải lên lại."
        )
        % {"line": _number(line), "max": MAX_COLUMNS},
        code="too_many_columns",
    )


def _too_many_rows() -> ServiceError:
    return ServiceError(
        _("Tệp có quá nhiều dòng (tối đa %(max)s đại biểu mỗi lần).") % {"max": _number(MAX_ROWS)},
        code="too_many_rows",
    )


class _Table:
    """The rows with something in them and their line numbers in the file, checked one by one as
    they are read."""

    def __init__(self):
        self.rows: list[tuple[int, list[str]]] = []

    def add(self, line: int, values) -> None:
        cells = ["" if value is None else str(value) for value in values]
        if not any(cell.strip() for cell in cells):
            return
        if any(cell.strip() for cell in cells[MAX_COLUMNS:]):
            raise _too_many_columns(line)
        cells = cells[:MAX_COLUMNS]
        while not cells[-1].strip():  # empty cells a sheet pads its rows with
            cells.pop()
        for column, cell in enumerate(cells):
            if len(cell) > MAX_CELL_CHARS:
                raise _cell_too_long(line, column)
        self.rows.append((line, cells))
        if len(self.rows) > MAX_ROWS + 1:  # the header and MAX_ROWS delegates
            raise _too_many_rows()


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    table = _Table()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        line = 1
        for values in reader:
            table.add(line, values)
            # A quoted cell may span lines: the next row starts after them.
            line = reader.line_num + 1
    except csv.Error as exc:
        # The csv module stops at its own cell limit (128 KiB), far above ours.
        if "field larger than field limit" in str(exc):
            raise _cell_too_long(line) from None
        raise ServiceError(
            _("Không đọc được tệp CSV: %(error)s") % {"error": exc}, code="unreadable"
        ) from None
    return table.rows


def _unreadable_xlsx() -> ServiceError:
    return ServiceError(
        _("Không đọc được tệp Excel. Hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8."),
        code="unreadable",
    )


def _check_unpacked_size(data: bytes) -> None:
    import zipfile

    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _unreadable_xlsx() from None
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise ServiceError(
            _(
                "Tệp Excel khi giải nén lớn quá %(mb)s MB. Hãy chỉ giữ trang tính danh sách đại "
                "biểu (không ảnh, không định dạng thừa) hoặc lưu thành CSV UTF-8."
            )
            % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)},
            code="too_large",
        )


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    import zipfile
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook

    _check_unpacked_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, ParseError, KeyError, OSError, ValueError, TypeError):
        raise _unreadable_xlsx() from None
    try:
        sheet = workbook.worksheets[0]
        # The size a sheet declares is not trusted: every row would be padded to it.
        sheet.reset_dimensions()
        table = _Table()
        line = 0
        # One column past the bound, to tell a file that has data there.
        for line, values in enumerate(
            sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1), start=1
        ):
            if line > MAX_SHEET_ROWS:
                raise _unreadable_xlsx()
            table.add(line, values)
        return table.rows
    except (zipfile.BadZipFile, ParseError, KeyError, OSError, ValueError, TypeError, EOFError):
        # A damaged file, or one whose entries hold more than they declare (the zip reader stops
        # at the declared size and the checksum then fails).
        raise _unreadable_xlsx() from None
    finally:
        workbook.close()


def import_read(*, file_name: str, data: bytes) -> list[tuple[int, list[str]]]:
    """Return the rows of an upload that have something in them, header first, each with its line
    number in the file (as a spreadsheet numbers it). The file type is taken from its content."""
    if len(data) > MAX_BYTES:
        raise ServiceError(
            _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if not data.strip():
        raise ServiceError(_("Tệp trống."), code="empty")
    if data.startswith(b"PK\x03\x04"):
        rows = _read_xlsx(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ServiceError(
            _("Định dạng Excel cũ (.xls) không được hỗ trợ. Hãy lưu lại dưới dạng .xlsx."),
            code="unreadable",
        )
    else:
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ServiceError(
                _("Tệp không phải CSV hoặc Excel (.xlsx)."),
                code="unreadable",
            )
        rows = _read_csv(data)
    if not rows:
        raise ServiceError(_("Tệp trống."), code="empty")
    return rows
