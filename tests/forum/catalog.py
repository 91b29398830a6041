"""A tiny .po reader and the project's English catalog, for the translation tests."""

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOG_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
SOURCE_APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
TEMPLATE_DIRS = [ROOT / "templates", *(ROOT / app / "templates" for app in SOURCE_APPS)]

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


# --- a tiny .po reader ---------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _unquote(text: str) -> str:
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: ESCAPES[m.group(1)], text[1:-1])


def read_po(path: Path) -> list[Entry]:
    entries, entry, current = [], Entry(), None

    def flush():
        nonlocal entry
        if entry.msgstr or entry.msgid:
            entries.append(entry)
        entry = Entry()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            flush()
            current = None
        elif line.startswith("#~"):
            raise AssertionError(f"obsolete entry left in the catalog (line {number})")
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = _unquote(line)
            if current[0] == "msgstr":
                entry.msgstr[current[1]] += value
            else:
                setattr(entry, current[0], getattr(entry, current[0]) + value)
        else:
            keyword, _, rest = line.partition(" ")
            if not entry.line:
                entry.line = number
            plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if plural or keyword == "msgstr":
                index = int(plural.group(1)) if plural else 0
                entry.msgstr[index] = _unquote(rest)
                current = ("msgstr", index)
            elif keyword in ("msgid", "msgid_plural", "msgctxt"):
                setattr(entry, keyword, _unquote(rest))
                current = (keyword, None)
            else:
                raise AssertionError(f"unexpected line {number}: {raw!r}")
    flush()
    return entries


CATALOG = read_po(CATALOG_PO)
HEADER = CATALOG[0]
MESSAGES = CATALOG[1:]


def label(entry: Entry) -> str:
    return f"line {entry.line}: {entry.msgid!r}"


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def is_vietnamese_letter(ch: str) -> bool:
    if ch in "đĐ":
        return True
    decomposed = unicodedata.normalize("NFD", ch)
    return len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha()
