"""The door scanner web app: one page, its service worker, manifest and icons.

The page is an installable app that keeps working when the venue Wi-Fi fails, so everything it
needs at the door (its text in both languages, the URLs of its files) is rendered into the page
once; the device's language is only known after pairing, so both catalogs travel with it.
"""

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

from checkin.answers import result_message
from checkin.models import Gate, Scan
from registration.models import Registration

SCOPE = "/scanner/"
ICON_SIZES = (192, 512)
THEME_COLOR = "#0b3d91"

# The page's own modules import each other by relative URL, which the hashed-name storage does
# not rewrite: the service worker caches them under both names.
SCANNER_MODULES = (
    "checkin/scanner/app.js",
    "checkin/scanner/api.js",
    "checkin/scanner/codes.js",
    "checkin/scanner/decoder.js",
    "checkin/scanner/feedback.js",
    "checkin/scanner/store.js",
    "checkin/scanner/text.js",
    "checkin/scanner/ui.js",
)
ZXING_MODULE = "vendor/zxing-wasm/es/reader/index.js"
ZXING_MODULES = (ZXING_MODULE, "vendor/zxing-wasm/es/share.js")
ZXING_WASM = "vendor/zxing-wasm/reader/zxing_reader.wasm"
STYLES = (
    "checkin/scanner/scanner.css",
    "vendor/be-vietnam-pro/400.css",
    "vendor/be-vietnam-pro/700.css",
)
FONTS = tuple(
    f"vendor/be-vietnam-pro/files/be-vietnam-pro-{subset}-{weight}-normal.woff2"
    for subset in ("vietnamese", "latin", "latin-ext")
    for weight in (400, 700)
)
SERVICE_WORKER = "checkin/scanner/sw.js"


def _catalog() -> dict:
    """Every string the app shows, in the active language."""
    results = {result: result_message(result) for result in Scan.Result.values}
    verdicts = {
        Scan.Result.OK: _("MỜI VÀO"),
        Scan.Result.ALREADY_CHECKED_IN: _("ĐÃ CHECK-IN"),
        Scan.Result.INVALID: _("KHÔNG HỢP LỆ"),
        Scan.Result.NOT_APPROVED: _("CHƯA ĐƯỢC DUYỆT"),
        Scan.Result.CANCELLED: _("ĐÃ HỦY ĐĂNG KÝ"),
        Scan.Result.REVOKED: _("THẺ ĐÃ THU HỒI"),
    }
    statuses = {value: str(label) for value, label in Registration.Status.choices}
    gate_kinds = {value: str(label) for value, label in Gate.Kind.choices}
    return {
        "lang": translation.get_language(),
        "app_title": _("Quét thẻ đại biểu"),
        "loading": _("Đang mở ứng dụng quét…"),
        "pair_title": _("Ghép nối thiết bị quét"),
        "pair_intro": _(
            "Nhập mã ghép nối do ban tổ chức cấp cho cổng của bạn, hoặc mở liên kết ghép nối."
        ),
        "pair_code_label": _("Mã ghép nối"),
        "device_name_label": _("Tên thiết bị (không bắt buộc)"),
        "device_name_placeholder": _("VD: Cổng A – máy 2"),
        "pair_button": _("Ghép nối"),
        "pairing": _("Đang ghép nối…"),
        "pair_failed": _("Không ghép nối được. Kiểm tra mã rồi thử lại."),
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
        "gate_kinds": gate_kinds,
        "results": results,
        "verdicts": verdicts,
        "statuses": statuses,
    }


def _catalogs() -> dict:
    catalogs = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            catalogs[code] = _catalog()
    return catalogs


def _config() -> dict:
    return {
        "scope": SCOPE,
        "time_zone": settings.TIME_ZONE,
        "urls": {
            "api": "/api/v1/",
            "service_worker": reverse("scanner:service_worker"),
            "login": f"{reverse('account_login')}?next={SCOPE}",
            "zxing": static(ZXING_MODULE),
            "zxing_wasm": static(ZXING_WASM),
        },
        "i18n": _catalogs(),
    }


