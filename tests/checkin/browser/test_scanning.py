"""A paired phone at the door: a badge read by the camera, answered in the phone's language."""

import re

import pytest

from checkin.models import Scan
from checkin.services import devices
from tests.browser.accessibility import assert_accessible
from tests.checkin.browser.scanner_helpers import (
    approved_delegate,
    camera_reads,
    pair,
    scans,
    short_code,
)

pytestmark = pytest.mark.browser

# Frames the camera reads while the badge stays in view, after its answer has gone: at about
# eight a second, some five seconds, longer than the repeat window (3 s) counted from the
# first read.
HELD_READS = 40


def test_a_badge_held_in_front_of_the_camera_is_one_green_scan(open_scanner, gate, shot):
    from playwright.sync_api import expect

    registration, payload, short = approved_delegate(
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
    expect(verdict).to_be_visible()
    expect(page.locator("#verdict-title")).to_have_text("MỜI VÀO")
    expect(page.locator("#verdict-name")).to_have_text("Ông Nguyễn Văn An")
    expect(page.locator("#verdict-role")).to_have_text("Công ty Cổ phần MISA")
    expect(page.locator("#verdict-type")).to_have_text("Doanh nghiệp")
    expect(page.locator("#verdict-needs")).to_contain_text("Xe lăn, cần lối đi không bậc")
    expect(page.locator("#verdict-local")).to_be_hidden()
    expect(page.locator("#verdict-help")).to_be_hidden()
    # No BarcodeDetector in desktop Chromium on Linux: this is the WebAssembly decoder.
    expect(page.locator("body")).to_have_attribute("data-decoder", "zxing")
    shot(page, "2-green")
    assert_accessible(page)
    assert scans(registration) == [("ok", False, True)]

    # The badge stays in front of the camera after its green answer has gone: the camera keeps
    # reading it, and no second scan is made of it (no false amber for the person let in).
    expect(verdict).to_be_hidden(timeout=10_000)
    enough = camera_reads(page) + HELD_READS
    page.wait_for_function(
        f"() => Number(document.querySelector('#viewfinder').dataset.reads) >= {enough}"
    )
    expect(verdict).to_be_hidden()
    assert scans(registration) == [("ok", False, True)]

    # The short code typed by hand is a second scan: amber, with the first entry.
    short_code(page, short)
    expect(verdict).to_have_attribute("data-result", "already_checked_in")
    expect(page.locator("#verdict-title")).to_have_text("ĐÃ CHECK-IN")
    expect(page.locator("#verdict-first")).to_have_text(
        re.compile(r"^Đã vào lúc \d\d:\d\d · Cổng A$")
    )
    shot(page, "3-amber")
    assert_accessible(page)
    assert scans(registration) == [("ok", False, True), ("already_checked_in", False, False)]
    assert Scan.objects.filter(gate=gate, device__name="Máy 1").count() == 2


def test_a_red_answer_says_what_to_do_next(open_scanner, gate, shot):
    from playwright.sync_api import expect

    _device, pairing_code = devices.device_create(gate=gate, name="Máy 2")
    page = open_scanner(None)
    pair(page, pairing_code)

    short_code(page, "ZZZZ-ZZZZ")

    verdict = page.locator("#verdict")
    expect(verdict).to_have_attribute("data-result", "invalid")
    expect(page.locator("#verdict-title")).to_have_text("KHÔNG HỢP LỆ")
    expect(page.locator("#verdict-help")).to_have_text(
        "Việc cần làm: nhập mã ngắn in dưới mã QR, hoặc tìm theo tên. Nếu vẫn không được, "
        "mời đại biểu đến bàn hỗ trợ."
    )
    shot(page, "8-red")
    assert_accessible(page)
    verdict.get_by_role("button", name="Tìm theo tên").click()
    expect(verdict).to_be_hidden()
    expect(page.get_by_role("dialog", name="Tìm đại biểu bị mất thẻ")).to_be_visible()
    expect(page.get_by_role("searchbox")).to_be_focused()
    page.get_by_role("button", name="Đóng").first.click()

    short_code(page, "ZZZZ-ZZZZ")
    verdict.get_by_role("button", name="Nhập mã ngắn").click()
    expect(page.get_by_role("dialog", name="Nhập mã ngắn in dưới mã QR")).to_be_visible()
    assert Scan.objects.filter(result="invalid").count() == 2


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
    short_code_en = page.get_by_role("button", name="Enter short code").first
    short_code_en.click()
    page.get_by_role("textbox").first.fill("ZZZZ-ZZZZ")
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.locator("#verdict-help")).to_be_visible()
