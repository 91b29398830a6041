"""Import invited delegates from a CSV or XLSX list: parse and check first, create on confirmation.

`import_parse` writes nothing: it returns one result per data row (with its errors) so that the
organiser sees the whole file before anything is created. `import_confirm` creates the valid rows
through `registration_submit(source="import")`.

Invited delegates are approved at once while seats remain (they were invited by the organisers,
so there is nothing to moderate) and get a single email, the approval with their badge; when the
edition is full they go to the waiting list like everybody else, and the result says so. Their
consent to the required purpose (event administration and check-in) is recorded with the
organiser's action: the consent rows carry the organiser's IP address and an "import" marker, and
an audit row names the organiser and the file. Optional purposes (photos, sharing, newsletter)
stay off until the delegate opts in.
"""

import csv
import functools
import io
import re
import time
from dataclasses import dataclass, field

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from forum.vietnamese import normalize_text, search_key
from mail.models import OutgoingEmail
from registration.models import AuditLog, ConsentPurpose, DelegateType, Honorific, Registration
from registration.provinces import province_resolve

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

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

_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def _key(value) -> str:
    return " ".join(_NOT_ALPHANUMERIC.sub(" ", search_key(str(value or ""))).split())


_HEADER_INDEX = {_key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases}

_TYPE_WORDS = {
    "government ministry": DelegateType.GOVERNMENT_MINISTRY,
    "ministry": DelegateType.GOVERNMENT_MINISTRY,
    "local government": DelegateType.GOVERNMENT_LOCAL,
    "enterprise": DelegateType.ENTERPRISE,
    "company": DelegateType.ENTERPRISE,
    "association": DelegateType.ASSOCIATION,
    "research": DelegateType.RESEARCH,
    "university": DelegateType.RESEARCH,
    "press": DelegateType.PRESS,
    "international": DelegateType.INTERNATIONAL,
}


@functools.cache
def _type_index() -> dict[str, str]:
    """Delegate types by code, by label in either language, and by a few English words."""
    index = {_key(word): str(code) for word, code in _TYPE_WORDS.items()}
    index.update({_key(code): code for code in DelegateType.values})
    for language in ("en", "vi"):
        with translation.override(language):
            index.update({_key(str(label)): code for code, label in DelegateType.choices})
    return index


_HONORIFIC_INDEX = {_key(value): value for value in Honorific.values if value}
_HONORIFIC_INDEX.update({"mr": "Ông", "ms": "Bà", "mrs": "Bà", "dr": "TS.", "prof": "GS."})


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


