"""The English catalog (locale/en) is complete: every source string has a reviewed translation with
the same placeholders, and /en/ pages and English emails show no Vietnamese interface text."""

import ast
import re
import shutil
import subprocess

import pytest

from tests.forum.catalog import (
    CATALOG_PO,
    HEADER,
    MESSAGES,
    ROOT,
    SOURCE_APPS,
    TEMPLATE_DIRS,
    is_vietnamese_letter,
    label,
    placeholders,
)

# --- the catalog itself --------------------------------------------------------------------


def test_header_declares_english_utf8_and_two_plural_forms():
    assert HEADER.msgid == ""
    assert "fuzzy" not in HEADER.flags
    header = HEADER.msgstr[0]
    assert "Language: en\n" in header
    assert "charset=UTF-8" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header


def test_catalog_has_no_duplicate_entries():
    keys = [entry.key for entry in MESSAGES]
    assert len(keys) == len(set(keys))
    assert len(MESSAGES) > 250


def test_every_entry_is_translated_and_none_is_fuzzy():
    fuzzy = [label(e) for e in MESSAGES if "fuzzy" in e.flags]
    empty = [label(e) for e in MESSAGES if not e.msgstr or not all(e.msgstr.values())]

    assert fuzzy == []
    assert empty == []


def test_plural_entries_have_exactly_two_forms():
    for entry in MESSAGES:
        expected = [0, 1] if entry.msgid_plural is not None else [0]
        assert sorted(entry.msgstr) == expected, label(entry)


def test_placeholders_match_between_source_and_translation():
    mismatched = []
    for entry in MESSAGES:
        sources = {0: entry.msgid, 1: entry.msgid_plural or entry.msgid}
        for index, translation in entry.msgstr.items():
            same = placeholders(sources[index]) == placeholders(translation)
            if not same or sources[index].count("%%") != translation.count("%%"):
                mismatched.append(f"{label(entry)} -> {translation!r}")
            is_format = any(f in entry.flags for f in ("python-format", "python-brace-format"))
            if not is_format:
                # A bare % is only doubled in strings Django marks as python-format.
                assert "%(" not in translation, label(entry)
    assert mismatched == []


def test_html_markup_is_kept():
    tag = re.compile(r"</?[a-zA-Z][^>]*>")
    for entry in MESSAGES:
        sources = {0: entry.msgid, 1: entry.msgid_plural or entry.msgid}
        for index, translation in entry.msgstr.items():
            assert sorted(tag.findall(sources[index])) == sorted(tag.findall(translation)), label(
                entry
            )


def test_leading_and_trailing_whitespace_is_kept():
    for entry in MESSAGES:
        for translation in entry.msgstr.values():
            for source in filter(None, (entry.msgid, entry.msgid_plural)):
                assert source.startswith("\n") == translation.startswith("\n"), label(entry)
                assert source.endswith("\n") == translation.endswith("\n"), label(entry)
                assert source.startswith(" ") == translation.startswith(" "), label(entry)
                assert source.endswith(" ") == translation.endswith(" "), label(entry)


def test_translations_do_not_leave_vietnamese_interface_text():
    """Only language names, proper nouns and sample values may keep Vietnamese letters."""
    keep_vietnamese = {"Tiếng Việt"}
    vietnamese_examples = ("Nguyễn Thị Thu Hà", "NĐ-CP")
    leftovers = []
    for entry in MESSAGES:
        for translation in entry.msgstr.values():
            if translation in keep_vietnamese:
                continue
            text = translation
            for example in vietnamese_examples:
                text = text.replace(example, "")
            if any(is_vietnamese_letter(ch) for ch in text):
                leftovers.append(f"{label(entry)} -> {translation!r}")
    assert leftovers == []


