"""Checks of single values, shared by the forms and the services."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from showcase.models.demos import EVIDENCE_MAX

_URL = URLValidator(schemes=["http", "https"])


def tax_code_compact(value: str) -> str:
    """A valid Vietnamese tax code (mã số thuế) in its compact form, else ValidationError."""
    from stdnum import exceptions
    from stdnum.vn import mst

    try:
        return mst.validate(value or "")
    except exceptions.ValidationError as exc:
        raise ValidationError(
            _(
                "Mã số thuế không hợp lệ: cần 10 chữ số, hoặc 13 chữ số với chi nhánh (ví dụ "
                "0100109106 hoặc 0100109106-001)."
            ),
            code="tax_code_invalid",
        ) from exc


def tax_code_display(value: str) -> str:
    from stdnum.vn import mst

    return mst.format(value) if value else ""


def evidence_urls(text: str) -> list[str]:
    """The web addresses typed one per line (blank lines skipped, duplicates dropped), else a
    ValidationError naming the first line that is not an http(s) address."""
    urls: list[str] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        url = line.strip()
        if not url:
            continue
        if len(url) > 500:
            raise ValidationError(
                _("Dòng %(line)s: địa chỉ dài quá 500 ký tự.") % {"line": number},
                code="evidence_too_long",
            )
        try:
            _URL(url)
        except ValidationError as exc:
            raise ValidationError(
                _("Dòng %(line)s: không phải địa chỉ web (http:// hoặc https://).")
                % {"line": number},
                code="evidence_invalid",
            ) from exc
        if url not in urls:
            urls.append(url)
    if len(urls) > EVIDENCE_MAX:
        raise ValidationError(
            _("Tối đa %(max)s địa chỉ bằng chứng.") % {"max": EVIDENCE_MAX},
            code="evidence_too_many",
        )
    return urls
