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


@pytest.fixture
def send_tasks(monkeypatch) -> list[int]:
    """Record the outbox's send tasks (the email ids) instead of running them.

    Every email is still written to the outbox inside the decision's transaction; only the
    delivery is left out: it would leave the machine, and rendering each approval's e-badge PDF
    would make a test about seats a test about WeasyPrint.
    """
    from forum.celery import app

    app.loader.import_default_modules()
    task = app.tasks["mail.email_send"]
    ids: list[int] = []

    def record(*args, **kwargs):
        ids.append((kwargs.get("kwargs") or kwargs)["email_id"])

    monkeypatch.setattr(task, "delay", record)
    monkeypatch.setattr(task, "apply_async", record)
    return ids
