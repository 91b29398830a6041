import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from mail.models import OutgoingEmail
from registration import roles
from registration.models import User
from registration.services.accounts import account_ensure, totp_ensure


def extract_code(body: str) -> str:
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", body, re.M).group(1)


@pytest.mark.django_db
def test_signup_by_email_queues_a_verification_code_and_verifies(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "Nguyen.An@Example.vn",
                "password1": "Hanoi-2025-forum!",
                "password2": "Hanoi-2025-forum!",
            },
        )

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "nguyen.an@example.vn"
    row = OutgoingEmail.objects.get()
    assert row.recipient == "nguyen.an@example.vn"
    assert row.status == OutgoingEmail.Status.SENT
    code = extract_code(mail.outbox[0].body)
    response = client.post(reverse("account_email_verification_sent"), {"code": code})
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified is True


@pytest.mark.django_db
def test_signup_with_existing_email_does_not_create_a_second_account(client):
    account_ensure(email="an@example.vn", password="x-Hanoi-2025")

    client.post(
        reverse("account_signup"),
        {
            "email": "AN@example.vn",
            "password1": "Hanoi-2025-forum!",
            "password2": "Hanoi-2025-forum!",
        },
    )

    assert User.objects.filter(email__iexact="an@example.vn").count() == 1


@pytest.mark.django_db
def test_login_by_emailed_code(client, django_capture_on_commit_callbacks):
    account_ensure(email="an@example.vn", password="x-Hanoi-2025")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": "an@example.vn"})

    assert response.status_code == 302
    code = extract_code(mail.outbox[-1].body)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.get("/").context["user"].email == "an@example.vn"


@pytest.mark.django_db
def test_there_is_no_username_field():
    field_names = {f.name for f in User._meta.get_fields()}

    assert "username" not in field_names
    assert User.USERNAME_FIELD == "email"


@pytest.mark.django_db
def test_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        roles.ORGANISER,
        roles.DOOR_STAFF,
        roles.JUDGE,
        roles.ENTERPRISE,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.ORGANISER, roles.DOOR_STAFF, roles.JUDGE])
def test_staff_without_totp_are_sent_to_set_it_up(client, role):
    user, _ = account_ensure(email="staff@example.vn", password="x-Hanoi-2025", roles=(role,))
    client.force_login(user)

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_staff_with_totp_use_the_site(client):
    user, _ = account_ensure(
        email="staff@example.vn", password="x-Hanoi-2025", roles=(roles.ORGANISER,)
    )
    totp_ensure(user=user)
    client.force_login(user)

    assert client.get("/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", [(), (roles.ENTERPRISE,)])
def test_delegates_and_enterprises_are_not_forced_into_totp(client, role):
    user, _ = account_ensure(email="d@example.vn", password="x-Hanoi-2025", roles=role)
    client.force_login(user)

    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_staff_login_asks_for_the_totp_code(client):
    from registration.services.accounts import totp_current_code

    user, _ = account_ensure(
        email="org@example.vn", password="x-Hanoi-2025", roles=(roles.ORGANISER,), is_staff=True
    )
    secret = totp_ensure(user=user)

    response = client.post(
        reverse("account_login"), {"login": "org@example.vn", "password": "x-Hanoi-2025"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_current_code(secret=secret)})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_admin_shows_registrations_but_never_changes_them(client, edition):
    """Status, seats and badge codes change only through the services (the organiser pages)."""
    from tests.factories import RegistrationFactory, UserFactory

    admin_user = UserFactory(email="quantri@forum.test", is_staff=True, is_superuser=True)
    totp_ensure(user=admin_user)
    client.force_login(admin_user)
    registration = RegistrationFactory(edition=edition)
    change_url = reverse("admin:registration_registration_change", args=[registration.pk])

    listing = client.get(reverse("admin:registration_registration_changelist"))
    page = client.get(change_url)
    posted = client.post(change_url, {"status": "approved", "full_name": "Kẻ Sửa"})

    assert listing.status_code == 200
    assert registration.full_name in listing.content.decode()
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    assert posted.status_code == 403
    registration.refresh_from_db()
    assert (registration.status, registration.full_name) == ("pending", "Nguyễn Văn An")
