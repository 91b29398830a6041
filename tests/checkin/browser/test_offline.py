"""A phone that loses the network: it decides on its own, uploads later and reports where the server
answered otherwise."""

import re

import pytest

from checkin.models import Scan
from checkin.services import devices
from tests.checkin.browser.scanner_helpers import (
    approved_delegate,
    pair,
    scans,
    short_code,
)

pytestmark = pytest.mark.browser


def test_offline_scan_is_decided_locally_and_uploaded_later(open_scanner, gate, shot):
    from playwright.sync_api import expect

    registration, payload, _short = approved_delegate(gate.edition)
    other, _payload, _other_short = approved_delegate(
        gate.edition, full_name="Trần Thị Bình", given_name="Bình", email="binh@example.vn"
    )
    _device, pairing_code = devices.device_create(gate=gate, name="Máy 2")
    page = open_scanner(payload)

    pair(page, pairing_code)
    sync_line = page.locator("#sync-line")
    expect(sync_line).to_have_attribute("data-delegates", "2")
    expect(sync_line).to_contain_text("Danh sách: 2 đại biểu")
    # Decoder loaded, app stored on the phone, list synced: the phone says it can lose the Wi-Fi.
    readiness = page.locator("#offline-ready")
    expect(readiness).to_have_attribute("data-ready", "yes")
    expect(readiness).to_have_text("Sẵn sàng quét khi mất mạng")

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


def test_offline_decisions_the_server_answers_otherwise_are_reported_until_dismissed(
    open_scanner, gate, shot
):
    from playwright.sync_api import expect

    from checkin.services.scans import checkin_perform
    from registration.services import registrations

    gate_b = devices.gate_create(edition=gate.edition, code="b", name="Cổng B")
    came_in, payload, came_in_short = approved_delegate(gate.edition)
    cancelled, _payload, cancelled_short = approved_delegate(
        gate.edition, full_name="Trần Thị Bình", given_name="Bình", honorific="Bà", email="b@x.vn"
    )
    _device, pairing_code = devices.device_create(gate=gate, name="Máy 4")
    page = open_scanner(None)

    pair(page, pairing_code)
    # A paired device is bound to its gate: nothing to choose.
    expect(page.locator(".bar-gate")).to_have_text("Cổng A")
    expect(page.locator(".bar-change")).to_be_hidden()
    expect(page.locator("#sheet-gate")).to_be_hidden()
    expect(page.locator("#sync-line")).to_have_attribute("data-delegates", "2")

    page.context.set_offline(True)
    expect(page.locator("#net-state")).to_have_attribute("data-state", "offline")
    # Meanwhile, on the server: one delegate comes in at gate B, the other one is cancelled.
    checkin_perform(
        edition_id=gate.edition_id, raw_code=payload, nonce="b-1", source_key="b", gate=gate_b
    )
    registrations.registration_cancel(registration_id=cancelled.pk)

    verdict = page.locator("#verdict")
    for short in (came_in_short, cancelled_short):
        page.get_by_role("button", name="Nhập mã ngắn").click()
        page.get_by_role("textbox", name="Mã ngắn (VD: ABCD-EFGH)").fill(short)
        page.get_by_role("button", name="Kiểm tra").click()
        expect(verdict).to_have_attribute("data-result", "ok")
        expect(page.locator("#verdict-local")).to_contain_text("Quyết định trên máy")
        page.get_by_role("button", name="Quét tiếp").click()
    expect(page.locator("#queue-state")).to_have_attribute("data-count", "2")
    expect(page.locator("#conflicts")).to_be_hidden()

    page.context.set_offline(False)
    expect(page.locator("#queue-state")).to_have_attribute("data-count", "0", timeout=10_000)
    pill = page.locator("#conflict-state")
    expect(pill).to_have_text("Sai lệch: 2")
    expect(pill).to_have_attribute("data-tone", "stop")
    notice = page.get_by_role("region", name="Máy chủ trả lời khác quyết định trên máy")
    rows = notice.locator(".conflict")
    expect(rows).to_have_count(2)
    # Newest first: the cancelled badge (red), then the entry at gate B (amber).
    expect(rows.nth(0)).to_have_attribute("data-tone", "stop")
    expect(rows.nth(0).locator(".conflict-name")).to_have_text("Bà Trần Thị Bình")
    expect(rows.nth(0).locator(".conflict-server")).to_have_text("Máy chủ: ĐÃ HỦY ĐĂNG KÝ")
    expect(rows.nth(1)).to_have_attribute("data-tone", "warn")
    expect(rows.nth(1).locator(".conflict-name")).to_have_text("Ông Nguyễn Văn An")
    expect(rows.nth(1).locator(".conflict-server")).to_have_text("Máy chủ: ĐÃ CHECK-IN")
    expect(rows.nth(1).locator(".conflict-first")).to_have_text(
        re.compile(r"^Đã vào lúc \d\d:\d\d · Cổng B$")
    )
    expect(rows.nth(1).locator(".conflict-local")).to_have_text(
        re.compile(r"^Trên máy lúc \d\d:\d\d: MỜI VÀO$")
    )
    shot(page, "11-conflicts")
    uploaded = Scan.objects.get(registration=came_in, offline=True)
    assert (uploaded.result, uploaded.gate, uploaded.is_first_entry) == (
        "already_checked_in",
        gate,
        False,
    )
    assert Scan.objects.get(registration=cancelled).result == "cancelled"

    # Kept until the staff dismiss it, also across a restart of the app.
    page.reload()
    page.locator("#screen-scan").wait_for(state="visible")
    expect(rows).to_have_count(2)
    rows.nth(0).get_by_role("button", name="Đã xem: Bà Trần Thị Bình").click()
    expect(rows).to_have_count(1)
    expect(pill).to_have_text("Sai lệch: 1")
    expect(pill).to_have_attribute("data-tone", "warn")
    expect(notice.get_by_role("button", name="Đã xem tất cả")).to_be_hidden()
    rows.get_by_role("button", name=re.compile("^Đã xem")).click()
    expect(notice).to_be_hidden()
    expect(pill).to_be_hidden()
    page.reload()
    page.locator("#screen-scan").wait_for(state="visible")
    expect(page.locator("#sync-line")).to_have_attribute("data-synced", "yes")
    expect(page.locator("#conflicts")).to_be_hidden()


