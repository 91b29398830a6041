import pytest

from registration import roles
from registration.services.accounts import totp_ensure
from tests.factories import user_with_roles


@pytest.fixture
def organiser(db):
    user = user_with_roles(roles.ORGANISER, email="btc@forum.test", is_staff=True)
    totp_ensure(user=user)
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client
