"""Check-in at the door: every scan is recorded, and a delegate's first entry is recorded once.

Like pretix's perform_checkin: the registration row is locked before looking for an earlier
entry, a partial unique index makes a second first entry impossible even if that lock were
missing, and a (source, nonce) unique key makes a replayed request return the stored answer.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from registration.models import BadgeCode, Registration, Scan
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


def _first_entry(registration_id: int) -> Scan | None:
    return (
        Scan.objects.select_related("gate")
        .filter(registration_id=registration_id, is_first_entry=True)
        .first()
    )


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


def _find_code(raw_code: str, edition_id: int) -> BadgeCode | None:
    parsed = parse_scanned(raw_code)
    if parsed is None:
        return None
    kind, value = parsed
    lookup = {"token": value} if kind == "token" else {"short_code": value}
    return (
        BadgeCode.objects.select_related("registration")
        .filter(registration__edition_id=edition_id, **lookup)
        .first()
    )


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


def _lock_registration(registration_id: int) -> None:
    Registration.objects.select_for_update().filter(pk=registration_id).values("pk").first()


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
    replay = _replay(source_key, nonce)
    if replay:
        return replay
    now = timezone.now()
    scanned_at = scanned_at or now
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
                return ScanOutcome(
                    scan=Scan.objects.create(result=refusal, **fields), first_entry=None
                )
            _lock_registration(code.registration_id)
            first = _first_entry(code.registration_id)
            # Only an offline upload may take over an earlier arrival time. An online scan's
            # time is taken before the lock, so two scans of one badge at two gates can reach
            # here in the opposite order: the second to get the lock must still be refused.
            if first is not None and (not offline or first.scanned_at <= scanned_at):
                scan = Scan.objects.create(result=Result.ALREADY_CHECKED_IN, **fields)
                return ScanOutcome(scan=scan, first_entry=first)
            if first is not None:
                # An offline scan made earlier than the recorded first entry: the earliest
                # scan is the arrival, so the flag moves to it.
                Scan.objects.filter(pk=first.pk).update(is_first_entry=False)
            scan = Scan.objects.create(result=Result.OK, is_first_entry=True, **fields)
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
