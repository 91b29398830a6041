"""Uploading scans made offline: POST /api/v1/checkin/batch."""

import datetime as dt

import pytest
from django.utils import timezone

from checkin.models import Scan
from checkin.services import devices
from registration.services import registrations
from tests.checkin.api.helpers import (
    BATCH,
    SCAN,
    approved,
    csrf_headers,
    payload,
)

pytestmark = pytest.mark.django_db


def test_batch_mixed_items_each_get_an_answer(api, edition):
    one = approved(edition, "Một Văn Một")
    two = approved(edition, "Hai Thị Hai")
    at = "2025-12-30T13:10:00+07:00"

    response = api.post(
        BATCH,
        {
            "scans": [
                {"code": payload(one), "nonce": "b1", "scanned_at": at},
                {"code": "nonsense", "nonce": "b2", "scanned_at": at},
                {"nonce": "b3"},
                "not an object",
                {"code": payload(two), "nonce": "x" * 65},
                {"code": payload(two), "nonce": "b6", "scanned_at": "tomorrow-ish"},
                {"code": payload(two), "nonce": "b7"},
            ]
        },
    )

    assert response.status_code == 200
    results = response.json()["results"]
    # A malformed item's nonce is echoed when it is a string, so the phone can match it.
    assert [r.get("nonce") for r in results] == ["b1", "b2", "b3", None, "x" * 65, "b6", "b7"]
    assert [r.get("result") for r in results] == ["ok", "invalid", None, None, None, None, "ok"]
    assert set(results[0]) == {
        "nonce",
        "result",
        "message",
        "delegate",
        "first_checkin",
        "replaced",
    }
    for bad in results[2:6]:
        assert set(bad) == {"nonce", "error", "code"}
        assert bad["error"]
        assert bad["code"] == "malformed"
    assert "code" in results[2]["error"]
    assert Scan.objects.count() == 3
    assert set(Scan.objects.values_list("offline", flat=True)) == {True}
    recorded = Scan.objects.get(nonce="b1").scanned_at
    assert recorded == dt.datetime(2025, 12, 30, 6, 10, tzinfo=dt.UTC)


def test_batch_earliest_scan_is_the_first_entry(api, edition):
    delegate = approved(edition)
    code = payload(delegate)
    online = api.post(SCAN, {"code": code, "nonce": "online", "scanned_at": "2025-12-30T13:30:00"})
    assert online.json()["result"] == "ok"

    results = api.post(
        BATCH,
        {
            "scans": [
                {"code": code, "nonce": "late", "scanned_at": "2025-12-30T13:20:00+07:00"},
                {"code": code, "nonce": "early", "scanned_at": "2025-12-30T13:05:00+07:00"},
            ]
        },
    ).json()["results"]

    assert [r["result"] for r in results] == ["already_checked_in", "ok"]
    first = Scan.objects.get(registration=delegate, is_first_entry=True)
    assert first.nonce == "early"
    assert results[0]["first_checkin"]["at"] == "2025-12-30T13:05:00+07:00"


def test_online_scan_with_an_earlier_clock_does_not_take_over_the_first_entry(api, edition):
    code = payload(approved(edition))
    first = api.post(SCAN, {"code": code, "nonce": "gate-a"}).json()
    earlier = (timezone.now() - dt.timedelta(minutes=10)).isoformat()

    second = api.post(SCAN, {"code": code, "nonce": "gate-b", "scanned_at": earlier}).json()

    assert second["result"] == "already_checked_in"
    assert second["first_checkin"] == first["first_checkin"]
    assert Scan.objects.get(is_first_entry=True).nonce == "gate-a"


def test_batch_retry_is_idempotent(api, edition):
    code = payload(approved(edition))
    batch = {"scans": [{"code": code, "nonce": "r1", "scanned_at": "2025-12-30T13:00:00+07:00"}]}

    first = api.post(BATCH, batch).json()
    again = api.post(BATCH, batch).json()

    assert first == again
    assert Scan.objects.count() == 1


