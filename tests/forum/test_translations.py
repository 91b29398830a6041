"""The English catalog (locale/en) is complete: every source string has a reviewed translation with
the same placeholders, and /en/ pages and English emails show no Vietnamese interface text."""

import ast
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
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
            if any(_is_vietnamese_letter(ch) for ch in text):
                leftovers.append(f"{label(entry)} -> {translation!r}")
    assert leftovers == []


def _is_vietnamese_letter(ch: str) -> bool:
    if ch in "đĐ":
        return True
    decomposed = unicodedata.normalize("NFD", ch)
    return len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha()


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


# --- English pages and emails --------------------------------------------------------------


@pytest.fixture
def edition(db):
    from forum.services import edition_seed_2025

    return edition_seed_2025()


def test_english_home_page_uses_the_english_catalog(client, edition):
    response = client.get("/en/")

    assert response.status_code == 200
    html = response.content.decode()
    english = [
        "See it, touch it, verify it.",
        "Skip to main content",
        "Main navigation",
        "Home",
        "Sign in",
        "Register to attend",
        "Delegate registration",
        "Programme",
        "Make in Viet Nam Awards",
        "Showcase: 11 challenges",
        "1,500 delegates",
        "Date and time",
        "Venue",
        "National Convention Center, Hanoi",
    ]
    vietnamese = [
        "Xem được, chạm được, kiểm chứng được.",
        "Bỏ qua đến nội dung chính",
        "Điều hướng chính",
        "Trang chủ",
        "Đăng nhập",
        "Đăng ký tham dự",
        "Đăng ký đại biểu",
        "Chương trình",
        "Giải thưởng Make in Viet Nam",
        "Trưng bày",
        "đại biểu",
        "Thời gian",
        "Địa điểm",
        "Trung tâm Hội nghị Quốc gia",
    ]
    for text in english:
        assert text in html, text
    for text in vietnamese:
        assert text not in html, text


def test_vietnamese_home_page_is_unchanged(client, edition):
    html = client.get("/").content.decode()

    assert "Xem được, chạm được, kiểm chứng được." in html
    assert "Trung tâm Hội nghị Quốc gia, Hà Nội" in html
    assert "1.500 đại biểu" in html  # thousands grouped the Vietnamese way
    assert "Đăng ký tham dự" in html
    assert "See it, touch it, verify it." not in html


def test_english_home_page_without_edition(client, db):
    html = client.get("/en/").content.decode()

    assert "No forum edition has been set up yet." in html
    assert "Make in Viet Nam Forum" in html
    assert "Chưa có kỳ diễn đàn nào được thiết lập." not in html


@pytest.mark.parametrize(
    "kind, subject_start",
    [
        ("received", "Registration received"),
        ("waitlisted", "You are on the waiting list"),
        ("promoted", "A place is available for you"),
        ("approved", "Registration approved"),
        ("rejected", "Registration outcome"),
        ("cancelled", "Registration cancelled"),
        ("reminder", "Reminder:"),
    ],
)
def test_delegate_emails_in_english_have_no_vietnamese_text(edition, kind, subject_start):
    from mail.models import OutgoingEmail
    from registration.models import Registration
    from registration.services.notifications import registration_notify
    from tests.factories import RegistrationFactory, UserFactory

    registration = RegistrationFactory(
        edition=edition,
        user=UserFactory(email=f"{kind}@example.com", full_name="Jane Smith"),
        full_name="Jane Smith",
        given_name="Jane",
        honorific="",
        organisation="Acme Ltd",
        email_language="en",
        status=Registration.Status.WAITLISTED if kind == "waitlisted" else "pending",
        waitlist_position=1 if kind == "waitlisted" else None,
        rejection_reason="Capacity reached" if kind == "rejected" else "",
    )

    registration_notify(registration=registration, kind=kind)

    email = OutgoingEmail.objects.get(kind=kind, recipient=f"{kind}@example.com")
    assert email.subject.startswith(subject_start), email.subject
    assert "Dear Jane Smith," in email.body_text
    if kind in ("approved", "reminder"):
        assert "National Convention Center" in email.body_text
    for body in (email.subject, email.body_text, email.body_html):
        leftovers = [ch for ch in body if _is_vietnamese_letter(ch)]
        assert leftovers == [], f"{kind}: {body}"


def test_model_plural_names_are_plural_in_english():
    """Vietnamese names a model the same in the singular and the plural; English must not (the
    admin's lists and counts say "scans", not "scan")."""
    from django.apps import apps
    from django.utils import translation

    ours = [model for name in SOURCE_APPS for model in apps.get_app_config(name).get_models()]
    with translation.override("en"):
        same = [
            model.__name__
            for model in ours
            if str(model._meta.verbose_name_plural) == str(model._meta.verbose_name)
        ]

    assert ours
    assert same == []
