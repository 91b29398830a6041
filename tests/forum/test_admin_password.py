"""Passwords change on the account's page only: the admin's form sends staff there."""

import pytest

from registration import roles
from registration.services.accounts import totp_ensure
from tests.factories import user_with_roles

pytestmark = pytest.mark.django_db


def test_the_admins_password_form_sends_staff_to_the_accounts_page(client):
    organiser = user_with_roles(roles.ORGANISER, email="btc@example.vn", is_staff=True)
    totp_ensure(user=organiser)
    client.force_login(organiser)

    response = client.get("/admin/password_change/")
    posted = client.post(
        "/admin/password_change/",
        {
            "old_password": "x",
            "new_password1": "Mới-Mật-Khẩu-2026",
            "new_password2": "Mới-Mật-Khẩu-2026",
        },
    )

    assert (response.status_code, response["Location"]) == (302, "/accounts/password/change/")
    assert posted.status_code == 302
    organiser.refresh_from_db()
    assert not organiser.check_password("Mới-Mật-Khẩu-2026")
