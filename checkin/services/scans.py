"""Check-in at the door: every scan is recorded, and a delegate's first entry is recorded once.

The database decides who enters first. A partial unique index allows one first entry per
registration, and an online scan claims it with `INSERT … ON CONFLICT DO NOTHING`: of any number
of gates scanning one badge at once, exactly one insert wins and the others are recorded as
"already checked in". An offline upload may move the first entry to an earlier scan, so it locks
the registration row (as pretix's perform_checkin does) before comparing times; it claims the
flag through the same index, and the scan it replaces becomes a re-entry. A (source, nonce)
unique key makes a replayed request return the stored answer.

Times: an online scan is the server's time (`scanned_at` None). A time given with a scan (an
offline upload) must fall in the edition's window (checkin.scan_window); outside it the scan is
recorded as an upload refusal at the time received. Who may enter is decided in one place,
checkin.services.admission.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from checkin.models import Scan
from checkin.scan_window import ScanWindow
from checkin.selectors.codes import registration_checkin_code
from checkin.services import scan_records as records
from checkin.services.admission import AdmissionContext, admission_refusal
from forum.errors import ServiceError
from forum.models import Edition
from registration.models import Registration

Result = Scan.Result


@dataclass
class ScanOutcome:
    scan: Scan
    first_entry: Scan | None
    replayed: bool = False
    # The first entry this (earlier, offline) scan took over; that scan is a re-entry now.
    replaced: Scan | None = None

    @property
    def result(self) -> str:
        return self.scan.result

    @property
    def registration(self) -> Registration | None:
        return self.scan.registration


def scan_window_of(*, edition_id: int, now: dt.datetime | None = None) -> ScanWindow:
    starts_at, opens_at = Edition.objects.values_list("starts_at", "checkin_opens_at").get(
        pk=edition_id
    )
    return ScanWindow.around(starts_at=starts_at, opens_at=opens_at, now=now or timezone.now())


def _replay(source_key: str, nonce: str) -> ScanOutcome | None:
    stored = records.scan_stored(source_key, nonce)
    if stored is None:
        return None
    scan, first = stored
    return ScanOutcome(scan=scan, first_entry=first, replayed=True)


def _recorded(scan: Scan | None, first: Scan | None, source_key: str, nonce: str) -> ScanOutcome:
    """The outcome of an insert that only the (source_key, nonce) key can refuse: refused, the
    request is a replay, answered as the stored scan."""
    if scan is not None:
        return ScanOutcome(scan=scan, first_entry=first)
    replay = _replay(source_key, nonce)
    if replay is None:  # the key that refused the insert holds a row
        raise RuntimeError(f"scan {source_key}/{nonce} refused but not found")
    return replay


def _refuse_upload(result: str, fields: dict, claimed: dt.datetime | None) -> ScanOutcome:
    """Record an upload the server does not take as a door event, at the time received."""
    fields = {**fields, "scanned_at": timezone.now(), "result": result, "is_first_entry": False}
    if claimed is not None:
        fields["device_time"] = claimed.isoformat()[:40]
    scan = records.scan_insert(**fields)
    return _recorded(scan, None, fields["source_key"], fields["nonce"])


def checkin_perform(
    *,
    edition_id: int,
    raw_code: str,
    nonce: str,
    source_key: str,
    device=None,
    staff=None,
    gate=None,
    scanned_at: dt.datetime | None = None,
    offline: bool = False,
    window: ScanWindow | None = None,
) -> ScanOutcome:
    """Decide and record one scan. The same (source_key, nonce) again returns the first answer.

    `scanned_at` None is now (an online scan). A given time is checked against `window` (by
    default the edition's, read here): outside it the scan is an upload refusal."""
    if offline:
        # Uploads of offline queues are retried whole, so most of a retried batch is replays:
        # look them up first. An online scan is rarely a retry; for it the unique
        # (source_key, nonce) key detects the replay at the insert and saves a query per scan.
        replay = _replay(source_key, nonce)
        if replay:
            return replay
    raw_code = records.clean_raw_code(raw_code)
    code, first = records.code_lookup(raw_code, edition_id)
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
        offline=offline,
    )
    if scanned_at is not None:
        window = window or scan_window_of(edition_id=edition_id)
        if early_or_late := window.refusal(scanned_at):
            return _refuse_upload(early_or_late, fields, scanned_at)
    fields["scanned_at"] = scanned_at = scanned_at or timezone.now()
    context = AdmissionContext(
        edition_id=edition_id,
        gate=gate,
        scanned_at=scanned_at,
        offline=offline,
        device=device,
        staff=staff,
    )
    refusal = admission_refusal(code, context)
    if refusal:
        return _recorded(records.scan_insert(result=refusal, **fields), None, source_key, nonce)
    if offline:
        return _checkin_offline(code.registration_id, scanned_at, fields)
    if first is None:
        scan = records.scan_insert(result=Result.OK, is_first_entry=True, **fields)
        if scan is not None:
            return ScanOutcome(scan=scan, first_entry=scan)
        # Another gate recorded the first entry since the read (or this nonce is a replay,
        # which the insert below detects).
        first = records.first_entry_of(code.registration_id)
    # Online scans never take over a first entry: their time is the server's, and of two gates
    # scanning one badge the second insert is refused whatever the clocks say.
    scan = records.scan_insert(result=Result.ALREADY_CHECKED_IN, **fields)
    return _recorded(scan, first, source_key, nonce)


