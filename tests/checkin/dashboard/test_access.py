"""Who may open the day's pages: organisers only, and a poll after the session expired."""

import pytest

from registration import roles
from registration.models import AuditLog
from registration.services.accounts import totp_ensure
from tests.checkin.dashboard.helpers import (
    CSV_URL,
    HELPDESK,
    LIVE,
    XLSX_URL,
    delegate,
)
from tests.factories import user_with_roles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [LIVE, CSV_URL, XLSX_URL, HELPDESK])
def test_pages_send_anonymous_visitors_to_login(client, edition, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("role", [roles.DOOR_STAFF, roles.JUDGE, None])
@pytest.mark.parametrize("url", [LIVE, CSV_URL, XLSX_URL, HELPDESK])
def test_pages_are_forbidden_to_everyone_but_organisers(client, edition, role, url):
    user = user_with_roles(role) if role else user_with_roles()
    if role:
        totp_ensure(user=user)
    client.force_login(user)

    assert client.get(url).status_code == 403


def test_reprint_is_forbidden_to_door_staff(client, edition):
    approved = delegate(edition, "Nguyễn Văn An")
    user = user_with_roles(roles.DOOR_STAFF)
    totp_ensure(user=user)
    client.force_login(user)

    response = client.post(f"{HELPDESK}{approved.pk}/badge.pdf")

    assert response.status_code == 403
    assert not AuditLog.objects.filter(action="badge_reprinted").exists()


def test_poll_after_session_expiry_reloads_the_page_to_login(client, edition):
    response = client.get(
        LIVE, headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/organiser/live/"}
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/organiser/live/"
    assert response.content == b""


def test_superuser_sees_the_dashboard(client, edition):
    admin = user_with_roles(email="admin@forum.test", is_staff=True, is_superuser=True)
    totp_ensure(user=admin)
    client.force_login(admin)

    assert client.get(LIVE).status_code == 200
