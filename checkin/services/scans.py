"""Check-in at the door: every scan is recorded, and a delegate's first entry is recorded once.

The database decides who enters first. A partial unique index allows one first entry per
registration, and an online scan claims it with `INSERT … ON CONFLICT DO NOTHING`: of any number
of gates scanning one badge at once, exactly one insert wins and the others are recorded as
"already checked in". An offline upload may move the first entry to an earlier scan, so it locks
the registration row (as pretix's perform_checkin does) before comparing times; it claims the
flag through the same index. A (source, nonce) unique key makes a replayed request return the
stored answer.
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from checkin.models import Gate, Scan
from checkin.selectors.codes import registration_checkin_code
from forum.errors import ServiceError
from forum.sql import fetch_one, in_model_order, model_from_row
from registration.badge_codes import parse_scanned
from registration.models import BadgeCode, Registration

Result = Scan.Result


@dataclass
class ScanOutcome:
    scan: Scan
    first_entry: Scan | None
    replayed: bool = False

    @property
    def result(self) -> str:
        return self.scan.result

    @property
    def registration(self) -> Registration | None:
        return self.scan.registration


# The reads on every scan are plain SQL building model instances (Model.from_db): the ORM's
# query compilation cost several times the database work here (docs/performance.md,
# "Check-in"). Only identifiers from the models' metadata are formatted into the SQL.
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


def _first_entry(registration_id: int) -> Scan | None:
    row = fetch_one(_FIRST_ENTRY_SQL, [registration_id])
    return _first_entry_from(row) if row else None


def _replay(source_key: str, nonce: str) -> ScanOutcome | None:
    scan = (
        Scan.objects.select_related("registration", "gate")
        .filter(source_key=source_key, nonce=nonce)
        .first()
    )
    if scan is None:
        return None
    first = _first_entry(scan.registration_id) if scan.registration_id else None
    return ScanOutcome(scan=scan, first_entry=first, replayed=True)


def clean_raw_code(value: str) -> str:
    """PostgreSQL text cannot hold NUL; the replacement character keeps a forged code invalid
    (it is not in the code alphabet) and still recordable."""
    return (value or "").replace("\x00", "\ufffd")


def _find_code(raw_code: str, edition_id: int) -> tuple[BadgeCode | None, Scan | None]:
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


def _insert_scan(**fields) -> Scan | None:
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


def _lock_registration(registration_id: int) -> None:
    if not connection.features.has_select_for_update:
        return  # SQLite: writers are serialised by the database lock (IMMEDIATE transactions)
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_SQL, [registration_id])


def _classify(code: BadgeCode | None) -> str | None:
    """The refusal for this code, or None when it may enter."""
    if code is None:
        return Result.INVALID
    registration = code.registration
    if registration.status == Registration.Status.CANCELLED:
        return Result.CANCELLED
    # A rejected (or no longer approved) delegate's badge was revoked with the decision: the
    # answer is "not approved", not "replaced by a new badge".
    if registration.status != Registration.Status.APPROVED:
        return Result.NOT_APPROVED
    if code.status == BadgeCode.Status.REVOKED:
        return Result.REVOKED
    return None


def checkin_perform(
    *,
    edition_id: int,
    raw_code: str,
    nonce: str,
    source_key: str,
    device=None,
    staff=None,
    gate=None,
    scanned_at=None,
    offline: bool = False,
) -> ScanOutcome:
    """Decide and record one scan. The same (source_key, nonce) again returns the first answer."""
    if offline:
        # Uploads of offline queues are retried whole, so most of a retried batch is replays:
        # look them up first. An online scan is rarely a retry; for it the unique
        # (source_key, nonce) key detects the replay at the insert and saves a query per scan.
        replay = _replay(source_key, nonce)
        if replay:
            return replay
    scanned_at = scanned_at or timezone.now()
    raw_code = clean_raw_code(raw_code)
    code, first = _find_code(raw_code, edition_id)
    refusal = _classify(code)
    fields = dict(
        edition_id=edition_id,
        source_key=source_key,
        nonce=nonce,
        device=device,
        staff=staff,
        gate=gate,
        raw_code=(raw_code or "")[:200],
        badge_code=code,
        registration=code.registration if code else None,
        scanned_at=scanned_at,
        offline=offline,
    )
    if refusal:
        return _recorded(_insert_scan(result=refusal, **fields), None, source_key, nonce)
    if offline:
        return _checkin_offline(code.registration_id, scanned_at, fields)
    if first is None:
        scan = _insert_scan(result=Result.OK, is_first_entry=True, **fields)
        if scan is not None:
            return ScanOutcome(scan=scan, first_entry=scan)
        # Another gate recorded the first entry since the read (or this nonce is a replay,
        # which the insert below detects).
        first = _first_entry(code.registration_id)
    # Online scans never take over a first entry: their time is the server's, and of two gates
    # scanning one badge the second insert is refused whatever the clocks say.
    scan = _insert_scan(result=Result.ALREADY_CHECKED_IN, **fields)
    return _recorded(scan, first, source_key, nonce)


def checkin_perform_for_registration(
    *, edition_id: int, registration_id: int, **scan
) -> ScanOutcome:
    """Check in a delegate found by name (a lost badge) with their badge code, by the rules of a
    scan; `scan` is the rest of checkin_perform's arguments. Raises ServiceError
    (code="unknown_registration") for an id that is not one of the edition's delegates."""
    registration = Registration.objects.filter(
        pk=registration_id, edition_id=edition_id, anonymised_at__isnull=True
    ).first()
    if registration is None:
        raise ServiceError(gettext("Không tìm thấy đại biểu này."), code="unknown_registration")
    raw_code = registration_checkin_code(edition_id=edition_id, registration_id=registration.pk)
    if raw_code is not None:
        return checkin_perform(edition_id=edition_id, raw_code=raw_code, **scan)
    # No badge was ever issued (pending or waiting list): refused, and recorded like any refusal.
    fields = {
        "edition_id": edition_id,
        "registration": registration,
        "raw_code": "",
        "result": Result.NOT_APPROVED,
        **scan,
    }
    fields["scanned_at"] = fields.get("scanned_at") or timezone.now()
    refused = _insert_scan(**fields)
    return _recorded(refused, None, scan["source_key"], scan["nonce"])


