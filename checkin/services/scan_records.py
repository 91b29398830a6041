"""The reads and writes of a scan at the door, as plain SQL building model instances.

The ORM's query compilation cost several times the database work here (docs/performance.md,
"Check-in"). Only identifiers from the models' metadata are formatted into the SQL.
"""

from django.db import connection

from checkin.models import Gate, Scan
from forum.sql import fetch_one, in_model_order, model_from_row
from registration.badge_codes import parse_scanned
from registration.models import BadgeCode, Registration

_REGISTRATIONS = Registration._meta.db_table

# NO KEY UPDATE: it serialises offline uploads for one delegate, yet does not block the key-share
# lock that an online scan's insert takes on the registration (its foreign key), so an online
# scan waiting on the first-entry index and an upload waiting on the lock cannot deadlock.
_LOCK_SQL = f"SELECT id FROM {_REGISTRATIONS} WHERE id = %s FOR NO KEY UPDATE"  # noqa: S608
_FIRST_SCAN_FIELDS = in_model_order(
    Scan, ("id", "scanned_at", "result", "registration_id", "gate_id")
)
_FIRST_ENTRY_COLUMNS = f"{', '.join('s.' + name for name in _FIRST_SCAN_FIELDS)}, g.name"
_FIRST_ENTRY_SQL = (
    f"SELECT {_FIRST_ENTRY_COLUMNS} "  # noqa: S608
    f"FROM {Scan._meta.db_table} s LEFT JOIN {Gate._meta.db_table} g ON g.id = s.gate_id "
    "WHERE s.registration_id = %s AND s.is_first_entry"
)
_CODE_FIELDS = in_model_order(BadgeCode, ("id", "status", "registration_id"))
_CODE_REGISTRATION_FIELDS = in_model_order(
    Registration,
    (
        "id",
        "edition_id",
        "status",
        "full_name",
        "honorific",
        "organisation",
        "delegate_type",
        "needs",
    ),
)
# The code, its registration and the delegate's first entry so far, in one query.
_FIND_CODE_SQL = (
    f"SELECT {', '.join('c.' + name for name in _CODE_FIELDS)}, "  # noqa: S608
    f"{', '.join('r.' + name for name in _CODE_REGISTRATION_FIELDS)}, {_FIRST_ENTRY_COLUMNS} "
    f"FROM {BadgeCode._meta.db_table} c JOIN {_REGISTRATIONS} r ON r.id = c.registration_id "
    f"LEFT JOIN {Scan._meta.db_table} s ON s.registration_id = r.id AND s.is_first_entry "
    f"LEFT JOIN {Gate._meta.db_table} g ON g.id = s.gate_id "
    "WHERE c.{column} = %s AND r.edition_id = %s"
)


def _first_entry_from(row) -> Scan | None:
    """The first entry from the columns of _FIRST_ENTRY_COLUMNS (all NULL when there is none)."""
    if row[0] is None:
        return None
    scan = model_from_row(Scan, _FIRST_SCAN_FIELDS, row[:-1])
    if scan.gate_id is not None:
        scan.gate = model_from_row(Gate, ("id", "name"), (scan.gate_id, row[-1]))
    return scan


def first_entry_of(registration_id: int) -> Scan | None:
    row = fetch_one(_FIRST_ENTRY_SQL, [registration_id])
    return _first_entry_from(row) if row else None


def scan_stored(source_key: str, nonce: str) -> tuple[Scan, Scan | None] | None:
    """The scan stored under (source_key, nonce), with its delegate's first entry now."""
    scan = (
        Scan.objects.select_related("registration", "gate")
        .filter(source_key=source_key, nonce=nonce)
        .first()
    )
    if scan is None:
        return None
    return scan, first_entry_of(scan.registration_id) if scan.registration_id else None


def clean_raw_code(value: str) -> str:
    """PostgreSQL text cannot hold NUL; the replacement character keeps a forged code invalid
    (it is not in the code alphabet) and still recordable."""
    return (value or "").replace("\x00", "\ufffd")


def code_lookup(raw_code: str, edition_id: int) -> tuple[BadgeCode | None, Scan | None]:
    """The edition's badge code for what was scanned, with its registration, and the
    delegate's first entry as it stood when read (None, None for a code that is not ours)."""
    parsed = parse_scanned(raw_code)
    if parsed is None:
        return None, None
    kind, value = parsed
    column = "token" if kind == "token" else "short_code"
    row = fetch_one(_FIND_CODE_SQL.format(column=column), [value, edition_id])
    if row is None:
        return None, None
    split = len(_CODE_FIELDS)
    after = split + len(_CODE_REGISTRATION_FIELDS)
    code = model_from_row(BadgeCode, _CODE_FIELDS, row[:split])
    code.registration = model_from_row(Registration, _CODE_REGISTRATION_FIELDS, row[split:after])
    return code, _first_entry_from(row[after:])


_SCAN_COLUMNS = [field for field in Scan._meta.concrete_fields if not field.primary_key]
# A unique key that already holds the row (the nonce was seen, or the delegate has a first
# entry) makes the insert do nothing instead of raising: no savepoint is needed around it.
_INSERT_SCAN_SQL = (
    f"INSERT INTO {Scan._meta.db_table} "  # noqa: S608
    f"({', '.join(field.column for field in _SCAN_COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(_SCAN_COLUMNS))}) ON CONFLICT DO NOTHING RETURNING id"
)


def scan_insert(**fields) -> Scan | None:
    """Scan.objects.create() as one plain INSERT (same values: pre_save fills received_at), a
    third of the CPU on the busiest write of the event. None when a unique key refused it: the
    (source_key, nonce) of an earlier request, or, for a first entry, the delegate's first
    entry recorded by another scan."""
    scan = Scan(**fields)
    values = [
        field.get_db_prep_save(field.pre_save(scan, add=True), connection)
        for field in _SCAN_COLUMNS
    ]
    row = fetch_one(_INSERT_SCAN_SQL, values)
    if row is None:
        return None
    scan.pk = row[0]
    scan._state.adding = False
    scan._state.db = connection.alias
    return scan


def registration_lock(registration_id: int) -> None:
    if not connection.features.has_select_for_update:
        return  # SQLite: writers are serialised by the database lock (IMMEDIATE transactions)
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_SQL, [registration_id])
