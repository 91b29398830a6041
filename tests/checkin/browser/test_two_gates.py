"""Two phones offline at two gates scan the same badge: one first entry, one flagged re-entry,
and both phones and the live dashboard show it."""

import re

import pytest

from checkin.models import Scan
from checkin.services import devices
from tests.checkin.browser.scanner_helpers import approved_delegate, pair, scans

pytestmark = pytest.mark.browser


def _scan_offline(page):
    from playwright.sync_api import expect

    page.context.set_offline(True)
    expect(page.locator("#net-state")).to_have_attribute("data-state", "offline")
    page.get_by_role("button", name="Bắt đầu quét").click()
    expect(page.locator("#verdict")).to_have_attribute("data-result", "ok")
    expect(page.locator("#verdict-local")).to_contain_text("Quyết định trên máy")
    expect(page.locator("#queue-state")).to_have_attribute("data-count", "1")


def test_a_badge_let_in_at_two_gates_offline_is_flagged_on_both_phones_and_the_dashboard(
    open_scanner, gate, organiser_client, shot
):
    from playwright.sync_api import expect

    gate_b = devices.gate_create(edition=gate.edition, code="b", name="Cổng B")
    badge_y, payload, _short = approved_delegate(gate.edition)
    _a, code_a = devices.device_create(gate=gate, name="Máy A")
    _b, code_b = devices.device_create(gate=gate_b, name="Máy B")
    phone_a, phone_b = open_scanner(payload), open_scanner(payload)
    for phone, code in ((phone_a, code_a), (phone_b, code_b)):
        pair(phone, code)
        expect(phone.locator("#offline-ready")).to_have_attribute("data-ready", "yes")

    # B scans badge Y, then A (later): both let the badge in.
    _scan_offline(phone_b)
    _scan_offline(phone_a)
    # A uploads first: its scan is the first entry, for now.
    phone_a.context.set_offline(False)
    expect(phone_a.locator("#queue-state")).to_have_attribute("data-count", "0", timeout=10_000)
    assert scans(badge_y) == [("ok", True, True)]
    expect(phone_a.locator("#conflict-state")).to_be_hidden()
    # Then B: its earlier scan takes the first entry; A's becomes a re-entry.
    phone_b.context.set_offline(False)
    expect(phone_b.locator("#queue-state")).to_have_attribute("data-count", "0", timeout=10_000)
    stored = {scan.gate.code: scan for scan in Scan.objects.filter(registration=badge_y)}
    assert (stored["b"].result, stored["b"].is_first_entry) == ("ok", True)
    assert (stored["a"].result, stored["a"].is_first_entry) == ("already_checked_in", False)
    assert stored["a"].superseded_at is not None

    # B is told the badge was also let in at gate A.
    expect(phone_b.locator("#verdict")).to_be_hidden(timeout=10_000)
    b_conflict = phone_b.locator(".conflict")
    expect(b_conflict).to_have_count(1)
    expect(b_conflict).to_have_attribute("data-kind", "twice")
    expect(b_conflict.locator(".conflict-twice")).to_have_text("Thẻ này đã được cho vào hai lần.")
    expect(b_conflict).to_contain_text(
        re.compile(r"Thẻ cũng đã được cho vào lúc \d\d:\d\d · Cổng A")
    )
    shot(phone_b, "13-let-in-twice-b")

    # A learns at its next sync that its admission is a re-entry now.
    phone_a.get_by_role("button", name="Thiết bị").click()
    phone_a.get_by_role("button", name="Đồng bộ ngay").click()
    a_conflict = phone_a.locator(".conflict")
    expect(phone_a.get_by_role("dialog", name="Thiết bị")).to_be_hidden()
    expect(a_conflict).to_have_count(1)
    expect(a_conflict.locator(".conflict-server")).to_have_text("Máy chủ: ĐÃ CHECK-IN")
    expect(a_conflict.locator(".conflict-first")).to_have_text(
        re.compile(r"^Đã vào lúc \d\d:\d\d · Cổng B$")
    )
    expect(a_conflict.locator(".conflict-local")).to_have_text(
        re.compile(r"^Trên máy lúc \d\d:\d\d: MỜI VÀO$")
    )
    shot(phone_a, "14-let-in-twice-a")

    # The live dashboard shows it too.
    live = organiser_client.get("/organiser/live/")
    [row] = live.context["stats"]["doubled_entries"]
    assert (row["name"], row["first_gate"], row["gate"]) == ("Nguyễn Văn An", "Cổng B", "Cổng A")
    assert "1 thẻ được cho vào hai lần" in live.content.decode()
