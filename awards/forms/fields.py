"""Form fields the awards need: dates and times day-first within sensible years, and scores
typed with a comma or a point."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
LAST_YEAR = 2100


class DateTimeField(forms.DateTimeField):
    """dd/mm/yyyy hh:mm in Hà Nội time. Years outside FIRST_YEAR..LAST_YEAR (a typo such as
    year 1 or 9999) are refused with a message, never stored or sent to the database."""

    widget = forms.DateTimeInput(
        attrs={"placeholder": "dd/mm/yyyy hh:mm", "inputmode": "numeric", "autocomplete": "off"}
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Ngày/tháng/năm giờ:phút, giờ Hà Nội, ví dụ 22/10/2025 17:00.")
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            result = super().to_python(value)
        except OverflowError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if result is not None and not FIRST_YEAR <= result.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Năm phải từ %(first)d đến %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
                code="year",
            )
        return result


NUMBER = re.compile(r"[0-9]{1,6}(?:[.,][0-9]+)?")


class ScoreField(forms.Field):
    """A score from 0 to `max_value`, "7,5" and "7.5" alike (no thousands separators: a point
    is never read as one)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 5})
    default_error_messages = {
        "invalid": _("Nhập một số, ví dụ 7,5."),
        "range": _("Điểm từ 0 đến %(max)s."),
        "precision": _("Tối đa hai chữ số thập phân."),
    }

    def __init__(self, *, max_value: int, **kwargs):
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        text = str(value or "").strip().replace(" ", "")
        if not text:
            return None
        if not NUMBER.fullmatch(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        number = Decimal(text.replace(",", "."))
        if number.as_tuple().exponent < -2:
            raise forms.ValidationError(self.error_messages["precision"], code="precision")
        if not 0 <= number <= self.max_value:
            raise forms.ValidationError(
                self.error_messages["range"] % {"max": self.max_value}, code="range"
            )
        return number

    def prepare_value(self, value):
        """A stored score as it would be typed: 7, 6,5 or 7,25 (never 6,50)."""
        if isinstance(value, Decimal):
            from django.utils.formats import number_format

            exact = value == value.to_integral()
            return number_format(value.quantize(Decimal(1)) if exact else value.normalize())
        return value
