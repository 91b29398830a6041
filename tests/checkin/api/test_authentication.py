"""Who may use the API: device tokens, staff sessions with CSRF, and who the scanner is."""

import datetime as dt

import pytest
from django.utils import timezone

from checkin.models import Scan, ScannerDevice
from checkin.services import authentication, devices
from tests.checkin.api.helpers import (
    DELEGATES,
    ME,
    SCAN,
    SEARCH,
    approved,
    csrf_headers,
    payload,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Bearer " + "x" * 500},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Token abc"},
    ],
)
def test_scan_without_a_valid_token_is_401(client, gate, headers):
    response = client.post(
        SCAN, {"code": "MIV1-X", "nonce": "n"}, content_type="application/json", headers=headers
    )

    assert response.status_code == 401
    assert response.json() == {"detail": "Missing, invalid or revoked credentials."}
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert Scan.objects.count() == 0


@pytest.mark.parametrize("path", [ME, DELEGATES, SEARCH + "?q=an"])
def test_reads_without_a_token_are_401(client, path):
    assert client.get(path).status_code == 401


def test_revoked_device_token_is_401(api, client, device_token, edition):
    code = payload(approved(edition))
    assert api.post(SCAN, {"code": code, "nonce": "before"}).status_code == 200
    device = ScannerDevice.objects.get()

    devices.device_revoke(device_id=device.pk)
    response = api.post(SCAN, {"code": code, "nonce": "after"})

    assert response.status_code == 401
    assert Scan.objects.count() == 1


def test_last_seen_is_written_at_most_every_ten_seconds(api, edition, monkeypatch):
    device = ScannerDevice.objects.get()
    device.last_seen_at = None
    device.save()
    api.get(ME)
    seen = ScannerDevice.objects.get().last_seen_at
    assert seen is not None

    api.get(ME)
    assert ScannerDevice.objects.get().last_seen_at == seen

    later = timezone.now() + dt.timedelta(seconds=11)
    monkeypatch.setattr(authentication.timezone, "now", lambda: later)
    api.get(ME)
    assert ScannerDevice.objects.get().last_seen_at == later


def test_staff_session_scans_at_the_chosen_gate_with_csrf(csrf_client, door_staff, gate, edition):
    code = payload(approved(edition))

    response = csrf_client.post(
        SCAN,
        {"code": code, "nonce": "n", "gate": "a"},
        content_type="application/json",
        headers=csrf_headers(csrf_client),
    )

    assert response.status_code == 200
    assert response.json()["first_checkin"]["gate"] == "Cổng A"
    scan = Scan.objects.get()
    assert (scan.source_key, scan.staff, scan.device) == (f"u{door_staff.pk}", door_staff, None)


def test_staff_session_gate_in_query_string(csrf_client, door_staff, gate, edition):
    code = payload(approved(edition))

    response = csrf_client.post(
        SCAN + "?gate=a",
        {"code": code, "nonce": "n"},
        content_type="application/json",
        headers=csrf_headers(csrf_client),
    )

    assert response.json()["first_checkin"]["gate"] == "Cổng A"


def test_staff_session_post_without_csrf_is_403(csrf_client, door_staff, gate, edition):
    code = payload(approved(edition))

    response = csrf_client.post(SCAN, {"code": code, "nonce": "n"}, content_type="application/json")

    assert response.status_code == 403
    assert Scan.objects.count() == 0


def test_staff_session_unknown_gate_is_400(csrf_client, door_staff, gate):
    response = csrf_client.post(
        SCAN,
        {"code": "x", "nonce": "n", "gate": "nowhere"},
        content_type="application/json",
        headers=csrf_headers(csrf_client),
    )

    assert response.status_code == 400


def test_session_of_a_delegate_is_401(client, edition):
    client.force_login(UserFactory(email="delegate@example.vn"))

    assert client.get(ME).status_code == 401


def test_me_for_staff(client, door_staff, edition):
    body = client.get(ME).json()

    assert body["device"] is None
    assert body["staff"] == {"email": "cong@example.vn"}
    assert body["edition"]["name"] == edition.name
    assert dt.datetime.fromisoformat(body["edition"]["starts_at"]) == edition.starts_at


def test_me_for_device(api, edition):
    body = api.get(ME).json()
    device = ScannerDevice.objects.get()

    assert body["device"] == {
        "id": device.pk,
        "name": "Máy 1",
        "language": "vi",
        "gate": {"code": "a", "name": "Cổng A"},
    }
    assert body["staff"] is None
    assert body["edition"] == {"name": edition.name, "starts_at": "2025-12-30T13:30:00+07:00"}
    server_time = dt.datetime.fromisoformat(body["server_time"])
    assert abs(server_time - timezone.now()) < dt.timedelta(seconds=30)
