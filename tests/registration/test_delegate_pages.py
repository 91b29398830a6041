"""Every page of the delegate's own: behind the login, and no inline styles or scripts (CSP)."""

import pytest

from registration.models import Registration
from tests.registration.delegate_helpers import (
    CANCEL,
    DELETE,
    DOWNLOAD,
    EDIT,
    MY_DATA,
    REGISTER,
    STATUS,
    register,
)

Status = Registration.Status


@pytest.mark.parametrize("url", [STATUS, EDIT, CANCEL, MY_DATA, DOWNLOAD, DELETE])
def test_every_delegate_page_requires_login(client, two_seat_edition, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- Content-Security-Policy friendliness --------------------------------------------------------


@pytest.mark.parametrize("url", [REGISTER, STATUS, EDIT, CANCEL, MY_DATA, DELETE, "/"])
def test_delegate_pages_have_no_inline_styles_or_scripts(logged_in, two_seat_edition, url):
    if url != REGISTER:
        register(logged_in)

    html = logged_in.get(url).content.decode()

    assert " style=" not in html
    assert "<style" not in html
    for tag in html.split("<script")[1:]:
        assert " src=" in tag.split(">")[0]
