import pytest

from registration import roles
from registration.services import devices
from registration.services.accounts import totp_ensure
from tests.factories import EditionFactory, user_with_roles


@pytest.fixture
def organiser(db):
    user = user_with_roles(roles.ORGANISER, email="btc@forum.test", is_staff=True)
    totp_ensure(user=user)
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def edition():
    """The 2025 edition with the factory's defaults (modules that need other settings define
    their own)."""
    return EditionFactory(slug="2025")


@pytest.fixture
def gate(edition):
    return devices.gate_create(edition=edition, code="a", name="Cổng A")
