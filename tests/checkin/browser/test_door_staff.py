"""Door staff scanning with their own login: the gate they choose, search and typed short codes."""

import re

import pytest

from checkin.models import Scan
from checkin.services import devices
from tests.checkin.browser.scanner_helpers import (
    approved_delegate,
    door_staff_page,
)

pytestmark = pytest.mark.browser


def test_door_staff_finds_a_delegate_by_name_and_types_a_short_code(
    open_scanner, edition, live_server, shot
):
    from playwright.sync_api import expect

    registration, _payload, short = approved_delegate(
        edition, full_name="Đặng Thị Ánh", given_name="Ánh", honorific="Bà"
    )
    staff, page = door_staff_page(open_scanner, live_server, email="cua.a@example.vn")

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


def test_door_staff_choose_a_gate_that_every_check_in_records(
    open_scanner, edition, live_server, shot
):
    from playwright.sync_api import expect

    devices.gate_create(edition=edition, code="a", name="Cổng A")
    gate_b = devices.gate_create(edition=edition, code="b", name="Cổng B")
    devices.gate_create(edition=edition, code="vip", name="Cổng VIP", kind="vip")
    closed = devices.gate_create(edition=edition, code="c", name="Cổng C")
    closed.is_active = False
    closed.save()
    scanned, payload, _short = approved_delegate(edition)
    searched, _payload, _short = approved_delegate(
        edition, full_name="Đặng Thị Ánh", given_name="Ánh", honorific="Bà", email="anh@example.vn"
    )
    typed, _payload, typed_short = approved_delegate(
        edition, full_name="Trần Thị Bình", given_name="Bình", honorific="Bà", email="b@example.vn"
    )
    staff, page = door_staff_page(open_scanner, live_server, payload)

    # No gate chosen yet: the picker opens by itself, with the open gates only.
    page.goto("/scanner/")
    picker = page.get_by_role("dialog", name="Bạn trực ở cổng nào?")
    expect(picker).to_be_visible()
    expect(picker.locator(".gate-name")).to_have_text(["Cổng A", "Cổng B", "Cổng VIP"])
    expect(picker.locator(".gate-kind")).to_have_text(["Cổng vào", "Cổng vào", "Cổng VIP"])
    expect(page.locator(".bar-gate")).to_have_text("Chọn cổng")
    shot(page, "9-gate-picker")
    picker.get_by_role("button", name=re.compile(r"^Cổng B")).click()
    expect(picker).to_be_hidden()
    expect(page.locator(".bar-gate")).to_have_text("Cổng B")
    expect(page.locator(".bar-change")).to_have_text("Đổi")
    expect(page.locator(".bar-device")).to_have_text("cua.b@example.vn")
    shot(page, "10-gate-chosen")

    page.get_by_role("button", name="Bắt đầu quét").click()
    expect(page.locator("#verdict")).to_have_attribute("data-result", "ok")
    scan = Scan.objects.get(registration=scanned)
    assert (scan.gate, scan.staff, scan.offline) == (gate_b, staff, False)

    # The phone remembers the gate.
    page.reload()
    page.locator("#screen-scan").wait_for(state="visible")
    expect(page.locator(".bar-gate")).to_have_text("Cổng B")
    expect(page.locator("#sync-line")).to_have_attribute("data-delegates", "3")
    expect(picker).to_be_hidden()
    page.get_by_role("button", name="Tìm theo tên").click()
    page.get_by_role("searchbox").fill("dang thi anh")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.locator("#search-results li").get_by_role("button", name="Check-in").click()
    expect(page.locator("#verdict")).to_have_attribute("data-result", "ok")
    assert Scan.objects.get(registration=searched).gate == gate_b
    page.get_by_role("button", name="Quét tiếp").click()

    # Offline, the queued scan keeps its gate until it is uploaded.
    page.context.set_offline(True)
    expect(page.locator("#net-state")).to_have_attribute("data-state", "offline")
    page.get_by_role("button", name="Nhập mã ngắn").click()
    page.get_by_role("textbox", name="Mã ngắn (VD: ABCD-EFGH)").fill(typed_short)
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.locator("#verdict")).to_have_attribute("data-result", "ok")
    expect(page.locator("#verdict-local")).to_contain_text("Quyết định trên máy")
    page.context.set_offline(False)
    expect(page.locator("#queue-state")).to_have_attribute("data-count", "0", timeout=10_000)
    scan = Scan.objects.get(registration=typed)
    assert (scan.gate, scan.staff, scan.offline, scan.result) == (gate_b, staff, True, "ok")

    # Changing gate from the header.
    page.get_by_role("button", name="Quét tiếp").click()
    page.locator("#bar-where").click()
    expect(picker.get_by_role("button", name=re.compile(r"^Cổng B"))).to_have_attribute(
        "aria-pressed", "true"
    )
    picker.get_by_role("button", name=re.compile(r"^Cổng VIP")).click()
    expect(page.locator(".bar-gate")).to_have_text("Cổng VIP")
