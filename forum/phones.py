"""Phone numbers: Vietnamese by default (+84), stored in E.164, shown the way people write them."""

from django.db.models import Q

# What people put between digits: "0912 345 678", "0912.345.678", "(+84) 912-345-678".
_SEPARATORS = str.maketrans("", "", " .-()")
MIN_DIGITS = 4


def phone_display(phone) -> str:
    """Vietnamese numbers in national form ("0912 345 678"), others in international form."""
    if not phone:
        return ""
    if getattr(phone, "country_code", None) == 84:
        return phone.as_national
    return phone.as_international


def phone_lookup(query: str, *, field: str = "phone") -> Q | None:
    """How to find what a person typed in stored E.164 numbers, if it looks like (part of) a phone
    number; None when it does not (search by name instead).

    "0912…" is a national number, so it must start the number after +84; "+84 912…" likewise;
    bare digits ("345678", the end someone remembers) may be anywhere.
    """
    compact = (query or "").strip().translate(_SEPARATORS)
    international = compact.startswith("+")
    digits = compact.removeprefix("+")
    if not (digits.isascii() and digits.isdigit() and len(digits) >= MIN_DIGITS):
        return None
    if international:
        return Q(**{f"{field}__startswith": "+" + digits})
    if digits.startswith("0"):
        return Q(**{f"{field}__startswith": "+84" + digits[1:]})
    return Q(**{f"{field}__contains": digits})


def phone_parse(text: str, *, region: str = "VN") -> str | None:
    """The E.164 form of a phone number as people write it ("0912 345 678", "+84 912-345-678"),
    or None when it is not a valid number. Letters are refused rather than read as keypad digits
    ("0912abc678" is a typo, not +84912222678)."""
    import phonenumbers

    text = (text or "").strip()
    if not text or len(text) > 40 or any(char.isalpha() for char in text):
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
