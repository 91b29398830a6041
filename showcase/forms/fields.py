"""Form fields that tidy text as the services store it, so that length limits count what is
stored (NFC), and that refuse dates no forum can have."""

import datetime as dt

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from showcase.text import clean_line, clean_paragraphs

YEAR_MIN, YEAR_MAX = 2000, 2100


class TextField(forms.CharField):
    """One line, or paragraphs (a textarea) with `paragraphs=True`."""

    def __init__(self, *, paragraphs: bool = False, rows: int = 4, **kwargs):
        self.paragraphs = paragraphs
        if paragraphs:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        # Tidying drops control characters: a NUL byte is refused as typed, as by any other
        # text field, rather than removed without a word.
        ProhibitNullCharactersValidator()(value)
        return clean_paragraphs(value) if self.paragraphs else clean_line(value)


def _in_range(value: dt.date) -> bool:
    return YEAR_MIN <= value.year <= YEAR_MAX


class DateField(forms.DateField):
    """dd/mm/yyyy, a year from 2000 to 2100."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"inputmode": "numeric"}))
        kwargs.setdefault("help_text", _("Ngày/tháng/năm, ví dụ 30/12/2025."))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and not _in_range(value):
            raise forms.ValidationError(_("Năm phải từ 2000 đến 2100."), code="year_range")
        return value


class DateTimeField(forms.DateTimeField):
    """dd/mm/yyyy hh:mm in Hà Nội time, a year from 2000 to 2100."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Ngày/tháng/năm giờ:phút, ví dụ 30/12/2025 14:30."))
        super().__init__(**kwargs)

    def to_python(self, value):
        # Year 1 or 9999 parses, but overflows once compared in UTC with the forum's hours.
        value = super().to_python(value)
        if value is not None and not _in_range(value):
            raise forms.ValidationError(_("Năm phải từ 2000 đến 2100."), code="year_range")
        return value
