"""A pairing that ends: revoked by an organiser, or undone at the door; the list goes with it."""

import time

import pytest

from checkin.services import devices
from tests.checkin.browser.scanner_helpers import (
    approved_delegate,
    pair,
    settled,
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
    settled(time.monotonic())
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
    settled(time.monotonic())
    page = open_scanner(None)
    pair(page, pairing_code)
    expect(page.locator("#sync-line")).to_have_attribute("data-delegates", "1")

    page.get_by_role("button", name="Thiết bị").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Hủy ghép nối thiết bị").click()

    expect(page.get_by_role("heading", name="Ghép nối thiết bị quét")).to_be_visible()
    assert page.evaluate(STORED_DELEGATES) == {"delegates": 0, "queue": 0}
