"""Uploaded scans the server refuses (a time outside the edition's window), and the first entry
moving to an earlier scan (the one it replaces is a re-entry): POST /api/v1/checkin/batch."""

import datetime as dt

import pytest
from django.utils import timezone

from checkin.models import Scan
from checkin.services import devices
from tests.checkin.api.helpers import BATCH, SCAN, approved, payload

pytestmark = pytest.mark.django_db

OPENS = "2025-12-30T01:30:00+07:00"  # 12 hours before the edition's start, 13:30 in Hà Nội


def _upload(api, *items, token=None):
    body = {"scans": list(items)}
    response = api.post(BATCH, body) if token is None else api.post(BATCH, body, token=token)
    assert response.status_code == 200
    return response.json()["results"]


@pytest.mark.parametrize(
    ("claimed", "code"),
    [
        ("2025-12-30T01:29:59+07:00", "scanned_too_early"),
        ("2025-12-29T08:00:00+07:00", "scanned_too_early"),
        ("0001-01-01T00:00:00+14:00", "scanned_too_early"),
        ("0001-01-01T00:00:00", "scanned_too_early"),
        ("9999-12-31T23:59:59-14:00", "scanned_in_future"),
        ("9999-12-31T23:59:59", "scanned_in_future"),
    ],
)
def test_times_outside_the_window_are_refused_recorded_and_kept_off_the_first_entry(
    api, edition, gate, claimed, code
):
    delegate = approved(edition)
    badge = payload(delegate)

    [refused, valid] = _upload(
        api,
        {"code": badge, "nonce": "wrong-clock", "scanned_at": claimed},
        {"code": badge, "nonce": "right-clock", "scanned_at": "2025-12-30T13:10:00+07:00"},
    )

    assert refused == {
        "nonce": "wrong-clock",
        "error": refused["error"],
        "code": code,
        "message": refused["message"],
    }
    assert "scanned_at" in refused["error"]
    assert "đồng hồ của máy quét" in refused["message"]
    assert valid["result"] == "ok"
    stored = Scan.objects.get(nonce="wrong-clock")
    assert (stored.result, stored.is_first_entry, stored.registration, stored.gate) == (
        code,
        False,
        delegate,
        gate,
    )
    sent = dt.datetime.fromisoformat(claimed)
    venue_time = timezone.make_aware(sent) if timezone.is_naive(sent) else sent
    assert stored.device_time == venue_time.isoformat()
    assert stored.received_at - stored.scanned_at < dt.timedelta(seconds=1)
    assert Scan.objects.get(is_first_entry=True).nonce == "right-clock"
    # The same upload again answers the same and records nothing new.
    assert _upload(api, {"code": badge, "nonce": "wrong-clock", "scanned_at": claimed}) == [refused]
    assert Scan.objects.count() == 2


def test_window_edges_are_check_in_opening_and_five_minutes_ahead(api, edition):
    badge = payload(approved(edition))
    ahead = timezone.now() + dt.timedelta(minutes=4)
    too_far = timezone.now() + dt.timedelta(minutes=6)

    results = _upload(
        api,
        {"code": badge, "nonce": "opening", "scanned_at": OPENS},
        {"code": badge, "nonce": "ahead", "scanned_at": ahead.isoformat()},
        {"code": badge, "nonce": "too-far", "scanned_at": too_far.isoformat()},
    )

    assert [r.get("result") or r["code"] for r in results] == [
        "ok",
        "already_checked_in",
        "scanned_in_future",
    ]


def test_an_opening_set_on_the_edition_moves_the_windows_start(api, edition):
    """Badges picked up the afternoon before: the organisers open check-in then."""
    edition.checkin_opens_at = dt.datetime.fromisoformat("2025-12-29T14:00:00+07:00")
    edition.save(update_fields=["checkin_opens_at"])
    badge = payload(approved(edition))

    results = _upload(
        api,
        {"code": badge, "nonce": "before", "scanned_at": "2025-12-29T13:59:59+07:00"},
        {"code": badge, "nonce": "pick-up", "scanned_at": "2025-12-29T15:00:00+07:00"},
    )

    assert [r.get("result") or r["code"] for r in results] == ["scanned_too_early", "ok"]


