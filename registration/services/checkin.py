"""Check-in at the door: every scan is recorded, and a delegate's first entry is recorded once.

Like pretix's perform_checkin: the registration row is locked before looking for an earlier
entry, a partial unique index makes a second first entry impossible even if that lock were
missing, and a (source, nonce) unique key makes a replayed request return the stored answer.
"""

import functools
from dataclasses import dataclass

from django.db import IntegrityError, connection, models, transaction
from django.db.models.expressions import Col
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from registration.models import BadgeCode, Gate, Registration, Scan
from registration.services.badge_codes import parse_scanned

Result = Scan.Result


def result_message(result: str) -> str:
    return {
        Result.OK: _("Mời vào. Chào mừng đại biểu!"),
        Result.ALREADY_CHECKED_IN: _("Đại biểu đã check-in trước đó."),
        Result.INVALID: _("Mã không hợp lệ."),
        Result.NOT_APPROVED: _("Đăng ký chưa được duyệt. Mời đến bàn hỗ trợ."),
        Result.CANCELLED: _("Đăng ký đã bị hủy. Mời đến bàn hỗ trợ."),
        Result.REVOKED: _("Thẻ này đã được thay bằng thẻ mới. Mời đến bàn hỗ trợ."),
    }[result]


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


def _in_model_order(model, names: tuple[str, ...]) -> tuple[str, ...]:
    """Model.from_db takes the values of a partial row in the model's field order."""
    order = [field.attname for field in model._meta.concrete_fields]
    return tuple(sorted(names, key=order.index))


_LOCK_SQL = f"SELECT id FROM {_REGISTRATIONS} WHERE id = %s FOR UPDATE"  # noqa: S608
_FIRST_SCAN_FIELDS = _in_model_order(
    Scan, ("id", "scanned_at", "result", "registration_id", "gate_id")
)
_FIRST_ENTRY_SQL = (
    f"SELECT {', '.join('s.' + name for name in _FIRST_SCAN_FIELDS)}, g.name "  # noqa: S608
    f"FROM {Scan._meta.db_table} s LEFT JOIN {Gate._meta.db_table} g ON g.id = s.gate_id "
    "WHERE s.registration_id = %s AND s.is_first_entry"
)
_CODE_FIELDS = _in_model_order(BadgeCode, ("id", "status", "registration_id"))
_CODE_REGISTRATION_FIELDS = _in_model_order(
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
_FIND_CODE_SQL = (
    f"SELECT {', '.join('c.' + name for name in _CODE_FIELDS)}, "  # noqa: S608
    f"{', '.join('r.' + name for name in _CODE_REGISTRATION_FIELDS)} "
    f"FROM {BadgeCode._meta.db_table} c JOIN {_REGISTRATIONS} r ON r.id = c.registration_id "
    "WHERE c.{column} = %s AND r.edition_id = %s"
)


def model_from_row(model, names: tuple[str, ...], values) -> "models.Model":
    """An instance from a partial row (`names` in model order), converted as the ORM would
    (SQLite returns date-times as text, for instance)."""
    converted = []
    for value, (column, converters) in zip(values, _converters(model, names), strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, names, converted)


@functools.cache
def _converters(model, names: tuple[str, ...]) -> list:
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    result = []
    for name in names:
        column = Col(model._meta.db_table, by_attname[name])
        result.append(
            (
                column,
                connection.ops.get_db_converters(column)
                + by_attname[name].get_db_converters(connection),
            )
        )
    return result


def _fetch_one(sql: str, params: list) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _first_entry(registration_id: int) -> Scan | None:
    row = _fetch_one(_FIRST_ENTRY_SQL, [registration_id])
    if row is None:
        return None
    scan = model_from_row(Scan, _FIRST_SCAN_FIELDS, row[:-1])
    if scan.gate_id is not None:
        scan.gate = model_from_row(Gate, ("id", "name"), (scan.gate_id, row[-1]))
    return scan


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


def _find_code(raw_code: str, edition_id: int) -> BadgeCode | None:
    parsed = parse_scanned(raw_code)
    if parsed is None:
        return None
    kind, value = parsed
    column = "token" if kind == "token" else "short_code"
    row = _fetch_one(_FIND_CODE_SQL.format(column=column), [value, edition_id])
    if row is None:
        return None
    split = len(_CODE_FIELDS)
    code = model_from_row(BadgeCode, _CODE_FIELDS, row[:split])
    code.registration = model_from_row(Registration, _CODE_REGISTRATION_FIELDS, row[split:])
    return code


_SCAN_COLUMNS = [field for field in Scan._meta.concrete_fields if not field.primary_key]
_INSERT_SCAN_SQL = (
    f"INSERT INTO {Scan._meta.db_table} "  # noqa: S608
    f"({', '.join(field.column for field in _SCAN_COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(_SCAN_COLUMNS))})"
)


def _insert_scan(**fields) -> Scan:
    """Scan.objects.create() as one plain INSERT: the same values (pre_save fills received_at),
    a third of the CPU on the busiest write of the event."""
    scan = Scan(**fields)
    values = [
        field.get_db_prep_save(field.pre_save(scan, add=True), connection)
        for field in _SCAN_COLUMNS
    ]
    with connection.cursor() as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(_INSERT_SCAN_SQL + " RETURNING id", values)
            scan.pk = cursor.fetchone()[0]
        else:
            cursor.execute(_INSERT_SCAN_SQL, values)
            scan.pk = cursor.lastrowid
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
    now = timezone.now()
    scanned_at = scanned_at or now
    raw_code = clean_raw_code(raw_code)
    code = _find_code(raw_code, edition_id)
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
    try:
        with transaction.atomic():
            if refusal:
                return ScanOutcome(scan=_insert_scan(result=refusal, **fields), first_entry=None)
            _lock_registration(code.registration_id)
            first = _first_entry(code.registration_id)
            # Only an offline upload may take over an earlier arrival time. An online scan's
            # time is taken before the lock, so two scans of one badge at two gates can reach
            # here in the opposite order: the second to get the lock must still be refused.
            if first is not None and (not offline or first.scanned_at <= scanned_at):
                scan = _insert_scan(result=Result.ALREADY_CHECKED_IN, **fields)
                return ScanOutcome(scan=scan, first_entry=first)
            if first is not None:
                # An offline scan made earlier than the recorded first entry: the earliest
                # scan is the arrival, so the flag moves to it.
                Scan.objects.filter(pk=first.pk).update(is_first_entry=False)
            scan = _insert_scan(result=Result.OK, is_first_entry=True, **fields)
            return ScanOutcome(scan=scan, first_entry=scan)
    except IntegrityError:
        # The same nonce raced in from a retry: answer as the stored scan does.
        replay = _replay(source_key, nonce)
        if replay:
            return replay
        raise


def outcome_payload(outcome: ScanOutcome, *, language: str = "vi") -> dict:
    """The scan API's answer, with the message in the device's language."""
    registration = outcome.registration
    first = outcome.first_entry
    with translation.override(language):
        delegate = None
        if registration is not None:
            delegate = {
                "name": registration.full_name,
                "title": registration.honorific,
                "organisation": registration.organisation,
                "type": registration.delegate_type,
                "type_label": str(registration.get_delegate_type_display()),
                "needs": registration.needs,
            }
        return {
            "result": outcome.result,
            "message": result_message(outcome.result),
            "delegate": delegate,
            "first_checkin": (
                {
                    "at": timezone.localtime(first.scanned_at).isoformat(),
                    "gate": first.gate.name if first.gate_id else None,
                }
                if first is not None
                else None
            ),
        }
