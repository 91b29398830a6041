"""What people type, checked as it will be stored: the registration form and the import share
these rules.

Text is normalised first (NFC, invisible characters dropped, spaces collapsed), so a length limit
counts the characters stored, not the code points typed: a name typed in decomposed form (NFD)
that fits once composed is accepted. A name has at least one letter and no digit, and the given
name (tên) derived from it must fit its own column, so that nothing the database would refuse
gets past a form.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _

from forum.vietnamese import given_name, normalize_text
from registration.models import Registration


def max_length_of(field: str) -> int:
    return Registration._meta.get_field(field).max_length


def stored_text(value, *, field: str) -> str:
    """`value` normalised as it will be stored; refused when longer than the registration's column
    `field` (Django's own "at most N characters" message)."""
    text = normalize_text(str(value or ""))
    MaxLengthValidator(max_length_of(field))(text)
    return text


def full_name_check(value: str) -> None:
    """A person's full name, already normalised."""
    if any(char.isdigit() for char in value):
        raise ValidationError(_("Họ và tên không được chứa chữ số."), code="digits")
    if not any(char.isalpha() for char in value):
        raise ValidationError(_("Họ và tên phải có chữ cái."), code="no_letter")


def given_name_check(value: str) -> None:
    """A given name typed by the person (already normalised; empty means derived)."""
    if not value:
        return
    if any(char.isdigit() for char in value):
        raise ValidationError(_("Tên gọi không được chứa chữ số."), code="digits")
    if not any(char.isalpha() for char in value):
        raise ValidationError(_("Tên gọi phải có chữ cái."), code="no_letter")


def derived_given_name_fits(full_name: str) -> bool:
    """Whether the given name taken from the last word of `full_name` fits its column."""
    return len(given_name(full_name)) <= max_length_of("given_name")
