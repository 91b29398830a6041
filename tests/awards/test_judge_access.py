"""Judges' pages apply the staff two-factor rule themselves, as organiser pages do: should the
middleware be left out, a judge without an authenticator still reaches nothing."""

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings

from tests.awards.helpers import judge_make

pytestmark = pytest.mark.django_db

TOTP_SETUP = "/accounts/2fa/totp/activate/"


@pytest.fixture
def without_the_middleware(settings):
    settings.MIDDLEWARE = [
        m
        for m in django_settings.MIDDLEWARE
        if m != "registration.middleware.StaffTwoFactorMiddleware"
    ]


def test_a_judge_with_an_authenticator_sees_the_queue(client, setup, without_the_middleware):
    judge = judge_make(setup, "gk@example.vn", name="Nguyễn Văn Một")
    client.force_login(judge.user)

    assert client.get("/awards/judging/").status_code == 200


def test_a_judge_without_an_authenticator_is_sent_to_set_one_up(
    client, setup, without_the_middleware
):
    judge = judge_make(setup, "gk@example.vn", name="Nguyễn Văn Một")
    Authenticator.objects.filter(user=judge.user).delete()
    client.force_login(judge.user)

    for url in ("/awards/judging/", "/awards/judging/1/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, TOTP_SETUP)
