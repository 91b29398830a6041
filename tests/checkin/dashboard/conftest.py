import pytest

from checkin.models import Gate
from checkin.services.scans import checkin_perform
from checkin.views import dashboard as dashboard_views
from tests.checkin.dashboard.helpers import NOW, arrive, at, delegate


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(dashboard_views, "now", lambda: NOW)


@pytest.fixture
def gate_vip(edition):
    return Gate.objects.create(edition=edition, code="vip", name="Cổng VIP", kind="vip")


@pytest.fixture
def known_day(edition, gate, gate_vip):
    """6 approved delegates, 3 arrived; 6 scans in all, 2 of them refused."""
    people = {
        "an": delegate(edition, "Nguyễn Văn An"),
        "anh": delegate(edition, "Đặng Thị Ánh", phone="+84912345678"),
        "binh": delegate(edition, "Trần Quốc Bình"),
        "cuong": delegate(edition, "Lê Mạnh Cường", delegate_type="gov_ministry"),
        "dung": delegate(edition, "Phạm Thị Dung", delegate_type="gov_ministry"),
        "em": delegate(edition, "Vũ Thị Em", delegate_type="press"),
        "pending": delegate(edition, "Hoàng Văn Giang", status="pending"),
    }
    arrive(edition, people["an"], gate, at(12, 58, 30), "s1")
    arrive(edition, people["anh"], gate, at(13, 4, 59), "s2")
    arrive(edition, people["cuong"], gate_vip, at(13, 5, 0), "s3")
    arrive(edition, people["an"], gate_vip, at(13, 10), "s4")  # already checked in
    arrive(edition, people["pending"], gate, at(13, 11), "s5")  # not approved
    checkin_perform(
        edition_id=edition.pk,
        raw_code="MIV1-NOTOURS",
        nonce="s6",
        source_key="d1",
        gate=gate_vip,
        scanned_at=at(13, 12),
    )
    return people