def _render_app(request) -> HttpResponse:
    with translation.override(settings.LANGUAGE_CODE):
        return render(
            request,
            "checkin/scanner/app.html",
            {"config": _config(), "icon_url": reverse("scanner:icon", args=[192])},
        )


# The QR decoder is WebAssembly: this page, and only this page, may compile it.
_SITE_SCRIPTS = settings.SECURE_CSP.get("script-src", [CSP.SELF])
WASM_POLICY = {
    **settings.SECURE_CSP,
    "script-src": list(dict.fromkeys([*_SITE_SCRIPTS, CSP.WASM_UNSAFE_EVAL])),
}


@require_GET
@ensure_csrf_cookie
@csp_override(WASM_POLICY)
def app(request):
    response = _render_app(request)
    # The service worker decides when a new version is used; the browser must not keep a copy.
    response["Cache-Control"] = "no-cache"
    return response


def _read_static(path: str) -> bytes:
    found = finders.find(path)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    with staticfiles_storage.open(path) as handle:
        return handle.read()


def _precache_urls() -> list[str]:
    urls = [SCOPE, reverse("scanner:manifest")]
    urls += [reverse("scanner:icon", args=[size]) for size in ICON_SIZES]
    for path in SCANNER_MODULES + ZXING_MODULES:
        urls += [static(path), settings.STATIC_URL + path]
    urls += [static(path) for path in (*STYLES, *FONTS, ZXING_WASM)]
    return list(dict.fromkeys(urls))


@require_GET
def service_worker(request):
    """The service worker, at a fixed URL so that its scope is /scanner/ whatever the build.

    Its version is a hash of the page and every file it caches: any change installs a new one.
    """
    source = _read_static(SERVICE_WORKER)
    digest = hashlib.sha256(source)
    digest.update(_render_app(request).content)
    for path in (*SCANNER_MODULES, *ZXING_MODULES, *STYLES, *FONTS, ZXING_WASM):
        digest.update(_read_static(path))
    config = {"version": digest.hexdigest()[:16], "scope": SCOPE, "precache": _precache_urls()}
    body = f"self.SCANNER_SW = {json.dumps(config)};\n".encode() + source
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = SCOPE
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    with translation.override(settings.LANGUAGE_CODE):
        data = {
            "name": _("Quét thẻ đại biểu – Diễn đàn Make in Viet Nam"),
            "short_name": _("Quét thẻ"),
            "lang": settings.LANGUAGE_CODE,
            "id": SCOPE,
            "start_url": SCOPE,
            "scope": SCOPE,
            "display": "standalone",
            "orientation": "portrait",
            "background_color": "#111418",
            "theme_color": THEME_COLOR,
            "icons": [
                {
                    "src": reverse("scanner:icon", args=[size]),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any maskable",
                }
                for size in ICON_SIZES
            ],
        }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@lru_cache(maxsize=len(ICON_SIZES))
def _icon_png(size: int) -> bytes:
    """A maskable icon: a QR finder pattern and "MiV" on the forum's blue (safe zone 80 %)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    scale = size / 512
    image = Image.new("RGB", (size, size), THEME_COLOR)
    draw = ImageDraw.Draw(image)

    def box(x, y, w, h, fill, radius=0):
        shape = [round(x * scale), round(y * scale), round((x + w) * scale), round((y + h) * scale)]
        draw.rounded_rectangle(shape, radius=round(radius * scale), fill=fill)

    # A finder pattern, the three nested squares every QR code has in its corners.
    box(156, 96, 200, 200, "#ffffff", 28)
    box(184, 124, 144, 144, THEME_COLOR, 14)
    box(212, 152, 88, 88, "#ffffff", 10)
    from registration.services.badges.pdf import FONT_FILES

    try:
        font = ImageFont.truetype(str(FONT_FILES[700]), round(120 * scale))
    except OSError:
        font = ImageFont.load_default(round(120 * scale))
    draw.text((size / 2, 390 * scale), "MiV", fill="#ffffff", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@require_GET
def icon(request, size: int):
    if size not in ICON_SIZES:
        raise Http404
    response = HttpResponse(_icon_png(size), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response