def test_glossary_terms_are_used():
    by_msgid = {entry.msgid: entry.msgstr[0] for entry in MESSAGES}
    expected = {
        "Xem được, chạm được, kiểm chứng được.": "See it, touch it, verify it.",
        "Họ và tên": "Full name",
        "Nước ngoài": "Abroad",
        "Ông": "Mr",
        "Bà": "Ms",
        "GS.": "Prof.",
        "PGS.": "Assoc. Prof.",
        "TS.": "Dr",
        "GS. TS.": "Prof. Dr",
        "PGS. TS.": "Assoc. Prof. Dr",
        "ThS.": "MSc",
        "(không)": "(none)",
        "Giám khảo": "Judge",
        "Nhân viên check-in": "Door staff",
        "Danh sách chờ": "Waiting list",
        "Tiếng Việt": "Tiếng Việt",
    }
    for msgid, translation in expected.items():
        if msgid in by_msgid:
            assert by_msgid[msgid] == translation, msgid
    assert by_msgid["Đăng ký đã được duyệt — %(name)s"].startswith("Registration approved")
    # One spelling throughout: the project writes "organiser", "organisation".
    for translation in by_msgid.values():
        assert not re.search(r"organiz", translation, re.IGNORECASE), translation


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext (msgfmt)")
def test_catalog_compiles_cleanly_with_msgfmt(tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(CATALOG_PO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


# --- the catalog covers the source ---------------------------------------------------------

TEMPLATE_TRANSLATE = re.compile(
    r"""{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<text>.*?)(?P=q)(?P<rest>[^%]*)%}""", re.S
)
TEMPLATE_BLOCK = re.compile(
    r"{%\s*(?:blocktranslate|blocktrans)(?P<args>[^%]*)%}(?P<body>.*?)"
    r"{%\s*(?:endblocktranslate|endblocktrans)\s*%}",
    re.S,
)
TEMPLATE_VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")
# Django's keywords for xgettext: name -> (context argument, message argument)
GETTEXT_CALLS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}


def _block_msgid(args: str, body: str) -> tuple[str | None, str]:
    singular = re.split(r"{%\s*plural\s*%}", body)[0]
    if "trimmed" in args.split():
        singular = re.sub(r"\s*\n\s*", " ", singular.strip())
    context = re.search(r"""\bcontext\s+(["'])(.*?)\1""", args)
    msgid = TEMPLATE_VARIABLE.sub(r"%(\1)s", singular.replace("%", "%%"))
    return (context.group(2) if context else None, msgid)


def template_messages() -> set[tuple[str | None, str]]:
    found = set()
    for path in (path for folder in TEMPLATE_DIRS for path in folder.rglob("*")):
        if path.suffix not in (".html", ".txt") or not path.is_file():
            continue
        source = path.read_text(encoding="utf-8")
        for match in TEMPLATE_TRANSLATE.finditer(source):
            if "noop" in match.group("rest").split():
                continue
            context = re.search(r"""\bcontext\s+(["'])(.*?)\1""", match.group("rest"))
            # Django doubles % in template messages (and halves it again when rendering).
            text = match.group("text").replace("%", "%%")
            found.add((context.group(2) if context else None, text))
        for match in TEMPLATE_BLOCK.finditer(source):
            body = match.group("body")
            if re.search(r"{%(?!\s*plural\b)", body) or "|" in body:
                continue  # tags or filters inside a block: not a plain message
            found.add(_block_msgid(match.group("args"), body))
    return found


def python_messages() -> set[tuple[str | None, str]]:
    found = set()
    for app in SOURCE_APPS:
        for path in (ROOT / app).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in GETTEXT_CALLS:
                    continue
                context_index, message_index = GETTEXT_CALLS[name]
                args = node.args
                if len(args) <= message_index:
                    continue
                message = args[message_index]
                if not (isinstance(message, ast.Constant) and isinstance(message.value, str)):
                    continue
                context = None
                if context_index is not None:
                    context_node = args[context_index]
                    if not isinstance(context_node, ast.Constant):
                        continue
                    context = context_node.value
                found.add((context, message.value))
    return found


def test_source_scan_finds_the_strings_it_should():
    assert {"forum", "mail", "registration", "checkin", "awards"} <= set(SOURCE_APPS)
    messages = {msgid for _context, msgid in template_messages() | python_messages()}

    assert "Xem được, chạm được, kiểm chứng được." in messages  # {% translate %}
    assert "Kính gửi %(name)s," in messages  # {% blocktranslate with %}
    assert "%(capacity)s đại biểu" in messages  # {% blocktranslate count %}
    assert "Tiếng Việt" in messages  # gettext_lazy in settings
    assert "Giám khảo" in messages  # gettext_lazy in a dict


def test_every_source_string_is_in_the_catalog():
    catalog = {entry.key for entry in MESSAGES}
    source = template_messages() | python_messages()
    missing = sorted(
        f"{context}|{msgid}" if context else msgid
        for context, msgid in source - catalog
        if msgid.strip()
    )

    assert missing == [], (
        "Run: manage.py makemessages -l en --no-obsolete (see the README) and translate:\n"
        + "\n".join(missing)
    )
