from pathlib import Path

import pytest

from registration.services import registrations as svc
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
