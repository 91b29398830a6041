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
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

from checkin.views.scanner_text import scanner_catalogs

SCOPE = "/scanner/"
ICON_SIZES = (192, 512)
THEME_COLOR = "#0b3d91"

# The page's own modules import each other by relative URL, which the hashed-name storage does
# not rewrite: the service worker caches them under both names.
SCANNER_MODULES = (
    "checkin/scanner/app.js",
    "checkin/scanner/api.js",
    "checkin/scanner/clock.js",
    "checkin/scanner/codes.js",
    "checkin/scanner/connection.js",
    "checkin/scanner/decide.js",
    "checkin/scanner/decoder.js",
    "checkin/scanner/feedback.js",
    "checkin/scanner/gates.js",
    "checkin/scanner/lists.js",
    "checkin/scanner/lookup.js",
    "checkin/scanner/queue.js",
    "checkin/scanner/render.js",
    "checkin/scanner/repeat.js",
    "checkin/scanner/store.js",
    "checkin/scanner/sync.js",
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
# "MiV" is Latin: the bold Latin subset of the pages' web font is all the icon needs.
ICON_FONT = (
    settings.NODE_MODULES
    / "@fontsource"
    / "be-vietnam-pro"
    / "files"
    / "be-vietnam-pro-latin-700-normal.woff2"
)
SERVICE_WORKER = "checkin/scanner/sw.js"


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
        "i18n": scanner_catalogs(),
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
    font = ImageFont.truetype(str(ICON_FONT), round(120 * scale))
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
