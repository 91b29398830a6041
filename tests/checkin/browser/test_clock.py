"""Phones with wrong clocks, and scans the server refuses: nothing lost, nothing silently
dropped, the door ordered by the server's time."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from checkin.models import Scan
from checkin.services import devices
from forum.models import Edition
from registration.models import Registration
from tests.checkin.browser.scanner_helpers import (
    approved_delegate,
    door_staff_page,
    pair,
    short_code,
    wait_for,
)

pytestmark = pytest.mark.browser


def _two_delegates(edition):
    one = approved_delegate(edition)
    two = approved_delegate(
        edition, full_name="Trần Thị Bình", given_name="Bình", honorific="Bà", email="b@x.vn"
    )
    return one, two


def test_a_phone_two_days_ahead_records_scans_at_the_servers_time(open_scanner, gate):
    from playwright.sync_api import expect

    (online, _p1, online_short), (offline, _p2, offline_short) = _two_delegates(gate.edition)
    _device, pairing_code = devices.device_create(gate=gate, name="Máy lệch giờ")
    page = open_scanner(None, clock_at=timezone.now() + dt.timedelta(hours=48))
    pair(page, pairing_code)
    expect(page.locator("#sync-line")).to_have_attribute("data-delegates", "2")

    # Online: answered by the server, green, at the server's time (not refused, not "offline").
    short_code(page, online_short)
    verdict = page.locator("#verdict")
    expect(verdict).to_have_attribute("data-result", "ok")
    expect(page.locator("#verdict-local")).to_be_hidden()
    scan = Scan.objects.get(registration=online)
    assert scan.received_at - scan.scanned_at < dt.timedelta(seconds=1)
    page.get_by_role("button", name="Quét tiếp").click()

    # Offline: decided on the phone, uploaded later with its time corrected by the offset
    # the phone measured from the server's clock.
    page.context.set_offline(True)
    before = timezone.now()
    short_code(page, offline_short)
    expect(verdict).to_have_attribute("data-result", "ok")
    expect(page.locator("#verdict-local")).to_contain_text("Quyết định trên máy")
    after = timezone.now()
    page.context.set_offline(False)
    expect(page.locator("#queue-state")).to_have_attribute("data-count", "0", timeout=10_000)
    uploaded = Scan.objects.get(registration=offline)
    assert (uploaded.result, uploaded.is_first_entry, uploaded.offline) == ("ok", True, True)
    assert (
        before - dt.timedelta(seconds=5) <= uploaded.scanned_at <= after + dt.timedelta(seconds=5)
    )
    expect(page.locator("#attention-state")).to_be_hidden()


def test_a_scan_the_server_refuses_waits_until_the_staff_retry_or_discard_it(
    open_scanner, gate, shot
):
    from playwright.sync_api import expect

    edition = gate.edition
    # A rehearsal three days before the forum: check-in has not opened yet.
    starts = timezone.now() + dt.timedelta(days=3)
    Edition.objects.filter(pk=edition.pk).update(
        starts_at=starts, ends_at=starts + dt.timedelta(hours=4)
    )
    (first, _p1, first_short), (second, _p2, second_short) = _two_delegates(edition)
    _device, pairing_code = devices.device_create(gate=gate, name="Máy tập dượt")
    page = open_scanner(None)
    pair(page, pairing_code)
    expect(page.locator("#sync-line")).to_have_attribute("data-delegates", "2")
    page.context.set_offline(True)
    for short in (first_short, second_short):
        short_code(page, short)
        expect(page.locator("#verdict")).to_have_attribute("data-result", "ok")
        page.get_by_role("button", name="Quét tiếp").click()
    expect(page.locator("#queue-state")).to_have_attribute("data-count", "2")

    page.context.set_offline(False)

    # Refused, and neither lost nor silently dropped: kept with the reason, and on the server.
    expect(page.locator("#queue-state")).to_have_attribute("data-count", "0", timeout=10_000)
    pill = page.locator("#attention-state")
    expect(pill).to_have_text("Cần xử lý: 2")
    panel = page.get_by_role("region", name="Cần xử lý")
    rows = panel.locator(".attention-item")
    expect(rows).to_have_count(2)
    expect(rows.first.locator(".attention-reason")).to_have_text(
        "Giờ quét sớm hơn giờ mở check-in: đồng hồ của máy quét có thể đang sai."
    )
    expect(rows.first.locator(".conflict-local")).to_have_text(
        re.compile(r"^Giờ quét đã gửi: \d\d/\d\d/\d{4} \d\d:\d\d$")
    )
    shot(page, "15-refused")
    assert list(Scan.objects.values_list("result", flat=True)) == ["scanned_too_early"] * 2

    # Sent again as it is: refused again, still kept.
    rows.first.get_by_role("button", name="Gửi lại: Ông Nguyễn Văn An").click()
    wait_for(lambda: Scan.objects.filter(registration=first).count() == 2)
    expect(rows).to_have_count(2)
    expect(page.locator("#queue-state")).to_have_attribute("data-count", "0")
    assert set(Scan.objects.filter(registration=first).values_list("result", flat=True)) == {
        "scanned_too_early"
    }

    # The organisers move the forum to today (it was a wrong date): sent again, it counts.
    Edition.objects.filter(pk=edition.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=1), ends_at=timezone.now()
    )
    panel.get_by_role("button", name="Gửi lại: Ông Nguyễn Văn An").click()
    wait_for(lambda: Scan.objects.filter(registration=first, is_first_entry=True).exists())
    expect(rows).to_have_count(1)
    expect(page.locator("#queue-state")).to_have_attribute("data-count", "0")
    assert Scan.objects.get(registration=first, is_first_entry=True).result == "ok"

    # The staff discard the other one: it leaves the phone, its refusal stays on the server.
    page.once("dialog", lambda dialog: dialog.accept())
    panel.get_by_role("button", name="Bỏ lượt quét: Bà Trần Thị Bình").click()
    expect(panel).to_be_hidden()
    expect(pill).to_be_hidden()
    assert Scan.objects.filter(registration=second).values_list("result", flat=True).get() == (
        "scanned_too_early"
    )


def test_an_error_answer_online_is_shown_as_what_it_is(open_scanner, edition, gate, live_server):
    """The server is reached and answers an error: not "offline", not decided on the phone."""
    from playwright.sync_api import expect

    _staff, page = door_staff_page(open_scanner, live_server)
    (person, _payload, short), _other = _two_delegates(edition)
    page.goto("/scanner/")
    page.get_by_role("dialog", name="Bạn trực ở cổng nào?").get_by_role(
        "button", name=re.compile("^Cổng A")
    ).click()
    expect(page.locator("#sync-line")).to_have_attribute("data-delegates", "2")
    # Whatever the reason, the server says no (here: the forum was deleted meanwhile).
    Registration.objects.all().delete()
    Edition.objects.all().delete()

    short_code(page, short)

    verdict = page.locator("#verdict")
    expect(verdict).to_have_attribute("data-result", "refused")
    expect(page.locator("#verdict-title")).to_have_text("MÁY CHỦ TỪ CHỐI")
    expect(page.locator("#verdict-message")).to_have_text(
        "Máy chủ không nhận lượt quét này: No forum edition is set up."
    )
    expect(page.locator("#verdict-local")).to_be_hidden()
    expect(page.locator("#net-state")).to_have_attribute("data-state", "online")
    expect(page.locator("#queue-state")).to_have_attribute("data-count", "0")
    expect(page.locator("#attention-state")).to_have_text("Cần xử lý: 1")
    expect(page.locator(".attention-item .conflict-name")).to_have_text("Ông Nguyễn Văn An")
    assert not Scan.objects.exists()
    assert person.pk
