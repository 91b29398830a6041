"""A paired phone at the door: a badge read by the camera, answered in the phone's language."""

import re
import time

import pytest

from checkin.models import Scan
from checkin.services import devices
from tests.browser.accessibility import assert_accessible
from tests.checkin.browser.scanner_helpers import (
    approved_delegate,
    pair,
    scans,
    wait_for,
)

pytestmark = pytest.mark.browser


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
    assert_accessible(page)
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
    assert_accessible(page)
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
    assert_accessible(page)
    assert scans(registration) == [("ok", False, True), ("already_checked_in", False, False)]

    # "Scan next" makes the phone ready at once, without waiting for the window.
    page.get_by_role("button", name="Quét tiếp").click()
    wait_for(lambda: len(scans(registration)) == 3, timeout=5)
    expect(verdict).to_have_attribute("data-result", "already_checked_in")
    assert scans(registration)[2] == ("already_checked_in", False, False)
    assert Scan.objects.filter(gate=gate, device__name="Máy 1").count() == 3


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
