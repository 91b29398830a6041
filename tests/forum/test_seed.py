import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from checkin.models import Gate, Scan, ScannerDevice
from forum.models import Edition
from registration.models import Registration, User

pytestmark = pytest.mark.django_db


def seed(*args):
    from io import StringIO

    out = StringIO()
    call_command("seed_forum", *args, stdout=out)
    return out.getvalue()


def test_seed_creates_the_2025_forum_and_prints_demo_logins():
    output = seed()

    edition = Edition.objects.get(slug="2025")
    assert edition.capacity == 1500
    assert edition.city == "Hà Nội"
    assert edition.is_current is True
    assert "30/12/2025 13:30" in output
    for email in (
        "admin@forum.test",
        "organiser@forum.test",
        "door@forum.test",
        "judge@forum.test",
        "enterprise@forum.test",
        "delegate@forum.test",
    ):
        assert email in output
        assert User.objects.filter(email=email).exists()
    assert "MakeInVietNam2025" in output


def test_seed_is_idempotent_and_adds_delegates_in_every_status():
    seed("--delegates", "60")
    counts = (
        User.objects.count(),
        Registration.objects.count(),
        Scan.objects.count(),
        Gate.objects.count(),
        ScannerDevice.objects.count(),
    )

    seed("--delegates", "60")

    assert counts == (
        User.objects.count(),
        Registration.objects.count(),
        Scan.objects.count(),
        Gate.objects.count(),
        ScannerDevice.objects.count(),
    )
    assert Registration.objects.count() == 60
    statuses = set(Registration.objects.values_list("status", flat=True))
    assert statuses == {"approved", "pending", "waitlisted", "rejected", "cancelled"}
    assert Scan.objects.filter(is_first_entry=True).count() == Scan.objects.count() > 0
    assert Gate.objects.count() == 5


def test_seed_delegates_have_vietnamese_names_organisations_and_provinces():
    from registration.provinces import PROVINCES

    seed("--delegates", "40")

    for registration in Registration.objects.all():
        assert len(registration.full_name.split()) >= 3
        assert registration.organisation
        assert registration.province in PROVINCES
        assert registration.given_name == registration.full_name.split()[-1]


def test_seed_refuses_a_negative_count():
    with pytest.raises(CommandError):
        seed("--delegates", "-1")


def test_seed_arrivals_look_like_a_live_door():
    from checkin.selectors.dashboard import device_status, last_scans

    seed("--delegates", "60")
    edition = Edition.objects.get(is_current=True)

    # Newest first, in the time they were made: each scan reached the server when it was made.
    shown = [row["at"] for row in last_scans(edition=edition)]
    assert shown == sorted(shown, reverse=True)
    assert not Scan.objects.exclude(received_at=F("scanned_at")).exists()
    # Every arrival came through its gate's phone, and every phone is in touch.
    assert not Scan.objects.filter(device__isnull=True).exists()
    assert set(Scan.objects.values_list("gate_id", flat=True)) <= set(
        ScannerDevice.objects.values_list("gate_id", flat=True)
    )
    assert not Scan.objects.exclude(device__gate=F("gate")).exists()
    devices = device_status(edition=edition, now=timezone.now())
    assert len(devices) == 5
    assert [row["name"] for row in devices if row["silent"]] == []
    assert sum(row["scans"] for row in devices) == Scan.objects.count()