def _recorded(scan: Scan | None, first: Scan | None, source_key: str, nonce: str) -> ScanOutcome:
    """The outcome of an insert that only the (source_key, nonce) key can refuse: refused, the
    request is a replay, answered as the stored scan."""
    if scan is not None:
        return ScanOutcome(scan=scan, first_entry=first)
    replay = _replay(source_key, nonce)
    if replay is None:  # the key that refused the insert holds a row
        raise RuntimeError(f"scan {source_key}/{nonce} refused but not found")
    return replay


# An upload claims the first entry again after losing it to an online scan at most this often;
# each round needs a new online scan of the same badge committed within milliseconds.
_OFFLINE_ATTEMPTS = 5


def _checkin_offline(registration_id: int, scanned_at, fields: dict) -> ScanOutcome:
    """An offline scan: the earliest scan of a delegate is the arrival, so an upload made
    earlier than the recorded first entry moves the flag to itself."""
    source_key, nonce = fields["source_key"], fields["nonce"]
    with transaction.atomic():
        _lock_registration(registration_id)
        for _attempt in range(_OFFLINE_ATTEMPTS):
            first = _first_entry(registration_id)
            if first is not None and first.scanned_at <= scanned_at:
                scan = _insert_scan(result=Result.ALREADY_CHECKED_IN, **fields)
                return _recorded(scan, first, source_key, nonce)
            if first is not None:
                Scan.objects.filter(pk=first.pk).update(is_first_entry=False)
            scan = _insert_scan(result=Result.OK, is_first_entry=True, **fields)
            if scan is not None:
                return ScanOutcome(scan=scan, first_entry=scan)
            # Refused: an online scan (which does not take the lock) recorded a first entry
            # since the read, or the nonce was stored meanwhile. Read again and decide again.
            replay = _replay(source_key, nonce)
            if replay:
                # Undo the moved flag: the request that stored this nonce answered already.
                transaction.set_rollback(True)
                return replay
    raise RuntimeError(f"offline scan {source_key}/{nonce}: first entry kept changing")
