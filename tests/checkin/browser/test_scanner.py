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

from checkin.api.schemas import DeviceOut
from checkin.models import Scan
from checkin.selectors import offline_list
from checkin.services import devices
from registration import roles
from tests.browser.accessibility import assert_accessible
from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, PHONE, log_in, playwright_session
from tests.checkin.browser.scanner_helpers import approved_delegate, badge_frame, write_y4m
from tests.factories import EditionFactory, UserFactory

pytestmark = pytest.mark.browser

FAKE_CAMERA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


@pytest.fixture
def playwright_driver():
    """Playwright for one test; see tests/browser/conftest.py for DJANGO_ALLOW_ASYNC_UNSAFE."""
    with playwright_session() as playwright:
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
    remaining = offline_list.SETTLE_SECONDS + 0.5 - (time.monotonic() - since)
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
    page = open_scanner(None)
    log_in(page.context, staff, live_server)

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
    settled(time.monotonic())
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
    settled(time.monotonic())
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


def door_staff_page(open_scanner, live_server, payload=None, email="cua.b@example.vn"):
    """A phone with the scanner page opened by a door-staff account (no paired device)."""
    staff = UserFactory(email=email)
    staff.groups.add(Group.objects.get_or_create(name=roles.DOOR_STAFF)[0])
    page = open_scanner(payload)
    log_in(page.context, staff, live_server)
    return staff, page


def test_door_staff_choose_a_gate_that_every_check_in_records(
    open_scanner, edition, live_server, settings, monkeypatch, shot
):
    from playwright.sync_api import expect

    settings.FORUM_STAFF_MFA_REQUIRED = False
    monkeypatch.setattr(
        offline_list, "SETTLE_SECONDS", 0
    )  # the list may hold rows written just now
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


def test_offline_decisions_the_server_answers_otherwise_are_reported_until_dismissed(
    open_scanner, gate, monkeypatch, shot
):
    from playwright.sync_api import expect

    from checkin.services.scans import checkin_perform
    from registration.services import registrations

    monkeypatch.setattr(
        offline_list, "SETTLE_SECONDS", 0
    )  # the list may hold rows written just now
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
