"""Pairing: a pairing that ends (revoked by an organiser, or undone at the door; the list goes
with it), and the pairing QR read by the scanner's camera."""

import pytest

from checkin.models import Scan
from checkin.services import devices
from tests.checkin.browser.scanner_helpers import (
    approved_delegate,
    pair,
)

pytestmark = pytest.mark.browser


STORED_DELEGATES = """
async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("forum-scanner");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const count = (name) => new Promise((resolve) => {
    const request = db.transaction(name).objectStore(name).count();
    request.onsuccess = () => resolve(request.result);
  });
  const counts = { delegates: await count("delegates"), queue: await count("queue") };
  db.close();
  return counts;
}
"""


def test_a_revoked_phone_forgets_the_delegate_list_and_asks_to_pair_again(open_scanner, gate):
    from playwright.sync_api import expect

    approved_delegate(gate.edition)
    approved_delegate(gate.edition, full_name="Trần Thị Bình", given_name="Bình", email="b@x.vn")
    device, pairing_code = devices.device_create(gate=gate, name="Máy mất")
    page = open_scanner(None)
    pair(page, pairing_code)
    expect(page.locator("#sync-line")).to_have_attribute("data-delegates", "2")
    # A scan made offline waits in the queue.
    page.context.set_offline(True)
    page.get_by_role("button", name="Nhập mã ngắn").click()
    page.get_by_role("textbox", name="Mã ngắn (VD: ABCD-EFGH)").fill("ZZZZ-ZZZZ")
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.locator("#queue-state")).to_have_attribute("data-count", "1")
    page.get_by_role("button", name="Quét tiếp").click()
    assert page.evaluate(STORED_DELEGATES) == {"delegates": 2, "queue": 1}

    # The phone is reported lost: the organiser revokes it, and it comes back online.
    devices.device_revoke(device_id=device.pk)
    page.context.set_offline(False)

    expect(page.get_by_role("heading", name="Ghép nối thiết bị quét")).to_be_visible()
    expect(page.locator("#pair-error")).to_have_text(
        "Thiết bị này đã bị thu hồi. Hãy ghép nối lại."
    )
    page.wait_for_function(
        f"async () => (await ({STORED_DELEGATES})()).delegates === 0", polling=100
    )
    # Nothing the server did not answer is lost: the scan waits for the next pairing.
    assert page.evaluate(STORED_DELEGATES) == {"delegates": 0, "queue": 1}


def test_unpairing_removes_the_delegate_list_from_the_phone(open_scanner, gate):
    from playwright.sync_api import expect

    approved_delegate(gate.edition)
    _device, pairing_code = devices.device_create(gate=gate, name="Máy trả lại")
    page = open_scanner(None)
    pair(page, pairing_code)
    expect(page.locator("#sync-line")).to_have_attribute("data-delegates", "1")

    page.get_by_role("button", name="Thiết bị").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Hủy ghép nối thiết bị").click()

    expect(page.get_by_role("heading", name="Ghép nối thiết bị quét")).to_be_visible()
    assert page.evaluate(STORED_DELEGATES) == {"delegates": 0, "queue": 0}


def test_the_pairing_screen_reads_the_pairing_qr_with_the_camera(open_scanner, gate, live_server):
    from playwright.sync_api import expect

    device, pairing_code = devices.device_create(gate=gate, name="Máy quét mã")
    page = open_scanner(devices.pairing_url(origin=live_server.url, code=pairing_code))
    page.goto("/scanner/")
    expect(page.get_by_role("heading", name="Ghép nối thiết bị quét")).to_be_visible()

    page.get_by_role("button", name="Quét mã QR ghép nối").click()

    page.locator("#screen-scan").wait_for(state="visible")
    expect(page.locator(".bar-device")).to_have_text("Máy quét mã")
    device.refresh_from_db()
    assert device.paired_at is not None
    assert not Scan.objects.exists()


def test_a_paired_phone_meeting_a_pairing_qr_offers_to_pair_again_and_records_no_scan(
    open_scanner, gate, live_server, shot
):
    from playwright.sync_api import expect

    _old, old_code = devices.device_create(gate=gate, name="Máy cũ")
    gate_b = devices.gate_create(edition=gate.edition, code="b", name="Cổng B")
    new, new_code = devices.device_create(gate=gate_b, name="Máy mới")
    page = open_scanner(devices.pairing_url(origin=live_server.url, code=new_code))
    pair(page, old_code)
    expect(page.locator(".bar-device")).to_have_text("Máy cũ")

    page.get_by_role("button", name="Bắt đầu quét").click()

    offer = page.get_by_role("dialog", name="Mã QR ghép nối thiết bị")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("không phải thẻ đại biểu")
    expect(page.locator("#verdict")).to_be_hidden()
    shot(page, "16-pairing-qr-met")
    assert not Scan.objects.exists()
    offer.get_by_role("button", name="Ghép nối lại máy này").click()

    expect(page.locator(".bar-device")).to_have_text("Máy mới")
    expect(page.locator(".bar-gate")).to_have_text("Cổng B")
    new.refresh_from_db()
    assert new.paired_at is not None
    assert not Scan.objects.exists()
