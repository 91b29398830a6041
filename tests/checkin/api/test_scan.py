"""Scanning a badge: POST /api/v1/checkin/scan, every answer and every refusal."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from checkin.answers import result_message
from checkin.models import Scan
from checkin.services import devices
from registration.badge_codes import payload_of, short_code_display
from registration.models import BadgeCode, DelegateType
from registration.services import registrations
from registration.services.badge_codes import badge_code_issue, badge_code_reissue
from tests.checkin.api.helpers import (
    SCAN,
    approved,
    payload,
)
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_scan_ok_answers_every_field(api, edition):
    delegate = approved(edition, honorific="Bà", needs="Ăn chay")

    response = api.post(SCAN, {"code": payload(delegate), "nonce": "n-1"})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"result", "message", "delegate", "first_checkin"}
    assert body["result"] == "ok"
    assert body["message"] == "Mời vào. Chào mừng đại biểu!"
    assert body["delegate"] == {
        "name": "Đặng Thị Ánh",
        "title": "Bà",
        "organisation": "Công ty Cổ phần MISA",
        "type": "enterprise",
        "type_label": "Doanh nghiệp",
        "needs": "Ăn chay",
    }
    assert body["first_checkin"]["gate"] == "Cổng A"
    at = dt.datetime.fromisoformat(body["first_checkin"]["at"])
    assert at.utcoffset() == dt.timedelta(hours=7)
    assert abs(at - timezone.now()) < dt.timedelta(seconds=30)
    scan = Scan.objects.get()
    assert (scan.source_key, scan.nonce, scan.is_first_entry, scan.offline) == (
        f"d{scan.device_id}",
        "n-1",
        True,
        False,
    )
    assert scan.gate.code == "a"


def test_second_scan_is_already_checked_in_with_the_first_entry(api, edition):
    delegate = approved(edition)
    first = api.post(SCAN, {"code": payload(delegate), "nonce": "n-1"}).json()

    second = api.post(SCAN, {"code": payload(delegate), "nonce": "n-2"}).json()

    assert second["result"] == "already_checked_in"
    assert second["message"] == "Đại biểu đã check-in trước đó."
    assert second["first_checkin"] == first["first_checkin"]
    assert second["delegate"]["name"] == "Đặng Thị Ánh"
    assert Scan.objects.filter(is_first_entry=True).count() == 1


def test_short_code_typed_at_the_door_checks_in(api, edition):
    delegate = approved(edition)
    short = BadgeCode.objects.get(registration=delegate).short_code

    body = api.post(SCAN, {"code": short_code_display(short).lower(), "nonce": "n"}).json()

    assert body["result"] == "ok"


def test_replayed_nonce_returns_the_same_answer_and_records_once(api, edition):
    delegate = approved(edition)
    first = api.post(SCAN, {"code": payload(delegate), "nonce": "retry-1"})

    again = api.post(SCAN, {"code": payload(delegate), "nonce": "retry-1"})
    other_code = api.post(SCAN, {"code": "garbage", "nonce": "retry-1"})

    assert again.json() == first.json()
    assert other_code.json() == first.json()
    assert first.json()["result"] == "ok"
    assert Scan.objects.count() == 1


def test_online_scan_is_recorded_at_the_servers_time_whatever_the_phone_says(api, edition):
    """A phone 3 hours slow: its online scan is when the server received it, not 3 hours ago."""
    delegate = approved(edition)
    before = timezone.now()
    slow = (before - dt.timedelta(hours=3)).isoformat()

    answer = api.post(SCAN, {"code": payload(delegate), "nonce": "n", "scanned_at": slow}).json()

    scan = Scan.objects.get()
    assert before <= scan.scanned_at <= scan.received_at <= timezone.now()
    assert answer["first_checkin"]["at"] == timezone.localtime(scan.scanned_at).isoformat()


def test_a_slow_phone_online_does_not_win_the_first_entry(api, edition, gate):
    """Gate A's phone is 3 hours slow and scans online; gate B's phone scanned the same badge
    offline ten minutes earlier and uploads it after: B's scan is the first entry."""
    code = payload(approved(edition))
    slow = (timezone.now() - dt.timedelta(hours=3)).isoformat()
    api.post(SCAN, {"code": code, "nonce": "a-online", "scanned_at": slow})
    earlier = (timezone.now() - dt.timedelta(minutes=10)).isoformat()

    uploaded = api.post(
        "/api/v1/checkin/batch",
        {"scans": [{"code": code, "nonce": "b-offline", "scanned_at": earlier}]},
    ).json()["results"][0]

    assert uploaded["result"] == "ok"
    assert Scan.objects.get(is_first_entry=True).nonce == "b-offline"
    online = Scan.objects.get(nonce="a-online")
    assert (online.result, online.superseded_at is not None) == ("already_checked_in", True)


