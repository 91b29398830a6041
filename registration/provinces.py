"""Provinces and centrally-run cities of Viet Nam in force since 1/7/2025, with old names mapped.

The units come from `data/provinces-vn-2025.json` (34 units: 6 cities, 28 provinces, each with the
pre-merger units it absorbed). Stored values are the current official names; "Nước ngoài" is the
extra choice for delegates who live abroad.
"""

import functools
import json
import re
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from forum.vietnamese import collation_key, search_key

DATA_FILE = Path(__file__).resolve().parent / "data" / "provinces-vn-2025.json"

ABROAD = "Nước ngoài"

CITY_PREFIX = "Thành phố "

# Well-known ways of writing a unit that are neither its name nor a former unit's name. Keys go
# through the same normalisation as user input, so accents, case and punctuation do not matter.
ALIASES = {
    "TPHCM": "Thành phố Hồ Chí Minh",
    "HCM": "Thành phố Hồ Chí Minh",
    "HCMC": "Thành phố Hồ Chí Minh",
    "Sài Gòn": "Thành phố Hồ Chí Minh",
    "Saigon": "Thành phố Hồ Chí Minh",
    "Hanoi": "Thành phố Hà Nội",
    "Danang": "Thành phố Đà Nẵng",
    # Thừa Thiên Huế became Thành phố Huế on 1/1/2025, before the 2025 merger, so the data file
    # does not list it as a former unit.
    "Thừa Thiên Huế": "Thành phố Huế",
}

# Administrative words people put in front of (or, in English, after) a name. Compared on
# lookup keys, hence unaccented and lower case.
_PREFIXES = ("thanh pho ", "tinh ", "tp ")
_SUFFIXES = (" city", " province")

_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def _lookup_key(name: str) -> str:
    # "TP.HCM", "Bà Rịa-Vũng Tàu" (with any dash) and "Thừa Thiên - Huế" differ from the data only
    # in punctuation.
    return " ".join(_NOT_ALPHANUMERIC.sub(" ", search_key(name)).split())


def _strip_affixes(key: str) -> str:
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            key = key.removeprefix(prefix)
            break
    for suffix in _SUFFIXES:
        if key.endswith(suffix):
            key = key.removesuffix(suffix)
            break
    return key


@functools.cache
def _units() -> tuple[dict, ...]:
    with DATA_FILE.open(encoding="utf-8") as file:
        return tuple(json.load(file)["units"])


@functools.cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}

    def add(name: str, unit: str) -> None:
        for key in {_lookup_key(name), _strip_affixes(_lookup_key(name))}:
            if index.setdefault(key, unit) != unit:
                raise ValueError(f"{name!r} would resolve to both {index[key]!r} and {unit!r}")

    for unit in _units():
        add(unit["name"], unit["name"])
        for former in unit["formerly"]:
            add(former, unit["name"])
    for alias, unit in ALIASES.items():
        add(alias, unit)
    add(ABROAD, ABROAD)
    return index


# The 34 current units in the order of the data file (the resolution's order), then "Nước ngoài".
PROVINCES: list[str] = [unit["name"] for unit in _units()] + [ABROAD]


def province_choices() -> list[tuple[str, str]]:
    """Return (value, label) pairs for a form field, in Vietnamese alphabetical order.

    Cities sort among the provinces by their proper name ("Thành phố Hà Nội" under H), and
    "Nước ngoài" comes last.
    """
    units = sorted(PROVINCES[:-1], key=lambda name: collation_key(name.removeprefix(CITY_PREFIX)))
    return [(name, name) for name in units] + [(ABROAD, _("Nước ngoài"))]


def province_resolve(name: str) -> str | None:
    """Return the current unit for a current, former or colloquial name; None if unknown.

    "Bình Dương", "tp hcm" and "Sài Gòn" all give "Thành phố Hồ Chí Minh"; accents, case,
    punctuation and a leading "Tỉnh"/"Thành phố"/"TP" are ignored.
    """
    key = _lookup_key(name or "")
    if not key:
        return None
    index = _index()
    return index.get(key) or index.get(_strip_affixes(key))
