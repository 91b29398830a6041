"""Every string the scanner app shows, rendered into its page: the app must work offline."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from checkin.answers import result_message
from checkin.models import DOOR_RESULTS, UPLOAD_REFUSALS, Gate, Scan
from registration.models import Registration


def _catalog() -> dict:
    """Every string the app shows, in the active language."""
    results = {result: result_message(result) for result in DOOR_RESULTS}
    # Why the server would not take a scan (an upload, or a request it refused).
    refusals = {
        **{result: result_message(result) for result in UPLOAD_REFUSALS},
        "malformed": _("Máy chủ không đọc được lượt quét này."),
        "rejected": _("Máy chủ không nhận lượt gửi này."),
        "unknown_gate": _("Cổng này không còn. Hãy chọn lại cổng."),
    }
    verdicts = {
        Scan.Result.OK: _("MỜI VÀO"),
        Scan.Result.ALREADY_CHECKED_IN: _("ĐÃ CHECK-IN"),
        Scan.Result.INVALID: _("KHÔNG HỢP LỆ"),
        Scan.Result.NOT_APPROVED: _("CHƯA ĐƯỢC DUYỆT"),
        Scan.Result.CANCELLED: _("ĐÃ HỦY ĐĂNG KÝ"),
        Scan.Result.REVOKED: _("THẺ ĐÃ THU HỒI"),
        Scan.Result.NO_SEAT: _("CHƯA GIỮ CHỖ"),
        Scan.Result.SEAT_WAITLISTED: _("ĐANG CHỜ CHỖ"),
    }
    statuses = {value: str(label) for value, label in Registration.Status.choices}
    gate_kinds = {value: str(label) for value, label in Gate.Kind.choices}
    return {
        "lang": translation.get_language(),
        "app_title": _("Quét thẻ đại biểu"),
        "loading": _("Đang mở ứng dụng quét…"),
        "pair_title": _("Ghép nối thiết bị quét"),
        "pair_intro": _(
            "Nhập mã ghép nối do ban tổ chức cấp cho cổng của bạn, hoặc quét mã QR ghép nối "
            "bằng camera bên dưới."
        ),
        "pair_code_label": _("Mã ghép nối"),
        "device_name_label": _("Tên thiết bị (không bắt buộc)"),
        "device_name_placeholder": _("VD: Cổng A – máy 2"),
        "pair_button": _("Ghép nối"),
        "pairing": _("Đang ghép nối…"),
        "pair_failed": _("Không ghép nối được. Kiểm tra mã rồi thử lại."),
        "pair_scan": _("Quét mã QR ghép nối"),
        "pair_camera_hint": _("Đưa mã QR trên trang ghép nối của ban tổ chức vào khung"),
        "pair_not_pairing": _(
            "Đây không phải mã QR ghép nối. Hãy quét mã trên trang ghép nối thiết bị."
        ),
        "repair_title": _("Mã QR ghép nối thiết bị"),
        "repair_text": _(
            "Đây là mã QR ghép nối thiết bị, không phải thẻ đại biểu: không có lượt quét nào "
            "được ghi. Ghép nối lại máy này theo mã này? Lượt quét chưa gửi vẫn được giữ."
        ),
        "repair_yes": _("Ghép nối lại máy này"),
        "repair_no": _("Không, quét tiếp"),
        "updating": _("Đã có phiên bản mới của ứng dụng quét. Đang mở lại…"),
        "pair_offline": _("Cần có mạng để ghép nối. Hãy thử lại khi có kết nối."),
        "staff_login": _("Đăng nhập bằng tài khoản nhân viên check-in"),
        "device_revoked": _("Thiết bị này đã bị thu hồi. Hãy ghép nối lại."),
        "online": _("Trực tuyến"),
        "offline": _("Mất mạng"),
        "unstable": _("Mạng chập chờn"),
        "queue": _("Chờ gửi: %(count)s"),
        "offline_banner": _(
            "Mất kết nối – vẫn quét bình thường. Kết quả lưu trên máy và tự gửi khi có mạng."
        ),
        "synced": _("Danh sách: %(count)s đại biểu · cập nhật %(time)s"),
        "never_synced": _("Chưa tải danh sách đại biểu về máy"),
        "syncing": _("Đang tải danh sách đại biểu…"),
        "offline_ready": _("Sẵn sàng quét khi mất mạng"),
        "offline_not_ready": _("Chưa sẵn sàng quét khi mất mạng"),
        "start_scan": _("Bắt đầu quét"),
        "camera_starting": _("Đang mở camera…"),
        "camera_failed": _(
            "Không mở được camera. Hãy cho phép truy cập camera, hoặc dùng “Nhập mã ngắn”."
        ),
        "decoder_failed": _("Không tải được bộ đọc mã QR. Hãy dùng “Nhập mã ngắn”."),
        "camera_hint": _("Đưa mã QR trên thẻ vào khung"),
        "checking": _("Đang kiểm tra…"),
        "next_scan": _("Quét tiếp"),
        "manual": _("Tìm theo tên"),
        "short_code": _("Nhập mã ngắn"),
        "short_code_title": _("Nhập mã ngắn in dưới mã QR"),
        "short_code_label": _("Mã ngắn (VD: ABCD-EFGH)"),
        "check": _("Kiểm tra"),
        "search_title": _("Tìm đại biểu bị mất thẻ"),
        "search_label": _("Họ tên hoặc số điện thoại"),
        "search_button": _("Tìm"),
        "searching": _("Đang tìm…"),
        "search_empty": _("Không tìm thấy đại biểu nào."),
        "search_local": _("Mất mạng: kết quả từ danh sách trên máy."),
        "search_phone_offline": _(
            "Tìm theo số điện thoại cần có mạng. Khi mất mạng, hãy tìm theo họ tên."
        ),
        "not_on_phone": _(
            "Đại biểu này chưa có trong danh sách trên máy. Hãy thử lại khi có mạng."
        ),
        "search_failed": _("Không tìm được lúc này. Thử lại sau giây lát."),
        "checkin_button": _("Check-in"),
        "close": _("Đóng"),
        "first_entry": _("Đã vào lúc %(time)s · %(gate)s"),
        "first_entry_time": _("Đã vào lúc %(time)s"),
        "needs": _("Lưu ý:"),
        "decided_locally": _("Quyết định trên máy (mất mạng) · sẽ gửi lên khi có mạng"),
        "list_age": _("Danh sách trên máy cập nhật lúc %(time)s"),
        "no_list": _("Máy chưa có danh sách đại biểu: mời đến bàn hỗ trợ."),
        "stop_help": _(
            "Việc cần làm: nhập mã ngắn in dưới mã QR, hoặc tìm theo tên. Nếu vẫn không được, "
            "mời đại biểu đến bàn hỗ trợ."
        ),
        "refused_title": _("MÁY CHỦ TỪ CHỐI"),
        "refused_message": _("Máy chủ không nhận lượt quét này: %(detail)s"),
        "refused_help": _(
            "Lượt quét được giữ trong mục “Cần xử lý” trên máy này để gửi lại hoặc bỏ. Nếu cần, "
            "mời đại biểu đến bàn hỗ trợ."
        ),
        "menu": _("Thiết bị"),
        "gate": _("Cổng"),
        "device": _("Thiết bị"),
        "staff": _("Nhân viên"),
        "sync_now": _("Đồng bộ ngay"),
        "unpair": _("Hủy ghép nối thiết bị"),
        "unpair_confirm": _(
            "Hủy ghép nối? Danh sách đại biểu sẽ được xóa khỏi máy; lượt quét chưa gửi vẫn "
            "được giữ lại."
        ),
        "checked_in": _("Đã check-in"),
        "choose_gate": _("Chọn cổng"),
        "no_gate": _("Chưa chọn cổng"),
        "change_gate": _("Đổi cổng"),
        "change_gate_short": pgettext("scanner header, change the gate", "Đổi"),
        "gate_title": _("Bạn trực ở cổng nào?"),
        "gate_intro": _(
            "Lượt quét trên máy này được ghi cho cổng bạn chọn. Máy sẽ nhớ lựa chọn này."
        ),
        "gates_loading": _("Đang tải danh sách cổng…"),
        "gates_offline": _("Cần có mạng để tải danh sách cổng."),
        "gates_failed": _("Không tải được danh sách cổng. Thử lại sau giây lát."),
        "gates_empty": _("Chưa có cổng nào đang mở. Hãy báo ban tổ chức."),
        "conflicts_title": _("Máy chủ trả lời khác quyết định trên máy"),
        "conflict_count": _("Sai lệch: %(count)s"),
        "conflict_server": _("Máy chủ: %(verdict)s"),
        "conflict_local": _("Trên máy lúc %(time)s: %(verdict)s"),
        "conflict_no_name": _("Mã không có trong danh sách"),
        "dismiss": _("Đã xem"),
        "dismiss_one": _("Đã xem: %(name)s"),
        "dismiss_all": _("Đã xem tất cả"),
        "conflict_twice": _("Thẻ này đã được cho vào hai lần."),
        "conflict_also": _("Thẻ cũng đã được cho vào lúc %(time)s · %(gate)s"),
        "conflict_also_time": _("Thẻ cũng đã được cho vào lúc %(time)s"),
        "attention_title": _("Cần xử lý"),
        "attention_count": _("Cần xử lý: %(count)s"),
        "attention_intro": _(
            "Máy chủ không nhận các lượt quét này. Gửi lại khi đã khắc phục (ví dụ đặt lại "
            "đồng hồ của máy), hoặc bỏ nếu không cần."
        ),
        "attention_sent": _("Giờ quét đã gửi: %(time)s"),
        "attention_code": _("Mã đã quét"),
        "retry": _("Gửi lại"),
        "retry_one": _("Gửi lại: %(name)s"),
        "discard": pgettext("scanner, discard a refused scan", "Bỏ"),
        "discard_one": _("Bỏ lượt quét: %(name)s"),
        "discard_confirm": _("Bỏ lượt quét này? Máy chủ sẽ không có lượt check-in này."),
        "gate_kinds": gate_kinds,
        "results": results,
        "refusals": refusals,
        "verdicts": verdicts,
        "statuses": statuses,
    }


def scanner_catalogs() -> dict:
    """The app's text in every language: its language is only known after pairing."""
    catalogs = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            catalogs[code] = _catalog()
    return catalogs