def checkin_perform_for_registration(
    *, edition_id: int, registration_id: int, **scan
) -> ScanOutcome:
    """Check in a delegate found by name (a lost badge) with their badge code, by the rules of a
    scan; `scan` is the rest of checkin_perform's arguments.

    An id that is not one of the edition's delegates raises ServiceError
    (code="unknown_registration") online; uploaded from an offline queue (`offline=True`) it is
    recorded as an upload refusal instead, so that the refused check-in is kept."""
    registration = Registration.objects.filter(
        pk=registration_id, edition_id=edition_id, anonymised_at__isnull=True
    ).first()
    if registration is None:
        if not scan.get("offline"):
            raise ServiceError(gettext("Không tìm thấy đại biểu này."), code="unknown_registration")
        replay = _replay(scan["source_key"], scan["nonce"])
        if replay:
            return replay
        fields = {key: value for key, value in scan.items() if key not in ("window", "scanned_at")}
        fields.update(edition_id=edition_id, raw_code="")
        return _refuse_upload(Result.UNKNOWN_REGISTRATION, fields, scan.get("scanned_at"))
    raw_code = registration_checkin_code(edition_id=edition_id, registration_id=registration.pk)
    if raw_code is not None:
        return checkin_perform(edition_id=edition_id, raw_code=raw_code, **scan)
    # No badge was ever issued (pending or waiting list): refused, and recorded like any refusal.
    window = scan.pop("window", None)
    scanned_at = scan.get("scanned_at")
    fields = {"edition_id": edition_id, "registration": registration, "raw_code": "", **scan}
    if scanned_at is not None:
        window = window or scan_window_of(edition_id=edition_id)
        if early_or_late := window.refusal(scanned_at):
            return _refuse_upload(early_or_late, fields, scanned_at)
    fields["scanned_at"] = scanned_at or timezone.now()
    refused = records.scan_insert(result=Result.NOT_APPROVED, **fields)
    return _recorded(refused, None, scan["source_key"], scan["nonce"])


# An upload claims the first entry again after losing it to an online scan at most this often;
# each round needs a new online scan of the same badge committed within milliseconds.
_OFFLINE_ATTEMPTS = 5


def _checkin_offline(registration_id: int, scanned_at, fields: dict) -> ScanOutcome:
    """An offline scan: the earliest scan of a delegate is the arrival, so an upload made
    earlier than the recorded first entry moves the flag to itself, and the scan that held it
    becomes a re-entry."""
    source_key, nonce = fields["source_key"], fields["nonce"]
    replaced = None
    with transaction.atomic():
        records.registration_lock(registration_id)
        for _attempt in range(_OFFLINE_ATTEMPTS):
            first = records.first_entry_of(registration_id)
            if first is not None and first.scanned_at <= scanned_at:
                scan = records.scan_insert(result=Result.ALREADY_CHECKED_IN, **fields)
                if scan is not None:
                    return ScanOutcome(scan=scan, first_entry=first)
                # This nonce is stored: a replay, answered below with whatever an earlier
                # round here changed undone.
                transaction.set_rollback(True)
                break
            if first is not None:
                Scan.objects.filter(pk=first.pk).update(
                    is_first_entry=False,
                    result=Result.ALREADY_CHECKED_IN,
                    superseded_at=timezone.now(),
                )
                replaced = first
            scan = records.scan_insert(result=Result.OK, is_first_entry=True, **fields)
            if scan is not None:
                return ScanOutcome(scan=scan, first_entry=scan, replaced=replaced)
            # Refused: an online scan (which does not take the lock) recorded a first entry
            # since the read, or the nonce was stored meanwhile. Read again and decide again.
            if records.scan_stored(source_key, nonce) is not None:
                # The request that stored this nonce answered already (a retry racing its
                # first attempt): undo the moved flag; the answer is read once it is undone.
                transaction.set_rollback(True)
                break
        else:
            raise RuntimeError(f"offline scan {source_key}/{nonce}: first entry kept changing")
    return _recorded(None, None, source_key, nonce)