def test_a_refused_scan_sent_again_with_the_corrected_time_is_taken(api, edition):
    """The phone keeps a refused scan for its staff; sent again under a new nonce with its time
    corrected, it counts. The refusal stays recorded."""
    badge = payload(approved(edition))
    ahead = timezone.now() + dt.timedelta(hours=48)

    [refused] = _upload(api, {"code": badge, "nonce": "n-1", "scanned_at": ahead.isoformat()})
    corrected = (ahead - dt.timedelta(hours=48)).isoformat()
    [taken] = _upload(api, {"code": badge, "nonce": "n-2", "scanned_at": corrected})

    assert (refused["code"], taken["result"]) == ("scanned_in_future", "ok")
    assert list(Scan.objects.order_by("pk").values_list("result", "is_first_entry")) == [
        ("scanned_in_future", False),
        ("ok", True),
    ]


def test_a_delegate_checked_in_by_name_with_a_wrong_clock_is_refused(api, edition):
    found = approved(edition, "Đặng Thị Ánh")

    [refused] = _upload(
        api, {"registration_id": found.pk, "nonce": "m1", "scanned_at": "2020-01-01T09:00:00"}
    )

    assert refused["code"] == "scanned_too_early"
    assert Scan.objects.get().registration == found


def test_two_phones_offline_one_first_entry_and_a_flagged_re_entry(api, edition, gate):
    """Phones A and B, offline at two gates: B scans badge Y, A scans it 12 s later. A uploads
    first (its scan is the first entry, for now), then B: B's earlier scan takes the first
    entry, A's becomes a re-entry, B's answer names the entry it replaced, and A's phone, asking
    again, is told its scan is a re-entry."""
    gate_b = devices.gate_create(edition=edition, code="b", name="Cổng B")
    _device_b, token_b = devices.device_create_paired(gate=gate_b, name="Máy B")
    badge = payload(approved(edition))
    at_b = timezone.now() - dt.timedelta(minutes=5)
    at_a = at_b + dt.timedelta(seconds=12)
    item_a = {"code": badge, "nonce": "a-1", "scanned_at": at_a.isoformat()}

    [first_a] = _upload(api, item_a)
    [answer_b] = _upload(
        api, {"code": badge, "nonce": "b-1", "scanned_at": at_b.isoformat()}, token=token_b
    )
    [again_a] = _upload(api, item_a)

    assert first_a["result"] == "ok"
    assert answer_b["result"] == "ok"
    assert answer_b["replaced"] == {
        "at": timezone.localtime(at_a).isoformat(),
        "gate": "Cổng A",
    }
    assert answer_b["first_checkin"]["gate"] == "Cổng B"
    assert again_a["result"] == "already_checked_in"
    assert again_a["first_checkin"] == answer_b["first_checkin"]
    assert first_a.get("replaced") is None
    scans = {s.nonce: s for s in Scan.objects.all()}
    assert (scans["b-1"].result, scans["b-1"].is_first_entry) == ("ok", True)
    assert (scans["a-1"].result, scans["a-1"].is_first_entry) == ("already_checked_in", False)
    assert scans["a-1"].superseded_at is not None
    assert scans["b-1"].superseded_at is None


def test_an_online_first_entry_taken_over_by_an_earlier_upload_is_a_re_entry(api, edition):
    badge = payload(approved(edition))
    online = api.post(SCAN, {"code": badge, "nonce": "online"}).json()
    earlier = (timezone.now() - dt.timedelta(minutes=3)).isoformat()

    [upload] = _upload(api, {"code": badge, "nonce": "offline", "scanned_at": earlier})

    assert online["result"] == upload["result"] == "ok"
    assert upload["replaced"] == online["first_checkin"]
    replaced = Scan.objects.get(nonce="online")
    assert (replaced.result, replaced.is_first_entry) == ("already_checked_in", False)


def test_an_upload_later_than_the_first_entry_replaces_nothing(api, edition):
    badge = payload(approved(edition))
    api.post(SCAN, {"code": badge, "nonce": "online"})
    later = timezone.now().isoformat()

    [upload] = _upload(api, {"code": badge, "nonce": "offline", "scanned_at": later})

    assert (upload["result"], upload["replaced"]) == ("already_checked_in", None)
    assert not Scan.objects.filter(superseded_at__isnull=False).exists()


@pytest.mark.parametrize("debug", [True, False])
def test_an_oversized_body_is_a_json_400_whatever_debug_says(api, settings, debug):
    settings.DEBUG = debug
    body = '{"scans": [' + ",".join(['{"code": "' + "x" * 1000 + '", "nonce": "n"}'] * 11_000)

    response = api.post(BATCH, body + "]}")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Request body too large.", "code": "too_large"}
    assert Scan.objects.count() == 0
