"""What the door is told about a scan: the verdict's message and the scan API's answer, in the
scanner's language."""

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from checkin.models import UPLOAD_REFUSALS, Scan
from registration.models import Registration

Result = Scan.Result

_RESULT_MESSAGES = {
    Result.OK: gettext_lazy("Mời vào. Chào mừng đại biểu!"),
    Result.ALREADY_CHECKED_IN: gettext_lazy("Đại biểu đã check-in trước đó."),
    Result.INVALID: gettext_lazy("Mã không hợp lệ."),
    Result.NOT_APPROVED: gettext_lazy("Đăng ký chưa được duyệt. Mời đến bàn hỗ trợ."),
    Result.CANCELLED: gettext_lazy("Đăng ký đã bị hủy. Mời đến bàn hỗ trợ."),
    Result.REVOKED: gettext_lazy("Thẻ này đã được thay bằng thẻ mới. Mời đến bàn hỗ trợ."),
    Result.NO_SEAT: gettext_lazy(
        "Phiên đang diễn ra trong phòng này giới hạn chỗ và đại biểu chưa giữ chỗ. Mời đại biểu "
        "xem phòng khác hoặc đến bàn hỗ trợ."
    ),
    Result.SEAT_WAITLISTED: gettext_lazy(
        "Phiên đang diễn ra trong phòng này đã hết chỗ; đại biểu đang ở danh sách chờ. Mời đợi "
        "đến khi có chỗ."
    ),
    Result.SCANNED_TOO_EARLY: gettext_lazy(
        "Giờ quét sớm hơn giờ mở check-in: đồng hồ của máy quét có thể đang sai."
    ),
    Result.SCANNED_IN_FUTURE: gettext_lazy(
        "Giờ quét muộn hơn giờ của máy chủ: đồng hồ của máy quét có thể đang chạy nhanh."
    ),
    Result.UNKNOWN_REGISTRATION: gettext_lazy(
        "Máy chủ không còn đại biểu này (có thể đã xóa tài khoản). Mời đến bàn hỗ trợ."
    ),
}
# For programs and logs, as the API's other errors: not translated.
UPLOAD_ERRORS = {
    Result.SCANNED_TOO_EARLY: "scanned_at is before the edition's check-in opens.",
    Result.SCANNED_IN_FUTURE: "scanned_at is more than 5 minutes ahead of the server's clock.",
    Result.UNKNOWN_REGISTRATION: "Unknown registration.",
}
# The labels by value, looked up directly: get_FOO_display() hashes every (lazy) label.
_DELEGATE_TYPE_LABELS = dict(Registration._meta.get_field("delegate_type").flatchoices)


def _delegate_type_label(value: str) -> str:
    return str(_DELEGATE_TYPE_LABELS.get(value, value))


def result_message(result: str) -> str:
    return str(_RESULT_MESSAGES[result])


def delegate_fields(registration) -> dict:
    """Who the delegate is, as every scanner answer shows it (labels in the active language)."""
    return {
        "name": registration.full_name,
        "title": registration.honorific,
        "organisation": registration.organisation,
        "type": registration.delegate_type,
        "type_label": _delegate_type_label(registration.delegate_type),
    }


def _entry(scan) -> dict | None:
    """A first entry (or the one it replaced) as answers show it: the time and the gate."""
    if scan is None:
        return None
    return {
        "at": timezone.localtime(scan.scanned_at).isoformat(),
        "gate": scan.gate.name if scan.gate_id else None,
    }


def outcome_payload(outcome, *, language: str = "vi") -> dict:
    """The scan API's answer to a ScanOutcome, with the message in the device's language."""
    registration = outcome.registration
    first = outcome.first_entry
    with translation.override(language):
        delegate = None
        if registration is not None:
            delegate = {**delegate_fields(registration), "needs": registration.needs}
        return {
            "result": outcome.result,
            "message": result_message(outcome.result),
            "delegate": delegate,
            "first_checkin": _entry(first),
        }


def upload_payload(outcome, *, nonce: str, language: str = "vi") -> dict:
    """The answer to one uploaded scan: the door's answer (and the first entry it took over,
    if any), or, for an upload the server refused, the reason under `code`."""
    if outcome.result in UPLOAD_REFUSALS:
        with translation.override(language):
            message = result_message(outcome.result)
        return {
            "nonce": nonce,
            "error": UPLOAD_ERRORS[outcome.result],
            "code": outcome.result,
            "message": message,
        }
    return {
        "nonce": nonce,
        **outcome_payload(outcome, language=language),
        "replaced": _entry(outcome.replaced),
    }
