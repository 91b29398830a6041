"""What every response tells the browser: the features it may use, what it may keep; and the
icon it asks for."""

import io

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from registration.services.accounts import totp_ensure
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


def policy(response) -> dict[str, str]:
    return dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))


@pytest.fixture
def delegate_client(client, edition):
    user = UserFactory(email="dai.bieu@example.vn")
    RegistrationFactory(edition=edition, user=user, email=user.email)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name", ["registration:status", "registration:my_data", "registration:my_data_download"]
)
def test_personal_pages_are_never_stored(delegate_client, name):
    response = delegate_client.get(reverse(name))

    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_every_page_for_a_signed_in_person_is_never_stored(delegate_client):
    # The header of every page shows the account's email.
    response = delegate_client.get("/")

    assert response["Cache-Control"] == NO_STORE


def test_api_answers_to_a_scanner_token_are_never_stored(client, gate):
    from checkin.services import devices

    _device, token = devices.device_create_paired(gate=gate, name="Máy 1")

    response = client.get("/api/v1/checkin/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_public_pages_for_visitors_keep_their_caching(client, edition):
    response = client.get("/")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/", "/en/", "/healthz", "/api/v1/openapi.json", "/nowhere/"])
def test_every_response_forbids_camera_microphone_and_location(client, edition, path):
    features = policy(client.get(path))

    assert features["camera"] == features["microphone"] == features["geolocation"] == "()"
    assert features["payment"] == features["usb"] == "()"


def test_static_files_carry_the_policy_too(client):
    response = client.get("/favicon.ico")

    assert policy(response)["camera"] == "()"


def test_only_the_scanner_may_use_the_camera(client, edition):
    from registration import roles
    from tests.factories import user_with_roles

    staff = user_with_roles(roles.DOOR_STAFF, email="cong@example.vn")
    totp_ensure(user=staff)
    client.force_login(staff)

    scanner = policy(client.get("/scanner/"))
    dashboard = policy(client.get("/organiser/live/"))

    assert scanner["camera"] == "(self)"
    assert scanner["microphone"] == "()"
    assert dashboard["camera"] == "()"


def test_favicon_is_served_at_the_root(client):
    from PIL import Image

    response = client.get("/favicon.ico")
    body = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    with Image.open(io.BytesIO(body)) as icon:
        assert icon.format == "ICO"
        assert (32, 32) in icon.info["sizes"]


def test_pages_link_their_icon(client, edition):
    page = client.get("/").content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("favicon.svg") is not None
