"""Vietnamese text handling: normalisation, given names, accent-free search keys, collation.

Names are stored as typed (NFC); everything derived from them (given name, search key, sort key)
comes from the functions here so that Python, SQLite and PostgreSQL agree.
"""

import unicodedata

# Tone marks (dấu thanh) as combining characters after NFD, in dictionary order:
# ngang (none) < huyền < hỏi < ngã < sắc < nặng. This is also the order of CLDR's `vi` tailoring,
# which PostgreSQL's `vi-x-icu` collation uses.
_TONES = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}

# Vietnamese alphabet with the four Latin letters it lacks (f j w z, found in foreign names and
# loanwords) slotted in where ICU puts them. Letter + vowel mark (ă â ê ô ơ ư) is a letter of its
# own at the primary level; only the tone is secondary.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

# Marks that make a separate letter (breve, circumflex, horn) rather than a tone.
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")

# Letters that have no Unicode decomposition, so stripping combining marks leaves them alone.
# Đ is the Vietnamese one; Ð (U+00D0, Icelandic eth) looks identical and turns up in pasted
# names. PostgreSQL's unaccent maps all of these to d as well.
_NO_DECOMPOSITION = str.maketrans({"Đ": "d", "đ": "d", "Ð": "d", "ð": "d"})

# Punctuation that appears in names and addresses, in ICU's root order (not code point order).
_PUNCTUATION_ORDER = (
    "_-\u2013\u2014,;:!?.\u2026\u00b7'\u2018\u2019\"\u201c\u201d\u00ab\u00bb()[]{}@*/\\&#%`^+<=>|~$"
)
_PUNCTUATION_RANK = {char: rank for rank, char in enumerate(_PUNCTUATION_ORDER)}

# Primary classes, in ICU's default order for non-ignorable characters:
# whitespace < punctuation and symbols < digits < letters < anything else.
_SPACE, _PUNCT, _DIGIT, _LETTER, _OTHER = range(5)


def normalize_text(value: str) -> str:
    """Return `value` in NFC with control/invisible characters removed and whitespace collapsed.

    Line breaks and tabs count as whitespace; format characters (zero-width space/joiners, BOM,
    soft hyphen, bidi overrides) are dropped. Vietnamese letters are kept as typed, so an NFD
    "Nguyễn" becomes the same code points as a precomposed one.
    """
    if not value:
        return ""
    # Remove invisibles before NFC so that a mark separated from its letter by a zero-width
    # character still composes with it.
    kept = []
    for char in value:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf"):
            if char.isspace():
                kept.append(" ")
            continue
        kept.append(char)
    # str.split() with no argument splits on every Unicode space (NBSP, ideographic space, …).
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).split())


def given_name(full_name: str) -> str:
    """Return the tên of a Vietnamese "Họ và tên": its last word ("Nguyễn Văn An" → "An")."""
    words = normalize_text(full_name).split(" ")
    return words[-1]


def search_key(value: str) -> str:
    """Return the accent- and case-free form used to match names ("Đặng Thị Ánh" → "dang thi anh").

    Equals PostgreSQL's `lower(unaccent(value))` for Vietnamese text once `value` is normalised,
    so a key computed here can be compared with one computed in the database.
    """
    text = normalize_text(value).translate(_NO_DECOMPOSITION)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.lower().split())


def _collation_element(char: str) -> tuple[tuple[int, int], int, int]:
    """Return (primary, secondary, tertiary) weights for one NFC character."""
    tertiary = 1 if char.isupper() else 0  # lower case first, as in ICU
    lowered = char.lower()
    if lowered in ("đ", "ð"):
        return (_LETTER, _LETTER_RANK["đ"]), 0, tertiary
    if char.isspace():
        return (_SPACE, 0), 0, 0
    if char.isdigit():
        return (_DIGIT, unicodedata.digit(char, ord(char))), 0, 0

    base, *marks = unicodedata.normalize("NFD", lowered)
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
    secondary = 0
    for mark in marks:
        if mark in _TONES:
            secondary = _TONES[mark]
        elif mark not in _LETTER_MARKS:
            # A foreign accent (ö, ç, …) sorts after the Vietnamese tones on the same letter.
            secondary = max(secondary, 10 + ord(mark))
    if letter in _LETTER_RANK:
        return (_LETTER, _LETTER_RANK[letter]), secondary, tertiary
    if base in _LETTER_RANK:
        # A letter mark on a letter that does not take it in Vietnamese (ĕ, ŏ): sort by the
        # base letter rather than push the character to the end.
        return (_LETTER, _LETTER_RANK[base]), secondary, tertiary
    if unicodedata.category(base).startswith(("P", "S")):
        rank = _PUNCTUATION_RANK.get(base, len(_PUNCTUATION_ORDER) + ord(base))
        return (_PUNCT, rank), secondary, tertiary
    return (_OTHER, ord(base)), secondary, tertiary


def collation_key(value: str) -> tuple:
    """Return a sort key giving Vietnamese alphabetical order (what ICU `vi` gives on PostgreSQL).

    Levels, compared in turn over the whole string: letters (a < ă < â < b … d < đ …, case
    ignored), then tones (none < huyền < hỏi < ngã < sắc < nặng), then case (lower first). The
    normalised text breaks remaining ties so that the order is total and stable.
    """
    text = normalize_text(value)
    elements = [_collation_element(char) for char in text]
    primary = tuple(element[0] for element in elements)
    secondary = tuple(element[1] for element in elements)
    tertiary = tuple(element[2] for element in elements)
    return (primary, secondary, tertiary, text)


def delegate_sort_key(full_name: str, given: str | None = None) -> tuple:
    """Return the key for listing delegates: by tên, then by full name.

    `given` is the stored given name when a delegate overrode the derived one; when it is empty
    the last word of `full_name` is used.
    """
    return (collation_key(given or given_name(full_name)), collation_key(full_name))


def _encode_collation(text: str) -> str:
    # Digits only, so that any database collation compares the key exactly as bytes would.
    primary, secondary, tertiary, _text = collation_key(text)
    return "0".join(
        (
            "".join(f"{category + 1}{rank + 1:06d}" for category, rank in primary),
            "".join(f"{weight + 1:04d}" for weight in secondary),
            "".join(f"{weight + 1}" for weight in tertiary),
        )
    )


def sort_key_string(full_name: str, given: str | None = None) -> str:
    """A stored, digits-only form of `delegate_sort_key` so databases can ORDER BY it.

    Plain string comparison of two keys gives the same order as comparing `delegate_sort_key`
    tuples (levels are separated by "0", which sorts before every encoded weight).
    """
    return "00".join(
        (_encode_collation(given or given_name(full_name)), _encode_collation(full_name))
    )
