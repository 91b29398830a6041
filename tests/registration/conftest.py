from pathlib import Path

import pytest

from forum.models import Edition
from registration.services import registrations as svc
from tests.factories import EditionFactory, UserFactory
from tests.registration.badge_helpers import PEOPLE, approved, pending


@pytest.fixture
def private_root(settings, tmp_path):
    """Uploaded and generated files (badges, print files) in a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "private"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def people(edition):
    rows = [
        approved(edition, name=name, organisation=org, delegate_type=kind)
        for name, org, kind in PEOPLE
    ]
    pending(edition)
    cancelled = approved(edition, name="Hoàng Văn Hủy")
    svc.registration_cancel(registration_id=cancelled.pk)
    return rows


@pytest.fixture
def two_seat_edition(db):
    """Open registration (approved while seats last) with two seats: the third delegate waits."""
    return EditionFactory(
        slug="2025-two-seats", capacity=2, registration_mode=Edition.RegistrationMode.OPEN
    )


@pytest.fixture
def delegate(db):
    return UserFactory(email="an.nguyen@example.vn", full_name="Nguyễn Văn An")


@pytest.fixture
def logged_in(client, delegate):
    client.force_login(delegate)
    return client
