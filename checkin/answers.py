"""What the door is told about a scan: the verdict's message and the scan API's answer, in the
scanner's language."""

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from checkin.models import Scan
from registration.models import Registration

Result = Scan.Result

_RESULT_MESSAGES = {
    Result.OK: gettext_lazy("Mời vào. Chào mừng đại biểu!"),
    Result.ALREADY_CHECKED_IN: gettext_lazy("Đại biểu đã check-in trước đó."),
    Result.INVALID: gettext_lazy("Mã không hợp lệ."),
    Result.NOT_APPROVED: gettext_lazy("Đăng ký chưa được duyệt. Mời đến bàn hỗ trợ."),
    Result.CANCELLED: gettext_lazy("Đăng ký đã bị hủy. Mời đến bàn hỗ trợ."),
    Result.REVOKED: gettext_lazy("Thẻ này đã được thay bằng thẻ mới. Mời đến bàn hỗ trợ."),
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
            "first_checkin": (
                {
                    "at": timezone.localtime(first.scanned_at).isoformat(),
                    "gate": first.gate.name if first.gate_id else None,
                }
                if first is not None
                else None
            ),
        }
