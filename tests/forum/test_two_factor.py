"""Two-factor on every door: pages, the admin and the API follow one rule
(registration.selectors.accounts.user_lacks_second_factor)."""

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.urls import reverse

from registration import roles
from registration.services.accounts import totp_ensure
from tests.factories import user_with_roles

pytestmark = pytest.mark.django_db

MESSAGE = "Tài khoản cán bộ phải bật xác thực hai lớp (TOTP) trước khi tiếp tục."
TOTP_SETUP = "/accounts/2fa/totp/activate/"


@pytest.fixture
def door_staff_without_totp(client, edition, gate):
    user = user_with_roles(roles.DOOR_STAFF, email="cong@example.vn")
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/checkin/me",
        "/api/v1/checkin/gates",
        "/api/v1/checkin/delegates?limit=2000",
        "/api/v1/checkin/search?q=0912345678",
    ],
)
def test_api_refuses_a_staff_session_without_second_factor(client, door_staff_without_totp, path):
    response = client.get(path)

    assert response.status_code == 403
    assert response.json() == {"detail": MESSAGE}


def test_api_refuses_a_scan_from_a_staff_session_without_second_factor(
    client, door_staff_without_totp
):
    from checkin.models import Scan

    response = client.post(
        "/api/v1/checkin/scan?gate=a",
        {"code": "MIV1.x", "nonce": "n-1"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Scan.objects.count() == 0


def test_api_answers_the_same_staff_once_the_second_factor_is_set_up(
    client, door_staff_without_totp
):
    totp_ensure(user=door_staff_without_totp)

    response = client.get("/api/v1/checkin/me")

    assert response.status_code == 200
    assert response.json()["staff"] == {"email": "cong@example.vn"}


@pytest.mark.urls("tests.forum.two_factor_urls")
@pytest.mark.parametrize(
    "path", ["/organiser/delegates/bulk/accounts/continue/", "/admin/mfa/authenticator/"]
)
def test_a_path_that_only_looks_like_an_account_page_is_not_exempt(client, path):
    client.force_login(user_with_roles(roles.ORGANISER, email="btc@example.vn", is_staff=True))

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP


@pytest.mark.urls("tests.forum.two_factor_urls")
def test_the_same_path_runs_for_staff_with_second_factor(client):
    user = user_with_roles(roles.ORGANISER, email="btc@example.vn", is_staff=True)
    totp_ensure(user=user)
    client.force_login(user)

    response = client.get("/organiser/delegates/bulk/accounts/continue/")

    assert response.content == b"the view ran"


@pytest.mark.parametrize("path", ["/accounts/email/", "/en/accounts/email/", "/healthz"])
def test_account_pages_stay_open_to_staff_without_second_factor(client, path):
    client.force_login(user_with_roles(roles.ORGANISER, email="btc@example.vn", is_staff=True))

    assert client.get(path).status_code == 200


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_setting_the_second_factor_up_stays_open(client, prefix):
    client.force_login(user_with_roles(roles.ORGANISER, email="btc@example.vn", is_staff=True))

    response = client.get(f"{prefix}{TOTP_SETUP}")
    # allauth first asks for the password again, on another account page.
    again = client.get(response["Location"])

    assert response.status_code == 302
    assert response["Location"].startswith(f"{prefix}/accounts/reauthenticate/")
    assert again.status_code == 200


def test_logging_out_stays_open(client):
    client.force_login(user_with_roles(roles.JUDGE, email="gk@example.vn"))

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] != TOTP_SETUP


def test_organiser_pages_apply_the_rule_without_the_middleware(client, settings, edition):
    settings.MIDDLEWARE = [
        m
        for m in django_settings.MIDDLEWARE
        if m != "registration.middleware.StaffTwoFactorMiddleware"
    ]
    client.force_login(user_with_roles(roles.ORGANISER, email="btc@example.vn", is_staff=True))

    response = client.get(reverse("registration:delegate_list"))

    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP


def test_an_authenticator_removed_during_the_session_closes_the_doors(client, edition):
    user = user_with_roles(roles.ORGANISER, email="btc@example.vn", is_staff=True)
    totp_ensure(user=user)
    client.force_login(user)
    assert client.get(reverse("registration:delegate_list")).status_code == 200

    Authenticator.objects.filter(user=user).delete()

    response = client.get(reverse("registration:delegate_list"))
    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP
