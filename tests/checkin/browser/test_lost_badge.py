"""A delegate who lost the badge, found by name on the phone's own list while offline."""

import pytest

from checkin.api.schemas import DeviceOut
from checkin.models import Scan
from checkin.selectors import offline_list
from checkin.services import devices
from tests.checkin.browser.scanner_helpers import (
    approved_delegate,
    pair,
    scans,
)

pytestmark = pytest.mark.browser


def test_lost_badge_found_by_name_offline_and_checked_in_once_back_online(open_scanner, gate, shot):
    from playwright.sync_api import expect

    found, _payload, _short = approved_delegate(
        gate.edition,
        full_name="Đặng Thị Ánh",
        given_name="Ánh",
        honorific="Bà",
        organisation="Viettel",
        phone="+84912345678",
    )
    namesake, _payload, _short = approved_delegate(
        gate.edition, full_name="Đặng Văn Đông", given_name="Đông", organisation="VNPT"
    )
    _device, pairing_code = devices.device_create(gate=gate, name="Máy 5")
    page = open_scanner(None)
    pair(page, pairing_code)
    expect(page.locator("#offline-ready")).to_have_attribute("data-ready", "yes")
    expect(page.locator("#sync-line")).to_have_attribute("data-delegates", "2")

    page.context.set_offline(True)
    expect(page.locator("#net-state")).to_have_attribute("data-state", "offline")
    page.get_by_role("button", name="Tìm theo tên").click()
    search = page.get_by_role("searchbox")
    note = page.locator("#search-note")
    results = page.locator("#search-results li")

    # A phone number is not on the phone: say so, rather than "nobody found".
    search.fill("0912 345 678")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(note).to_have_text(
        "Tìm theo số điện thoại cần có mạng. Khi mất mạng, hãy tìm theo họ tên."
    )
    expect(results).to_have_count(0)

    # Accents, case and NFD typing ignored, organisation too; both Đặng, in name order.
    search.fill("DANG")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(note).to_have_text("Mất mạng: kết quả từ danh sách trên máy.")
    expect(results.locator(".result-name")).to_have_text(["Bà Đặng Thị Ánh", "Ông Đặng Văn Đông"])
    search.fill("\u0111a\u0306\u0323ng thi\u0323 a\u0301nh viettel")  # typed in NFD
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(results).to_have_count(1)
    expect(results.locator(".result-org")).to_have_text("Viettel")
    shot(page, "12-search-offline")
    results.get_by_role("button", name="Check-in").click()

    verdict = page.locator("#verdict")
    expect(verdict).to_have_attribute("data-result", "ok")
    expect(page.locator("#verdict-name")).to_have_text("Bà Đặng Thị Ánh")
    expect(page.locator("#verdict-local")).to_contain_text("Quyết định trên máy")
    queue = page.locator("#queue-state")
    expect(queue).to_have_attribute("data-count", "1")
    page.get_by_role("button", name="Quét tiếp").click()

    # Found again: marked as in, and a second check-in is amber.
    page.get_by_role("button", name="Tìm theo tên").click()
    search.fill("anh")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(results.locator(".tag-warn")).to_have_text("Đã check-in")
    results.get_by_role("button", name="Check-in").click()
    expect(verdict).to_have_attribute("data-result", "already_checked_in")
    expect(queue).to_have_attribute("data-count", "2")
    assert not Scan.objects.exists()

    page.context.set_offline(False)
    expect(queue).to_have_attribute("data-count", "0", timeout=10_000)
    recorded = list(
        Scan.objects.filter(registration=found)
        .order_by("scanned_at")
        .values_list("result", "offline", "is_first_entry", "gate")
    )
    assert recorded == [("ok", True, True, gate.pk), ("already_checked_in", True, False, gate.pk)]
    assert not Scan.objects.filter(registration=namesake).exists()
    # The server agreed with both decisions: nothing to report.
    expect(page.locator("#conflict-state")).to_be_hidden()


# The IndexedDB layout of the scanner's first version: its delegate list had no registration ids.
STORE_V1 = """
async ({meta, delegates}) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("forum-scanner", 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore("meta");
      const list = db.createObjectStore("delegates", { keyPath: "code_hash" });
      list.createIndex("short_hash", "short_hash", { unique: false });
      db.createObjectStore("revoked", { keyPath: "code_hash" });
      db.createObjectStore("seen", { keyPath: "code_hash" });
      db.createObjectStore("queue", { keyPath: "nonce" }).createIndex("created", "created");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(["meta", "delegates"], "readwrite");
  for (const [key, value] of Object.entries(meta)) tx.objectStore("meta").put(value, key);
  for (const delegate of delegates) tx.objectStore("delegates").put(delegate);
  await new Promise((resolve) => { tx.oncomplete = resolve; });
  db.close();
}
"""


def test_a_phone_with_the_first_store_version_fetches_the_list_again(open_scanner, gate):
    from playwright.sync_api import expect

    found, _payload, _short = approved_delegate(gate.edition)
    device, token = devices.device_create_paired(gate=gate, name="Máy cũ")
    listed = offline_list.delegate_changes(edition_id=gate.edition_id, since=None)
    old_entries = [
        {key: value for key, value in entry.items() if key != "registration_id"}
        for entry in listed["delegates"]
    ]
    page = open_scanner(None)
    page.goto("/healthz")  # the scanner's origin, before the app opens its store
    page.evaluate(
        STORE_V1,
        {
            "meta": {
                "token": token,
                "mode": "device",
                "device": DeviceOut.model_validate(device).model_dump(),
                "cursor": listed["cursor"],
                "synced_at": "2025-12-30T05:00:00Z",
            },
            "delegates": old_entries,
        },
    )

    page.goto("/scanner/")
    page.locator("#screen-scan").wait_for(state="visible")
    expect(page.locator(".bar-device")).to_have_text("Máy cũ")
    expect(page.locator("#offline-ready")).to_have_attribute("data-ready", "yes")
    page.context.set_offline(True)
    page.get_by_role("button", name="Tìm theo tên").click()
    page.get_by_role("searchbox").fill("nguyen van an")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.locator("#search-results li").get_by_role("button", name="Check-in").click()
    expect(page.locator("#verdict")).to_have_attribute("data-result", "ok")

    page.context.set_offline(False)
    expect(page.locator("#queue-state")).to_have_attribute("data-count", "0", timeout=10_000)
    assert scans(found) == [("ok", True, True)]