@pytest.mark.parametrize(
    "claimed",
    [
        "2025-12-30T13:05:00+07:00",  # an hour before the server's time, in the window
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "9999-12-31T23:59:59",
    ],
)
def test_online_scan_with_any_phone_clock_is_answered_at_the_servers_time(api, edition, claimed):
    code = payload(approved(edition))

    response = api.post(SCAN, {"code": code, "nonce": "a", "scanned_at": claimed})

    assert response.status_code == 200
    assert response.json()["result"] == "ok"
    scan = Scan.objects.get()
    assert scan.received_at - scan.scanned_at < dt.timedelta(seconds=1)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "MIV1-",
        "MIV1-ABC",  # truncated
        "MIV1-" + "0" * 27,  # one character short
        "MIV1-" + "0" * 29,  # one character long
        "MIV2-" + "0" * 28,  # another format version
        "MIV1-" + "0" * 27 + "!",  # a character outside the alphabet
        "https://example.vn/?code=MIV1-0000",
        "8934567890123",  # an EAN-13 product barcode
        '{"id": 1}',
        "WIFI:S:venue;T:WPA;P:secret;;",
        "ABCD-EFG",  # a short code one character short
        "🙂" * 10,
        "MIV1-\x00" + "0" * 27,
        "\x00\x01\x02",
        "x" * 2000,
    ],
)
def test_forged_or_foreign_codes_answer_invalid_and_are_recorded(api, edition, raw):
    approved(edition)

    response = api.post(SCAN, {"code": raw, "nonce": "n"})

    assert response.status_code == 200
    assert response.json() == {
        "result": "invalid",
        "message": "Mã không hợp lệ.",
        "delegate": None,
        "first_checkin": None,
    }
    assert Scan.objects.get().result == "invalid"


def test_mutated_real_code_is_invalid(api, edition):
    real = payload(approved(edition))
    last = real[-1]
    mutated = real[:-1] + ("0" if last != "0" else "1")

    assert api.post(SCAN, {"code": mutated, "nonce": "n"}).json()["result"] == "invalid"


def test_cancelled_and_reissued_badges_are_refused(api, edition):
    cancelled = approved(edition, "Lê Văn Hủy")
    old_payload = payload(cancelled)
    registrations.registration_cancel(registration_id=cancelled.pk)
    reissued = approved(edition, "Trần Thị Mới")
    replaced = payload(reissued)
    badge_code_reissue(registration=reissued, reason="reissued")
    pending = RegistrationFactory(edition=edition, status="pending")
    pending_code = payload_of(badge_code_issue(registration=pending).token)

    results = [
        api.post(SCAN, {"code": code, "nonce": f"n{i}"}).json()["result"]
        for i, code in enumerate([old_payload, replaced, pending_code])
    ]

    assert results == ["cancelled", "revoked", "not_approved"]


def test_rejected_delegate_badge_answers_not_approved(api, edition):
    delegate = approved(edition)
    code = payload(delegate)
    registrations.registration_reject(registration_id=delegate.pk, reason="Trùng đăng ký")

    assert api.post(SCAN, {"code": code, "nonce": "n"}).json()["result"] == "not_approved"


def test_english_device_gets_english_messages(client, gate, edition):
    _device, token = devices.device_create_paired(gate=gate, name="Máy EN", language="en")
    delegate = approved(edition)

    body = client.post(
        SCAN,
        {"code": payload(delegate), "nonce": "n"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    ).json()

    with translation.override("en"):
        assert body["message"] == result_message("ok") != "Mời vào. Chào mừng đại biểu!"
        assert body["delegate"]["type_label"] == str(DelegateType.ENTERPRISE.label)
    assert body["delegate"]["type_label"] != "Doanh nghiệp"


@pytest.mark.parametrize(
    "body",
    [
        {"nonce": "n"},
        {"code": "MIV1-X"},
        {},
        {"code": 12345, "nonce": "n"},
        {"code": "MIV1-X", "nonce": 7},
        {"code": None, "nonce": "n"},
        {"code": ["MIV1-X"], "nonce": "n"},
        {"code": "MIV1-X", "nonce": ""},
        {"code": "MIV1-X", "nonce": "n" * 65},
        {"code": "MIV1-X", "nonce": "bad\nnonce"},
        {"code": "MIV1-X", "nonce": "bad\x00nonce"},
        {"code": "x" * 2001, "nonce": "n"},
        {"code": "MIV1-X", "nonce": "n", "scanned_at": "yesterday"},
        {"code": "MIV1-X", "nonce": "n", "scanned_at": "30/12/2025 13:00"},
        {"code": "MIV1-X", "nonce": "n", "scanned_at": 1767070800},
        {"code": "MIV1-X", "nonce": "n", "scanned_at": "2025-13-40T25:00:00"},
        {"code": "MIV1-X", "nonce": "n", "scanned_at": "10000-01-01T00:00:00"},
        {"code": "MIV1-X", "nonce": "n", "scanned_at": "2025-12-30T13:00:00" + " " * 40},
        "not json",
        '["a", "list"]',
        "",
    ],
)
def test_malformed_scan_body_is_400_and_records_nothing(api, body):
    response = api.post(SCAN, body)

    assert response.status_code == 400
    assert "detail" in response.json()
    assert Scan.objects.count() == 0


def test_nonce_of_64_characters_is_accepted(api, edition):
    code = payload(approved(edition))

    assert api.post(SCAN, {"code": code, "nonce": "n" * 64}).status_code == 200
