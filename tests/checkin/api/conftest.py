import json

import pytest
from django.contrib.auth.models import Group

from checkin.selectors import offline_list
from checkin.services import devices
from registration import roles
from registration.services.accounts import totp_ensure
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _no_settle(monkeypatch):
    # Rows are normally withheld for a moment from the delegate list (see offline_list.py); these
    # tests change data and read it back at once. A test of the list checks the withholding itself.
    monkeypatch.setattr(offline_list, "SETTLE_SECONDS", 0)


@pytest.fixture
def device_token(gate):
    _device, token = devices.device_create_paired(gate=gate, name="Máy 1")
    return token


@pytest.fixture
def api(client, device_token):
    """A client that sends the device's bearer token."""

    class Api:
        def get(self, path, **params):
            return client.get(path, params, headers={"Authorization": f"Bearer {device_token}"})

        def post(self, path, body, token=device_token):
            return client.post(
                path,
                body if isinstance(body, str) else json.dumps(body),
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )

    return Api()


@pytest.fixture
def door_staff(client, edition):
    user = UserFactory(email="cong@example.vn")
    user.groups.add(Group.objects.get_or_create(name=roles.DOOR_STAFF)[0])
    totp_ensure(user=user)  # staff accounts use the API with their second factor set up
    client.force_login(user)
    return user


@pytest.fixture
def csrf_client(client):
    client.handler.enforce_csrf_checks = True
    return client
