"""Pairing a phone: POST /api/v1/devices/pair."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from checkin.models import ScannerDevice
from checkin.services import devices
from tests.checkin.api.helpers import (
    ME,
    PAIR,
)

pytestmark = pytest.mark.django_db


def test_pairing_gives_a_token_that_works_once(client, gate):
    device, code = devices.device_create(gate=gate, name="Máy mới")

    response = client.post(
        PAIR, {"pairing_code": code, "name": "iPhone cổng A"}, content_type="application/json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["device"] == {
        "id": device.pk,
        "name": "iPhone cổng A",
        "language": "vi",
        "gate": {"code": "a", "name": "Cổng A"},
    }
    me = client.get(ME, headers={"Authorization": f"Bearer {body['token']}"})
    assert me.json()["device"]["id"] == device.pk
    device.refresh_from_db()
    assert device.token_hash == hashlib.sha256(body["token"].encode()).hexdigest()
    assert (device.pairing_code_hash, device.pairing_expires_at) == (None, None)
    again = client.post(PAIR, {"pairing_code": code}, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["code"] == "pairing_invalid"


def test_pairing_code_is_forgiving_about_case_and_dashes(client, gate):
    _device, code = devices.device_create(gate=gate, name="Máy")

    typed = f" {code[:4].lower()}-{code[4:].lower()} "
    response = client.post(PAIR, {"pairing_code": typed}, content_type="application/json")

    assert response.status_code == 200


def test_expired_pairing_code_is_refused(client, gate):
    device, code = devices.device_create(gate=gate, name="Máy")
    ScannerDevice.objects.filter(pk=device.pk).update(
        pairing_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    response = client.post(PAIR, {"pairing_code": code}, content_type="application/json")

    assert response.status_code == 400
    assert ScannerDevice.objects.get().token_hash is None


@pytest.mark.parametrize("code", ["", "ABCD", "ABCDEFGH", "ABCD-EFGH-IJ", "!!!!!!!!"])
def test_wrong_pairing_code_is_400(client, gate, code):
    devices.device_create(gate=gate, name="Máy")

    response = client.post(PAIR, {"pairing_code": code}, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"]


def test_pairing_a_revoked_device_is_refused(client, gate):
    device, code = devices.device_create(gate=gate, name="Máy")
    devices.device_revoke(device_id=device.pk)

    assert (
        client.post(PAIR, {"pairing_code": code}, content_type="application/json").status_code
        == 400
    )


def test_pairing_is_rate_limited_per_address(client, gate):
    _device, code = devices.device_create(gate=gate, name="Máy")
    for _attempt in range(10):
        client.post(PAIR, {"pairing_code": "ZZZZZZZZ"}, content_type="application/json")

    blocked = client.post(PAIR, {"pairing_code": code}, content_type="application/json")
    elsewhere = client.post(
        PAIR, {"pairing_code": code}, content_type="application/json", REMOTE_ADDR="10.0.0.9"
    )

    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "60"
    assert elsewhere.status_code == 200


def test_pairing_without_a_client_address_is_counted_not_refused(client, gate):
    """A request whose address cannot be told (allauth refuses to guess) was answered with the
    site's HTML error page; such requests now share one count of the limit."""
    _device, code = devices.device_create(gate=gate, name="Máy")
    for _attempt in range(9):
        client.post(
            PAIR, {"pairing_code": "ZZZZZZZZ"}, content_type="application/json", REMOTE_ADDR=""
        )

    paired = client.post(
        PAIR, {"pairing_code": code}, content_type="application/json", REMOTE_ADDR=""
    )
    blocked = client.post(
        PAIR, {"pairing_code": code}, content_type="application/json", REMOTE_ADDR=""
    )

    assert paired.status_code == 200
    assert paired.json()["token"]
    assert blocked.status_code == 429
    assert blocked["Content-Type"].startswith("application/json")


def test_pairing_body_must_be_well_formed(client, gate):
    response = client.post(PAIR, {"pairing_code": 12345678}, content_type="application/json")

    assert response.status_code == 400
