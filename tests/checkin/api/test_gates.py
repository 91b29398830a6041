"""The gates door staff choose from: GET /api/v1/checkin/gates."""

import pytest

from checkin.services import devices
from tests.checkin.api.helpers import (
    GATES,
)

pytestmark = pytest.mark.django_db


def test_gates_lists_the_open_gates_of_the_edition_for_staff(
    client, door_staff, gate, edition, past_edition
):
    devices.gate_create(edition=edition, code="vip", name="Cổng VIP", kind="vip")
    devices.gate_create(edition=edition, code="b", name="Cổng B")
    closed = devices.gate_create(edition=edition, code="c", name="Cổng C")
    closed.is_active = False
    closed.save()
    devices.gate_create(edition=past_edition, code="z", name="Cũ")

    response = client.get(GATES)

    assert response.status_code == 200
    assert response.json() == [
        {"code": "a", "name": "Cổng A", "kind": "entrance"},
        {"code": "b", "name": "Cổng B", "kind": "entrance"},
        {"code": "vip", "name": "Cổng VIP", "kind": "vip"},
    ]


def test_gates_for_a_device_are_those_of_its_edition(api, gate):
    assert api.get(GATES).json() == [{"code": "a", "name": "Cổng A", "kind": "entrance"}]


def test_gates_without_credentials_is_401(client, gate):
    assert client.get(GATES).status_code == 401
