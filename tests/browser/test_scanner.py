"""The door scanner on a phone, against the real check-in API.

Chromium runs with a fake camera that shows a real badge QR (rendered by the badge service),
so these tests go through getUserMedia, the WebAssembly decoder, the API, IndexedDB and the
service worker exactly as a phone at the door does.
"""

import os
import re
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from registration import roles
from registration.models import Scan
from registration.services import devices
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.browser.scanner_helpers import approved_delegate, badge_frame, write_y4m
from tests.factories import EditionFactory, UserFactory

pytestmark = pytest.mark.browser

FAKE_CAMERA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


@pytest.fixture
def playwright_driver():
    """Playwright for one test; see tests/browser/conftest.py for DJANGO_ALLOW_ASYNC_UNSAFE."""
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield playwright


@pytest.fixture
def open_scanner(playwright_driver, live_server, tmp_path):
    """Open a phone whose rear camera films `payload`'s badge QR (or a white wall)."""
    browsers = []

    def open_phone(payload: str | None = None):
        video = write_y4m(tmp_path / f"camera-{len(browsers)}.y4m", badge_frame(payload))
        browser = playwright_driver.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, *FAKE_CAMERA_ARGS, f"--use-file-for-fake-video-capture={video}"],
        )
        browsers.append(browser)
        context = browser.new_context(
            viewport=PHONE,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="vi-VN",
            base_url=live_server.url,
            permissions=["camera"],
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    errors: list[str] = []
    open_phone.errors = errors
    yield open_phone
    for browser in browsers:
        browser.close()
    assert not errors, errors


@pytest.fixture
def shot(tmp_path):
    """Screenshots of each state, kept in SCANNER_SCREENSHOTS when set (else the test's tmp dir)."""
    folder = Path(os.environ.get("SCANNER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=folder / f"scanner-{name}.png", animations="disabled")

    return take


@pytest.fixture
def edition(transactional_db):
    return EditionFactory(slug="miv-2025", is_current=True)


@pytest.fixture
def gate(edition):
    return devices.gate_create(edition=edition, code="a", name="Cổng A")


def settled(since: float) -> None:
    """The delegate list withholds changes younger than SETTLE_SECONDS: wait until ours are older.

    `since` is a time.monotonic() taken after the test data was written.
    """
    remaining = devices.SETTLE_SECONDS + 0.5 - (time.monotonic() - since)
    if remaining > 0:
        time.sleep(remaining)


def scans(registration):
    return list(
        Scan.objects.filter(registration=registration)
        .order_by("received_at", "pk")
        .values_list("result", "offline", "is_first_entry")
    )


def wait_for(predicate, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def pair(page, code: str) -> None:
    page.goto(f"/scanner/?pair={code}")
    page.locator("#screen-scan").wait_for(state="visible")
    # The one-time code leaves the address bar and the history.
    assert page.url.endswith("/scanner/")


def test_badge_scan_answers_green_then_amber(open_scanner, gate, shot):
    from playwright.sync_api import expect

    registration, payload, _short = approved_delegate(
        gate.edition, needs="Xe lăn, cần lối đi không bậc"
    )
    _device, pairing_code = devices.device_create(gate=gate, name="Máy 1")
    page = open_scanner(payload)

    pair(page, pairing_code)
    expect(page.locator(".bar-gate")).to_have_text("Cổng A")
    expect(page.locator("#net-state")).to_have_attribute("data-state", "online")
    shot(page, "1-ready")
    page.get_by_role("button", name="Bắt đầu quét").click()

    verdict = page.locator("#verdict")
    expect(verdict).to_have_attribute("data-result", "ok")
    green_seen = time.monotonic()
    expect(verdict).to_be_visible()
    expect(page.locator("#verdict-title")).to_have_text("MỜI VÀO")
    expect(page.locator("#verdict-name")).to_have_text("Ông Nguyễn Văn An")
    expect(page.locator("#verdict-role")).to_have_text("Công ty Cổ phần MISA")
    expect(page.locator("#verdict-type")).to_have_text("Doanh nghiệp")
    expect(page.locator("#verdict-needs")).to_contain_text("Xe lăn, cần lối đi không bậc")
    expect(page.locator("#verdict-local")).to_be_hidden()
    # No BarcodeDetector in desktop Chromium on Linux: this is the WebAssembly decoder.
    expect(page.locator("body")).to_have_attribute("data-decoder", "zxing")
    shot(page, "2-green")
    assert scans(registration) == [("ok", False, True)]

    # The badge stays in front of the camera: ignored while its answer shows and for the repeat
    # window, then read again as a second scan.
    expect(verdict).to_have_attribute("data-result", "already_checked_in", timeout=12_000)
    assert time.monotonic() - green_seen >= 2.0
    expect(page.locator("#verdict-title")).to_have_text("ĐÃ CHECK-IN")
    expect(page.locator("#verdict-first")).to_have_text(
        re.compile(r"^Đã vào lúc \d\d:\d\d · Cổng A$")
    )
    expect(page.locator("#verdict-name")).to_have_text("Ông Nguyễn Văn An")
    shot(page, "3-amber")
    assert scans(registration) == [("ok", False, True), ("already_checked_in", False, False)]

    # "Scan next" makes the phone ready at once, without waiting for the window.
    page.get_by_role("button", name="Quét tiếp").click()
    wait_for(lambda: len(scans(registration)) == 3, timeout=5)
    expect(verdict).to_have_attribute("data-result", "already_checked_in")
    assert scans(registration)[2] == ("already_checked_in", False, False)
    assert Scan.objects.filter(gate=gate, device__name="Máy 1").count() == 3


def test_offline_scan_is_decided_locally_and_uploaded_later(open_scanner, gate, shot):
    from playwright.sync_api import expect

    registration, payload, _short = approved_delegate(gate.edition)
    other, _payload, _other_short = approved_delegate(
        gate.edition, full_name="Trần Thị Bình", given_name="Bình", email="binh@example.vn"
    )
    _device, pairing_code = devices.device_create(gate=gate, name="Máy 2")
    settled(time.monotonic())
    page = open_scanner(payload)

    pair(page, pairing_code)
    sync_line = page.locator("#sync-line")
    expect(sync_line).to_have_attribute("data-delegates", "2")
    expect(sync_line).to_contain_text("Danh sách: 2 đại biểu")

    page.context.set_offline(True)
    expect(page.locator("#net-state")).to_have_attribute("data-state", "offline")
    expect(page.locator("#offline-banner")).to_be_visible()
    shot(page, "5-offline")
    page.get_by_role("button", name="Bắt đầu quét").click()

    verdict = page.locator("#verdict")
    expect(verdict).to_have_attribute("data-result", "ok")
    expect(page.locator("#verdict-name")).to_have_text("Ông Nguyễn Văn An")
    expect(page.locator("#verdict-local")).to_contain_text("Quyết định trên máy")
    queue = page.locator("#queue-state")
    expect(queue).to_have_attribute("data-count", "1")
    expect(queue).to_have_text("Chờ gửi: 1")
    shot(page, "6-offline-green")
    assert scans(registration) == []

    page.context.set_offline(False)
    expect(queue).to_have_attribute("data-count", "0", timeout=10_000)
    expect(page.locator("#net-state")).to_have_attribute("data-state", "online")
    first = Scan.objects.get(registration=registration, offline=True)
    assert (first.result, first.is_first_entry, first.gate, first.device.name) == (
        "ok",
        True,
        gate,
        "Máy 2",
    )
    assert first.scanned_at < first.received_at
    assert not Scan.objects.filter(registration=other).exists()

    # The app itself opens with no network: the service worker serves page, modules and decoder,
    # the delegate list and the token are on the phone. The badge was let in: amber now.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.reload()
    page.locator("#screen-scan").wait_for(state="visible")
    expect(page.locator("#net-state")).to_have_attribute("data-state", "offline")
    expect(sync_line).to_have_attribute("data-delegates", "2")
    page.get_by_role("button", name="Bắt đầu quét").click()
    expect(verdict).to_have_attribute("data-result", "already_checked_in")
    expect(page.locator("#verdict-local")).to_contain_text("Quyết định trên máy")
    expect(queue).to_have_attribute("data-count", "1")


def test_door_staff_finds_a_delegate_by_name_and_types_a_short_code(
    open_scanner, edition, live_server, settings, shot
):
    from playwright.sync_api import expect

    settings.FORUM_STAFF_MFA_REQUIRED = False
    registration, _payload, short = approved_delegate(
        edition, full_name="Đặng Thị Ánh", given_name="Ánh", honorific="Bà"
    )
    staff = UserFactory(email="cua.a@example.vn")
    staff.groups.add(Group.objects.get_or_create(name=roles.DOOR_STAFF)[0])
    client = Client()
    client.force_login(staff)
    page = open_scanner(None)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto("/scanner/")
    page.locator("#screen-scan").wait_for(state="visible")
    expect(page.locator(".bar-gate")).to_have_text("Quét thẻ đại biểu")
    expect(page.locator(".bar-device")).to_have_text("cua.a@example.vn")
    page.get_by_role("button", name="Bắt đầu quét").click()
    expect(page.locator("#viewfinder")).to_have_attribute("data-camera", "on")
    expect(page.locator("#camera-hint")).to_have_text("Đưa mã QR trên thẻ vào khung")
    shot(page, "4-scanning")

    page.get_by_role("button", name="Tìm theo tên").click()
    page.get_by_role("searchbox").fill("dang thi anh")
    page.get_by_role("button", name="Tìm", exact=True).click()
    result = page.locator("#search-results li")
    expect(result).to_have_count(1)
    expect(result.locator(".result-name")).to_have_text("Bà Đặng Thị Ánh")
    shot(page, "7-search")
    result.get_by_role("button", name="Check-in").click()

    verdict = page.locator("#verdict")
    expect(verdict).to_have_attribute("data-result", "ok")
    expect(page.locator("#verdict-name")).to_have_text("Bà Đặng Thị Ánh")
    scan = Scan.objects.get(registration=registration)
    assert (scan.result, scan.staff, scan.offline) == ("ok", staff, False)

    page.get_by_role("button", name="Quét tiếp").click()
    expect(verdict).to_be_hidden()
    page.get_by_role("button", name="Nhập mã ngắn").click()
    page.get_by_role("textbox", name="Mã ngắn (VD: ABCD-EFGH)").fill(
        short.lower().replace("-", " ")
    )
    page.get_by_role("button", name="Kiểm tra").click()
    expect(verdict).to_have_attribute("data-result", "already_checked_in")
    expect(page.locator("#verdict-first")).to_have_text(re.compile(r"^Đã vào lúc \d\d:\d\d$"))
    assert Scan.objects.filter(registration=registration).count() == 2

    page.get_by_role("button", name="Quét tiếp").click()
    page.get_by_role("button", name="Nhập mã ngắn").click()
    page.get_by_role("textbox", name="Mã ngắn (VD: ABCD-EFGH)").fill("ZZZZ-ZZZZ")
    page.get_by_role("button", name="Kiểm tra").click()
    expect(verdict).to_have_attribute("data-result", "invalid")
    expect(page.locator("#verdict-title")).to_have_text("KHÔNG HỢP LỆ")
    shot(page, "8-red")


def test_english_device_shows_english(open_scanner, gate, shot):
    from playwright.sync_api import expect

    _device, pairing_code = devices.device_create(gate=gate, name="Phone 3", language="en")
    page = open_scanner(None)
    page.goto("/scanner/")
    expect(page.get_by_role("heading", name="Ghép nối thiết bị quét")).to_be_visible()
    shot(page, "0-pairing")
    page.get_by_label("Mã ghép nối").fill(pairing_code.lower())
    page.get_by_role("button", name="Ghép nối", exact=True).click()

    page.locator("#screen-scan").wait_for(state="visible")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Start scanning")).to_be_visible()
    expect(page.locator("#net-state")).to_have_text("Online")
