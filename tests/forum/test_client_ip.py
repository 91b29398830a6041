"""The client's address behind reverse proxies: one setting, read everywhere."""

import pytest
from django.test import RequestFactory

from forum.client_ip import client_ip

pytestmark = pytest.mark.django_db

CLIENT = "203.0.113.9"
PROXY = "10.0.0.2"
FORGED = "198.51.100.66"


def request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR=PROXY, **meta)


def proxies(settings, count: int) -> None:
    settings.TRUSTED_PROXY_COUNT = count
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    settings.NINJA_NUM_PROXIES = count


def test_without_proxies_the_connection_counts_and_a_forwarded_header_is_ignored(settings):
    proxies(settings, 0)

    assert client_ip(request(HTTP_X_FORWARDED_FOR=FORGED)) == PROXY


def test_behind_one_proxy_the_address_it_appended_counts_not_a_forged_one(settings):
    proxies(settings, 1)

    assert client_ip(request(HTTP_X_FORWARDED_FOR=CLIENT)) == CLIENT
    assert client_ip(request(HTTP_X_FORWARDED_FOR=f"{FORGED}, {CLIENT}")) == CLIENT


def test_behind_two_proxies_the_first_proxys_entry_counts(settings):
    proxies(settings, 2)

    assert client_ip(request(HTTP_X_FORWARDED_FOR=f"{FORGED}, {CLIENT}, 10.0.0.3")) == CLIENT


def test_a_request_that_skipped_the_proxies_gets_its_own_address(settings):
    proxies(settings, 2)

    assert client_ip(request(HTTP_X_FORWARDED_FOR=CLIENT)) == PROXY
    assert client_ip(request()) == PROXY


def test_a_request_with_no_address_has_none(settings):
    proxies(settings, 0)

    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="")) is None


def test_consent_records_the_client_behind_the_proxy(client, settings, edition):
    from registration.models import ConsentRecord
    from tests.factories import UserFactory
    from tests.registration.delegate_helpers import form_data

    proxies(settings, 1)
    client.force_login(UserFactory())

    response = client.post(
        "/register/", form_data(), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{FORGED}, {CLIENT}"
    )

    assert response.status_code == 302
    assert set(ConsentRecord.objects.values_list("ip_address", flat=True)) == {CLIENT}


def test_device_pairing_is_limited_per_client_behind_the_proxy(client, settings):
    proxies(settings, 1)

    def pair(address: str):
        return client.post(
            "/api/v1/devices/pair",
            {"pairing_code": "AAAA-AAAA"},
            content_type="application/json",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=address,
        )

    first = [pair(CLIENT).status_code for _ in range(11)]
    other = pair("203.0.113.10").status_code

    assert first == [400] * 10 + [429]
    assert other == 400  # another person at the venue, same proxy: not throttled