@dataclass
class ImportOutcome:
    approved: list[str] = field(default_factory=list)
    waitlisted: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    processed: int = 0

    def merge(self, other: "ImportOutcome") -> None:
        for name in ("approved", "waitlisted", "pending", "skipped", "failed"):
            getattr(self, name).extend(getattr(other, name))
        self.processed += other.processed

    def as_dict(self) -> dict:
        return {
            "approved": self.approved,
            "waitlisted": self.waitlisted,
            "pending": self.pending,
            "skipped": self.skipped,
            "failed": [list(item) for item in self.failed],
            "processed": self.processed,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ImportOutcome":
        return cls(
            approved=list(data.get("approved", [])),
            waitlisted=list(data.get("waitlisted", [])),
            pending=list(data.get("pending", [])),
            skipped=list(data.get("skipped", [])),
            failed=[tuple(item) for item in data.get("failed", [])],
            processed=int(data.get("processed", 0)),
        )


# --- Reading the file ---------------------------------------------------------------------------


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


# --- Checking rows ------------------------------------------------------------------------------


def _missing_labels(missing: list[str]) -> str:
    return ", ".join(_("Họ và tên") if name == "full_name" else "Email" for name in missing)


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        name = _HEADER_INDEX.get(_key(title))
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
    errors = []
    data = {
        "full_name": raw["full_name"],
        "given_name": "",
        "honorific": "",
        "position": raw["position"][:200],
        "organisation": raw["organisation"][:300],
        "delegate_type": "",
        "email": raw["email"].lower(),
        "phone": "",
        "province": "",
        "email_language": "vi",
        "needs": "",
    }
    if not data["full_name"]:
        errors.append(_("Thiếu họ và tên."))
    elif len(data["full_name"]) > 150:
        errors.append(_("Họ và tên quá dài (tối đa 150 ký tự)."))
    if not data["email"]:
        errors.append(_("Thiếu email."))
    else:
        try:
            validate_email(data["email"])
        except ValidationError:
            errors.append(_("Email “%(email)s” không hợp lệ.") % {"email": raw["email"]})
    if raw["phone"]:
        try:
            number = phonenumbers.parse(raw["phone"], "VN")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            errors.append(_("Số điện thoại “%(phone)s” không hợp lệ.") % {"phone": raw["phone"]})
        else:
            data["phone"] = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not raw["province"]:
        errors.append(_("Thiếu tỉnh/thành."))
    else:
        province = province_resolve(raw["province"])
        if province is None:
            errors.append(
                _("Không nhận ra tỉnh/thành “%(province)s”.") % {"province": raw["province"]}
            )
        else:
            data["province"] = province
    if not data["organisation"]:
        errors.append(_("Thiếu cơ quan, đơn vị."))
    if not raw["delegate_type"]:
        errors.append(_("Thiếu loại đại biểu."))
    else:
        delegate_type = _type_index().get(_key(raw["delegate_type"]))
        if delegate_type is None:
            errors.append(
                _("Không nhận ra loại đại biểu “%(type)s”.") % {"type": raw["delegate_type"]}
            )
        else:
            data["delegate_type"] = str(delegate_type)
    if raw["honorific"]:
        honorific = _HONORIFIC_INDEX.get(_key(raw["honorific"]))
        if honorific is None:
            errors.append(
                _("Không nhận ra danh xưng “%(honorific)s”.") % {"honorific": raw["honorific"]}
            )
        else:
            data["honorific"] = honorific
    return RowResult(line=line, data=data, errors=errors)


def _registered_emails(edition) -> set[str]:
    return {
        email.lower()
        for email in Registration.objects.filter(edition=edition, anonymised_at__isnull=True)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("email", flat=True)
    }


def import_parse(*, edition, file_name: str, data: bytes) -> ImportPreview:
    """Read and check an upload without writing anything. Raises ServiceError for a bad file."""
    table = import_read(file_name=file_name, data=data)
    columns = _columns(table[0])
    registered = _registered_emails(edition)
    seen: dict[str, int] = {}
    results = []
    for offset, row in enumerate(table[1:]):
        line = offset + 2  # the header is line 1, as the spreadsheet numbers it
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


# --- Creating registrations ---------------------------------------------------------------------


def import_confirm(
    *,
    edition_id: int,
    rows: list[dict],
    actor,
    file_name: str = "",
    ip_address=None,
    time_budget_seconds: float | None = None,
) -> ImportOutcome:
    """Create registrations for checked rows (dicts with "line" and "data"). Each row commits on
    its own, so one refused row never undoes the others; importing the same rows again skips them.

    With `time_budget_seconds`, stops after the row that used up the budget (at least one row is
    always done); `outcome.processed` says how many rows of `rows` were handled, so the caller can
    continue with the rest in another request.
    """
    started = time.monotonic()
    outcome = ImportOutcome()
    for row in rows:
        if (
            time_budget_seconds is not None
            and outcome.processed
            and time.monotonic() - started >= time_budget_seconds
        ):
            break
        outcome.processed += 1
        data = row["data"]
        label = data.get("full_name") or data.get("email") or str(row.get("line"))
        try:
            status = _import_one(
                edition_id=edition_id,
                row=row,
                actor=actor,
                file_name=file_name,
                ip_address=ip_address,
            )
        except ServiceError as exc:
            if exc.code == "duplicate_email":
                outcome.skipped.append(label)
            else:
                outcome.failed.append((label, exc.message))
            continue
        except ValidationError as exc:
            outcome.failed.append((label, "; ".join(exc.messages)))
            continue
        {
            Registration.Status.APPROVED: outcome.approved,
            Registration.Status.WAITLISTED: outcome.waitlisted,
        }.get(status, outcome.pending).append(label)
    return outcome


def _import_one(*, edition_id: int, row: dict, actor, file_name: str, ip_address) -> str:
    from registration.services.registrations import registration_approve, registration_submit

    consents = {
        purpose: purpose == ConsentPurpose.ADMINISTRATION for purpose in ConsentPurpose.values
    }
    with transaction.atomic():
        registration = registration_submit(
            edition_id=edition_id,
            user=None,
            data=row["data"],
            consents=consents,
            ip_address=ip_address,
            user_agent=f"import by organiser #{getattr(actor, 'pk', '')}",
            source=Registration.Source.IMPORT,
        )
        AuditLog.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            action="imported",
            registration=registration,
            detail={"file": file_name[:200], "line": row.get("line")},
        )
        if registration.status != Registration.Status.PENDING:
            return registration.status
        try:
            registration = registration_approve(registration_id=registration.pk, actor=actor)
        except ServiceError:
            return Registration.Status.PENDING
        # An invitee gets one email, the approval: the "received" notice queued a moment ago in
        # this same transaction is withdrawn before anything is sent (its send task, run after
        # commit, finds no row and does nothing).
        OutgoingEmail.objects.filter(
            kind="received",
            object_key=f"registration:{registration.pk}",
            status=OutgoingEmail.Status.QUEUED,
        ).delete()
        return registration.status


def import_summary(outcome: ImportOutcome) -> list[str]:
    """Sentences for the organiser, one per kind of result."""
    lines = []
    if outcome.approved:
        lines.append(_("Đã nhập và duyệt %(count)d đại biểu.") % {"count": len(outcome.approved)})
    if outcome.waitlisted:
        lines.append(
            _("%(count)d đại biểu vào danh sách chờ vì đã hết chỗ.")
            % {"count": len(outcome.waitlisted)}
        )
    if outcome.pending:
        lines.append(_("%(count)d đại biểu đang chờ duyệt.") % {"count": len(outcome.pending)})
    if outcome.skipped:
        lines.append(
            _("Bỏ qua %(count)d dòng đã đăng ký: %(names)s")
            % {"count": len(outcome.skipped), "names": _names(outcome.skipped)}
        )
    if outcome.failed:
        lines.append(
            _("%(count)d dòng không nhập được: %(details)s")
            % {
                "count": len(outcome.failed),
                "details": "; ".join(f"{name}: {message}" for name, message in outcome.failed[:10])
                + ("…" if len(outcome.failed) > 10 else ""),
            }
        )
    return lines


def _names(names: list[str], limit: int = 10) -> str:
    return ", ".join(names[:limit]) + ("…" if len(names) > limit else "")
