"""The scanner app's page, service worker, manifest and icons over HTTP."""

import io
import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from PIL import Image

from checkin.views.scanner import ICON_SIZES

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


@pytest.fixture
def page(client):
    return client.get("/scanner/")


def _config(response) -> dict:
    match = re.search(
        r'<script id="scanner-config" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


def test_page_is_html_and_not_cached_by_the_browser(page):
    assert page.status_code == 200
    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert page["Cache-Control"] == "no-cache"
    assert "csrftoken" in page.cookies  # door staff without a device token post with it


def test_page_has_no_inline_script(page):
    tags = SCRIPT_TAG.findall(page.content.decode())
    assert tags
    for attributes, body in tags:
        if 'type="application/json"' in attributes:
            continue
        assert "src=" in attributes, attributes
        assert not body.strip()


def test_page_has_no_inline_style(page):
    html = page.content.decode()
    assert "style=" not in html
    assert "<style" not in html


def test_page_csp_is_the_site_policy_plus_webassembly(page):
    directives = [part.split() for part in page["Content-Security-Policy"].split("; ")]
    policy = {name: values for name, *values in directives}
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["worker-src"] == ["'self'"]


def test_other_pages_keep_the_site_policy(client):
    response = client.get("/scanner/manifest.webmanifest")
    assert "wasm-unsafe-eval" not in response["Content-Security-Policy"]


def test_page_carries_both_languages(page):
    config = _config(page)
    assert set(config["i18n"]) == {"vi", "en"}
    vi = config["i18n"]["vi"]
    assert vi["lang"] == "vi"
    assert vi["next_scan"] == "Quét tiếp"
    assert vi["verdicts"]["ok"] == "MỜI VÀO"
    assert vi["results"]["ok"] == "Mời vào. Chào mừng đại biểu!"
    assert config["i18n"]["en"]["lang"] == "en"
    assert set(vi["verdicts"]) == {
        "ok",
        "already_checked_in",
        "invalid",
        "not_approved",
        "cancelled",
        "revoked",
        "no_seat",
        "seat_waitlisted",
    }
    assert vi["verdicts"]["no_seat"] == "CHƯA GIỮ CHỖ"


def test_page_loads_the_decoder_from_our_static_files(page):
    urls = _config(page)["urls"]
    assert urls["zxing"] == "/static/vendor/zxing-wasm/es/reader/index.js"
    assert urls["zxing_wasm"] == "/static/vendor/zxing-wasm/reader/zxing_reader.wasm"
    assert urls["service_worker"] == "/scanner/sw.js"
    assert urls["api"] == "/api/v1/"
    for url in (urls["zxing"], urls["zxing_wasm"]):
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url


def test_page_links_the_manifest(page):
    assert '<link rel="manifest" href="/scanner/manifest.webmanifest">' in page.content.decode()


def test_service_worker_headers(client):
    response = client.get("/scanner/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/scanner/"
    assert response["Cache-Control"] == "no-cache"


def test_service_worker_caches_the_app_shell(client):
    body = client.get("/scanner/sw.js").content.decode()
    first_line, _rest = body.split("\n", 1)
    config = json.loads(first_line.removeprefix("self.SCANNER_SW = ").removesuffix(";"))
    assert config["scope"] == "/scanner/"
    assert re.fullmatch(r"[0-9a-f]{16}", config["version"])
    precache = config["precache"]
    for url in (
        "/scanner/",
        "/scanner/manifest.webmanifest",
        "/scanner/icon-192.png",
        "/static/checkin/scanner/app.js",
        "/static/checkin/scanner/store.js",
        "/static/checkin/scanner/scanner.css",
        "/static/vendor/zxing-wasm/es/reader/index.js",
        "/static/vendor/zxing-wasm/es/share.js",
        "/static/vendor/zxing-wasm/reader/zxing_reader.wasm",
        "/static/vendor/be-vietnam-pro/files/be-vietnam-pro-vietnamese-700-normal.woff2",
    ):
        assert url in precache
    assert not [url for url in precache if url.startswith("/api/")]
    assert len(precache) == len(set(precache))


def test_service_worker_version_is_stable_between_requests(client):
    first = client.get("/scanner/sw.js").content
    second = client.get("/scanner/sw.js").content
    assert first == second


def test_manifest(client):
    response = client.get("/scanner/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/scanner/"
    assert manifest["scope"] == "/scanner/"
    assert manifest["display"] == "standalone"
    assert manifest["short_name"] == "Quét thẻ"
    assert [icon["sizes"] for icon in manifest["icons"]] == ["192x192", "512x512"]


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icons_are_pngs_of_their_size(client, size):
    response = client.get(f"/scanner/icon-{size}.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert image.size == (size, size)


def test_unknown_icon_size_is_not_found(client, db):
    # db: the 404 page is the site's, with its navigation.
    assert client.get("/scanner/icon-64.png").status_code == 404


def test_scanner_urls_do_not_take_a_language_prefix(client, db):
    assert client.get("/en/scanner/").status_code == 404


def test_page_carries_the_gate_picker_and_conflict_texts(page):
    i18n = _config(page)["i18n"]
    vi = i18n["vi"]

    assert vi["gate_kinds"] == {
        "entrance": "Cổng vào",
        "vip": "Cổng VIP",
        "press": "Cổng báo chí",
        "help_desk": "Bàn hỗ trợ",
    }
    assert vi["gate_title"] == "Bạn trực ở cổng nào?"
    assert vi["conflict_count"] == "Sai lệch: %(count)s"
    assert vi["conflict_server"] == "Máy chủ: %(verdict)s"
    assert set(i18n["en"]) == set(vi)


def test_page_has_the_gate_picker_and_the_conflict_notice(page):
    html = page.content.decode()

    assert 'id="sheet-gate"' in html
    assert 'id="conflicts"' in html
    assert 'id="conflict-state"' in html
