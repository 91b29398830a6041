"""Reading an uploaded delegate list (CSV in UTF-8, or Excel .xlsx) into rows of text, within
bounds: the file's size, its rows."""

import csv
import io

from django.utils.translation import gettext as _

from forum.errors import ServiceError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


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


def _read_csv(data: bytes) -> list[list[str]]:
    text = _decode(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ServiceError(
            _("Không đọc được tệp CSV: %(error)s") % {"error": exc}, code="unreadable"
        ) from None


def _read_xlsx(data: bytes) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ServiceError(
            _("Không đọc được tệp Excel. Hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8."),
            code="unreadable",
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(["" if value is None else str(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def import_read(*, file_name: str, data: bytes) -> list[list[str]]:
    """Return the rows of an upload (header first). The file type is taken from its content."""
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
    rows = [row for row in rows if any(str(cell).strip() for cell in row)]
    if not rows:
        raise ServiceError(_("Tệp trống."), code="empty")
    if len(rows) - 1 > MAX_ROWS:
        raise ServiceError(
            _("Tệp có quá nhiều dòng (tối đa %(max)s đại biểu mỗi lần).")
            % {"max": f"{MAX_ROWS:,}".replace(",", ".")},
            code="too_many_rows",
        )
    return rows