def test_offline_answers_say_what_online_ones_do(open_scanner, gate, shot):
    """Already in at another gate: the phone alone says when and where, with the needs."""
    from playwright.sync_api import expect

    from checkin.services.scans import checkin_perform

    gate_b = devices.gate_create(edition=gate.edition, code="b", name="Cổng B")
    came_in, payload, came_in_short = approved_delegate(gate.edition, needs="Ăn chay")
    checkin_perform(
        edition_id=gate.edition_id, raw_code=payload, nonce="b-1", source_key="b", gate=gate_b
    )
    _device, pairing_code = devices.device_create(gate=gate, name="Máy 6")
    page = open_scanner(None)
    pair(page, pairing_code)
    expect(page.locator("#sync-line")).to_have_attribute("data-delegates", "1")

    page.context.set_offline(True)
    short_code(page, came_in_short)

    expect(page.locator("#verdict")).to_have_attribute("data-result", "already_checked_in")
    expect(page.locator("#verdict-first")).to_have_text(
        re.compile(r"^Đã vào lúc \d\d:\d\d · Cổng B$")
    )
    expect(page.locator("#verdict-needs")).to_have_text("Lưu ý: Ăn chay")
    expect(page.locator("#verdict-local")).to_contain_text("Quyết định trên máy")
    shot(page, "6b-offline-amber")
    assert scans(came_in) == [("ok", False, True)]


def test_a_cold_start_with_the_server_down_says_the_network_is_unstable(open_scanner, gate):
    """The phone is on the Wi-Fi but the server does not answer: the header must not say
    "online" until a scan fails."""
    from playwright.sync_api import expect

    _device, pairing_code = devices.device_create(gate=gate, name="Máy 7")
    # Requests a service worker passes on escape the test's routing: the page goes without one.
    page = open_scanner(None, service_workers="block")
    pair(page, pairing_code)
    expect(page.locator("#net-state")).to_have_attribute("data-state", "online")

    page.route("**/api/v1/**", lambda route: route.abort("connectionrefused"))
    page.reload()

    page.locator("#screen-scan").wait_for(state="visible")
    expect(page.locator("#net-state")).to_have_attribute("data-state", "unstable")
    expect(page.locator("#net-state")).to_have_text("Mạng chập chờn")
