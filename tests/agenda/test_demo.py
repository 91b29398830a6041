"""The demo afternoon of 30/12/2025: sample data, one published version, a draft with changes
waiting, delegates who saved sessions; running the seed again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from agenda.models import AgendaVersion, SavedSession, SeatBooking, Session
from agenda.selectors.publishing import publish_preview
from forum.models import Edition

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_forum", "--delegates", "40", stdout=out)
    return out.getvalue()


def test_seed_loads_a_published_afternoon_and_a_draft_with_changes():
    output = seed()

    edition = Edition.objects.get(slug="2025")
    assert "Agenda:" in output
    [version] = AgendaVersion.objects.filter(edition=edition)
    assert version.number == 1
    titles = [s["title"] for s in version.snapshot["sessions"]]
    assert "Phát biểu của Bộ trưởng Bộ Khoa học và Công nghệ" in titles
    assert "Lễ trao Giải thưởng Make in Viet Nam 2025" in titles
    assert all("Dữ liệu mẫu" in s["description"] for s in version.snapshot["sessions"])
    assert SavedSession.objects.exists()
    assert SeatBooking.objects.exists()
    preview = publish_preview(edition=edition)
    kinds = sorted(k for record in preview.changes for k in record["kinds"])
    assert kinds == ["new", "speakers", "time"]
    assert preview.recipients


def test_seed_twice_changes_nothing():
    seed()
    counts = (Session.objects.count(), AgendaVersion.objects.count(), SavedSession.objects.count())

    seed()

    assert counts == (
        Session.objects.count(),
        AgendaVersion.objects.count(),
        SavedSession.objects.count(),
    )
