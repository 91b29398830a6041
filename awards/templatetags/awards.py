"""Numbers on the ranking pages: hundreds of them a page, so a plain format rather than
floatformat (which goes through Decimal and the format lookup for each)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import translation
from django.utils.formats import get_format, number_format

register = template.Library()

_SEPARATORS: dict[str, str] = {}


def _decimal_separator() -> str:
    language = translation.get_language() or ""
    separator = _SEPARATORS.get(language)
    if separator is None:
        separator = _SEPARATORS[language] = get_format("DECIMAL_SEPARATOR")
    return separator


@register.filter
def score(value, digits: int = 2) -> str:
    """`value` with `digits` decimals and the language's decimal separator; "—" for none."""
    if value is None:
        return "—"
    return f"{value:.{int(digits)}f}".replace(".", _decimal_separator())


@register.filter
def plain(value) -> str:
    """A score as typed: 7, 6,5 or 7,25 (never 6,50 or 1E+1); "—" for none."""
    if value in (None, ""):
        return "—"
    try:
        number = Decimal(str(value))
        if not number.is_finite():
            return str(value)
        exact = number == number.to_integral()
        number = number.quantize(Decimal(1)) if exact else number.normalize()
    except InvalidOperation:  # more digits than a decimal context holds
        return str(value)
    return number_format(number)
