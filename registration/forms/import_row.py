"""The check of one row of an imported delegate list: what registering checks, in the words a
spreadsheet uses (delegate types and titles by their label in either language, old province
names, phone numbers as people write them)."""

import functools
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from forum.phones import phone_parse
from forum.vietnamese import normalize_text, search_key
from registration.forms.text import derived_given_name_fits, full_name_check, max_length_of
from registration.models import DelegateType, Honorific
from registration.provinces import province_resolve

_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def lookup_key(value) -> str:
    """A spelling-tolerant key: no accents, lower case, punctuation as single spaces."""
    return " ".join(_NOT_ALPHANUMERIC.sub(" ", search_key(str(value or ""))).split())


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
    index = {lookup_key(word): str(code) for word, code in _TYPE_WORDS.items()}
    index.update({lookup_key(code): code for code in DelegateType.values})
    for language in ("en", "vi"):
        with translation.override(language):
            index.update({lookup_key(str(label)): code for code, label in DelegateType.choices})
    return index


_HONORIFIC_INDEX = {lookup_key(value): value for value in Honorific.values if value}
_HONORIFIC_INDEX.update({"mr": "Ông", "ms": "Bà", "mrs": "Bà", "dr": "TS.", "prof": "GS."})


# A refused cell is quoted in its error and shown in the preview; a long one only in part, so
# that a file of long cells does not make a preview page of megabytes.
QUOTED_CHARS = 60


def _quoted(raw: str) -> str:
    return raw if len(raw) <= QUOTED_CHARS else raw[: QUOTED_CHARS - 1] + "…"


def _shown(raw: str, field: str) -> str:
    limit = max_length_of(field)
    return raw if len(raw) <= limit else raw[:limit] + "…"


class ImportRowForm(forms.Form):
    """One data row (cells already read as text). Errors come out in this field order."""

    full_name = forms.CharField(required=False)
    email = forms.CharField(required=False)
    phone = forms.CharField(required=False)
    province = forms.CharField(required=False)
    organisation = forms.CharField(required=False)
    delegate_type = forms.CharField(required=False)
    honorific = forms.CharField(required=False)
    position = forms.CharField(required=False)

    def _text(self, name: str) -> str:
        return normalize_text(self.cleaned_data.get(name) or "")

    def clean_full_name(self):
        value = self._text("full_name")
        if not value:
            raise ValidationError(_("Thiếu họ và tên."))
        if len(value) > max_length_of("full_name"):
            raise ValidationError(_("Họ và tên quá dài (tối đa 150 ký tự)."))
        full_name_check(value)
        if not derived_given_name_fits(value):
            raise ValidationError(
                _("Chữ cuối của họ và tên (tên gọi) dài quá %(max)d ký tự.")
                % {"max": max_length_of("given_name")}
            )
        return value

    def clean_email(self):
        raw = self._text("email")
        if not raw:
            raise ValidationError(_("Thiếu email."))
        value = raw.lower()
        try:
            validate_email(value)
            # The validator allows 320 characters; the column holds 254.
            MaxLengthValidator(max_length_of("email"))(value)
        except ValidationError:
            raise ValidationError(
                _("Email “%(email)s” không hợp lệ.") % {"email": _quoted(raw)}
            ) from None
        return value

    def clean_phone(self):
        raw = self._text("phone")
        if not raw:
            return ""
        value = phone_parse(raw)
        if value is None:
            raise ValidationError(
                _("Số điện thoại “%(phone)s” không hợp lệ.") % {"phone": _quoted(raw)}
            )
        return value

    def clean_province(self):
        raw = self._text("province")
        if not raw:
            raise ValidationError(_("Thiếu tỉnh/thành."))
        value = province_resolve(raw)
        if value is None:
            raise ValidationError(
                _("Không nhận ra tỉnh/thành “%(province)s”.") % {"province": _quoted(raw)}
            )
        return value

    def clean_organisation(self):
        value = self._text("organisation")
        if not value:
            raise ValidationError(_("Thiếu cơ quan, đơn vị."))
        if len(value) > max_length_of("organisation"):
            raise ValidationError(_("Cơ quan, đơn vị quá dài (tối đa 300 ký tự)."))
        return value

    def clean_delegate_type(self):
        raw = self._text("delegate_type")
        if not raw:
            raise ValidationError(_("Thiếu loại đại biểu."))
        value = _type_index().get(lookup_key(raw))
        if value is None:
            raise ValidationError(
                _("Không nhận ra loại đại biểu “%(type)s”.") % {"type": _quoted(raw)}
            )
        return str(value)

    def clean_honorific(self):
        raw = self._text("honorific")
        if not raw:
            return ""
        value = _HONORIFIC_INDEX.get(lookup_key(raw))
        if value is None:
            raise ValidationError(
                _("Không nhận ra danh xưng “%(honorific)s”.") % {"honorific": _quoted(raw)}
            )
        return value

    def clean_position(self):
        value = self._text("position")
        if len(value) > max_length_of("position"):
            raise ValidationError(_("Chức vụ quá dài (tối đa 200 ký tự)."))
        return value

    def row_errors(self) -> list[str]:
        return [message for name in self.fields for message in self.errors.get(name, [])]

    def row_data(self) -> dict:
        """The registration's data: checked values, and the cells as read where they are not
        valid (the preview shows them)."""
        cleaned = self.cleaned_data
        data = {
            name: cleaned[name]
            if name in cleaned
            else _shown(normalize_text(self.data.get(name) or ""), name)
            for name in self.fields
        }
        if "email" not in cleaned:
            data["email"] = data["email"].lower()
        for name in ("phone", "province", "delegate_type", "honorific"):
            data.setdefault(name, "")
            if name not in cleaned:
                data[name] = ""
        return {**data, "given_name": "", "email_language": "vi", "needs": ""}
