"""Vietnamese tax codes (mã số thuế, MST): 10 digits with a check digit, or 10-3 for a branch
(python-stdnum's stdnum.vn.mst)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def tax_code_clean(value: str) -> str:
    """The code as "0100109106" or "0100109106-001"; "" for nothing typed; ValidationError
    with a translated message for a wrong length or check digit."""
    from stdnum import exceptions
    from stdnum.vn import mst

    value = (value or "").strip()
    if not value:
        return ""
    try:
        return mst.format(mst.validate(value))
    except exceptions.InvalidChecksum as exc:
        raise ValidationError(
            _("Mã số thuế sai chữ số kiểm tra. Hãy kiểm tra lại từng chữ số."),
            code="tax_code_checksum",
        ) from exc
    except exceptions.ValidationError as exc:
        raise ValidationError(
            _("Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số (chi nhánh)."),
            code="tax_code_format",
        ) from exc
