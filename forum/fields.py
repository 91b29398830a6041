"""Form fields every app's forms share, for input typed (or forged) by someone else's hand.

Text: Vietnamese typed with combining marks (NFD, as some input methods and pasted PDFs send
it: "ễ" as three code points) is put in NFC before its length is checked, so that a limit counts
the letters as they are stored, not the code points that happened to arrive.

Ids: an id comes back from a browser as text, and a forged one may be any number of digits. The
database refuses a number its column cannot hold (SQLite's driver stops at 64 bits, PostgreSQL's
integer at 32 or 64), and Django only guards single-value lookups against that, not `__in`
lists. So an id out of its column's range is treated here like any id that does not exist: never
a query, and a form error instead of a server error.
"""

import unicodedata

from django import forms
from django.db import connections, models, router


class NfcCharField(forms.CharField):
    """A CharField whose text is in NFC before it is checked (max_length included)."""

    def to_python(self, value):
        value = super().to_python(value)
        return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def nfc_formfield(model_field, **kwargs):
    """A ModelForm's `formfield_callback`: free text (a model CharField or TextField without
    choices) gets an NfcCharField; every other field its usual form field."""
    if type(model_field) in (models.CharField, models.TextField) and not model_field.choices:
        kwargs.setdefault("form_class", NfcCharField)
    return model_field.formfield(**kwargs)


def id_range(model) -> tuple[int, int]:
    """The smallest and largest primary key the database can store for `model` (ids are
    positive: the smallest is 1)."""
    connection = connections[router.db_for_read(model)]
    low, high = connection.ops.integer_field_range(model._meta.pk.get_internal_type())
    return max(low or 1, 1), high


def database_id(value, model) -> int | None:
    """`value` (text or a number) as a primary key of `model`, or None when it cannot be one:
    not a plain decimal integer, or out of the range of the column."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        # isdecimal() alone would accept other scripts' digits (٣); ids are ASCII.
        if not text or len(text) > 20 or not (text.isascii() and text.isdecimal()):
            return None
        number = int(text)
    low, high = id_range(model)
    return number if low <= number <= high else None


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, except that a value that is no id of the model (too many digits for the
    database, negative, not a number) is refused as a choice not offered, before any query."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk" and isinstance(value, (list, tuple)):
            model = self.queryset.model
            for item in value:
                if isinstance(item, str) and "\x00" in item:
                    break  # Django's own check names it
                if database_id(item, model) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super()._check_values(value)
