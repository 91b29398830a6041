"""Checking an uploaded delegate list row by row, writing nothing: the organiser sees the whole
file, with every row's problems, before anything is created."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from forum.errors import ServiceError
from forum.vietnamese import normalize_text
from registration.forms.import_row import ImportRowForm, lookup_key
from registration.models import Registration
from registration.services.importing.reading import import_read

# Header spellings, compared as lookup keys (no accents, lower case, punctuation as spaces).
HEADER_ALIASES = {
    "full_name": ("ho va ten", "ho ten", "full name", "name", "fullname"),
    "honorific": ("danh xung", "honorific", "title", "salutation"),
    "position": ("chuc vu", "position", "job title", "role"),
    "organisation": (
        "don vi",
        "co quan",
        "co quan don vi",
        "to chuc",
        "organisation",
        "organization",
        "company",
    ),
    "delegate_type": ("loai", "loai dai bieu", "delegate type", "type", "category"),
    "email": ("email", "e mail", "thu dien tu"),
    "phone": ("dien thoai", "so dien thoai", "sdt", "phone", "phone number", "mobile"),
    "province": (
        "tinh thanh",
        "tinh thanh pho",
        "tinh",
        "province",
        "province city",
        "city",
    ),
}
REQUIRED_HEADERS = ("full_name", "email")

_HEADER_INDEX = {
    lookup_key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases
}


@dataclass
class RowResult:
    line: int
    data: dict
    errors: list[str] = field(default_factory=list)
    skipped: str = ""

    @property
    def status(self) -> str:
        if self.errors:
            return "error"
        if self.skipped:
            return "skipped"
        return "ok"


@dataclass
class ImportPreview:
    file_name: str
    rows: list[RowResult]

    @property
    def valid_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.status == "ok"]

    @property
    def error_count(self) -> int:
        return sum(row.status == "error" for row in self.rows)

    @property
    def skipped_count(self) -> int:
        return sum(row.status == "skipped" for row in self.rows)


# --- Checking rows ------------------------------------------------------------------------------


def _missing_labels(missing: list[str]) -> str:
    return ", ".join(_("Họ và tên") if name == "full_name" else "Email" for name in missing)


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        name = _HEADER_INDEX.get(lookup_key(title))
        if name and name not in columns:
            columns[name] = index
    missing = [name for name in REQUIRED_HEADERS if name not in columns]
    if missing:
        raise ServiceError(
            _(
                "Không tìm thấy cột bắt buộc: %(columns)s. Dòng đầu tiên phải là tiêu đề cột, "
                "ví dụ: Họ và tên, Email, Điện thoại, Đơn vị, Loại đại biểu, Tỉnh/thành."
            )
            % {"columns": _missing_labels(missing)},
            code="missing_columns",
        )
    return columns


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(row):
        return ""
    value = normalize_text(str(row[index]))
    # Our own export prefixes formula-like cells with a quote; take it off again.
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
        value = value[1:]
    return value


def _check_row(line: int, raw: dict[str, str]) -> RowResult:
    form = ImportRowForm(data=raw)
    form.is_valid()
    return RowResult(line=line, data=form.row_data(), errors=form.row_errors())


def _registered_emails(edition) -> set[str]:
    return {
        email.lower()
        for email in Registration.objects.filter(edition=edition, anonymised_at__isnull=True)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("email", flat=True)
    }


def import_parse(*, edition, file_name: str, data: bytes) -> ImportPreview:
    """Read and check an upload without writing anything. Raises ServiceError for a bad file."""
    (_header_line, header), *table = import_read(file_name=file_name, data=data)
    columns = _columns(header)
    registered = _registered_emails(edition)
    seen: dict[str, int] = {}
    results = []
    for line, row in table:
        raw = {name: _cell(row, columns, name) for name in HEADER_ALIASES}
        result = _check_row(line, raw)
        email = result.data["email"]
        if email and email in seen:
            result.errors.append(
                _("Email trùng với dòng %(line)s trong tệp.") % {"line": seen[email]}
            )
        elif email:
            seen[email] = line
            if email in registered:
                result.skipped = _("Đã đăng ký (bỏ qua).")
        results.append(result)
    return ImportPreview(file_name=file_name, rows=results)