def test_batch_checks_in_a_delegate_found_by_name_offline(api, edition, gate, past_edition):
    found = approved(edition, "Đặng Thị Ánh")
    cancelled = approved(edition, "Lê Văn Hủy")
    registrations.registration_cancel(registration_id=cancelled.pk)
    other_edition = approved(past_edition)
    at = "2025-12-30T13:10:00+07:00"
    items = [
        {"registration_id": found.pk, "nonce": "n1", "scanned_at": at},
        {"registration_id": found.pk, "nonce": "n2", "scanned_at": "2025-12-30T13:12:00+07:00"},
        {"registration_id": cancelled.pk, "nonce": "n3", "scanned_at": at},
        {"registration_id": other_edition.pk, "nonce": "n4"},
        {"registration_id": 999999, "nonce": "n5"},
        {"registration_id": str(found.pk), "nonce": "n6"},
        {"registration_id": found.pk, "nonce": "n7", "scanned_at": "not a time"},
    ]

    results = api.post(BATCH, {"scans": items}).json()["results"]
    again = api.post(BATCH, {"scans": items[:3]}).json()["results"]

    assert [r["nonce"] for r in results] == ["n1", "n2", "n3", "n4", "n5", "n6", "n7"]
    assert [r.get("result") for r in results] == [
        "ok",
        "already_checked_in",
        "cancelled",
        None,
        None,
        None,
        None,
    ]
    assert results[0]["delegate"]["name"] == "Đặng Thị Ánh"
    assert results[1]["first_checkin"]["at"] == at
    assert [r.get("code") for r in results[3:]] == [
        "unknown_registration",
        "unknown_registration",
        "malformed",
        "malformed",
    ]
    assert results[3]["error"] == results[4]["error"] == "Unknown registration."
    assert results[3]["message"].startswith("Máy chủ không còn đại biểu này")
    assert "registration_id" in results[5]["error"]
    assert "scanned_at" in results[6]["error"]
    first = Scan.objects.get(registration=found, is_first_entry=True)
    assert (first.nonce, first.offline, first.gate) == ("n1", True, gate)
    assert first.raw_code == payload(found)
    # The unknown delegates are refused and kept, for the organisers to see; never linked to
    # another edition's registration.
    unknown = Scan.objects.filter(result="unknown_registration").order_by("nonce")
    assert [(s.nonce, s.registration_id, s.gate) for s in unknown] == [
        ("n4", None, gate),
        ("n5", None, gate),
    ]
    # A retried upload answers the same and records nothing new.
    assert again == results[:3]
    assert api.post(BATCH, {"scans": items[3:5]}).json()["results"] == results[3:5]
    assert Scan.objects.count() == 5


def test_batch_over_500_items_is_400(api):
    scans = [{"code": "x", "nonce": str(n)} for n in range(501)]

    response = api.post(BATCH, {"scans": scans})

    assert response.status_code == 400
    assert Scan.objects.count() == 0


@pytest.mark.parametrize("body", [{}, {"scans": "x"}, {"scans": {"code": "x"}}, "[]"])
def test_batch_body_must_hold_a_list(api, body):
    assert api.post(BATCH, body).status_code == 400


def test_staff_session_batch_is_recorded_at_the_chosen_gate(csrf_client, door_staff, gate, edition):
    gate_b = devices.gate_create(edition=edition, code="b", name="Cổng B")
    code = payload(approved(edition))

    response = csrf_client.post(
        BATCH,
        {"gate": "b", "scans": [{"code": code, "nonce": "n1"}]},
        content_type="application/json",
        headers=csrf_headers(csrf_client),
    )

    assert response.status_code == 200
    assert response.json()["results"][0]["result"] == "ok"
    scan = Scan.objects.get()
    assert (scan.gate, scan.staff, scan.offline) == (gate_b, door_staff, True)
