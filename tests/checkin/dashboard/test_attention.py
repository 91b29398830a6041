"""What organisers must look at: badges let in twice, and uploads the server refused."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checkin.models import Scan
from checkin.selectors.attention import claimed_time
from checkin.services.batch import checkin_perform_batch
from checkin.services.scans import checkin_perform
from registration.badge_codes import payload_of
from registration.services.badge_codes import badge_code_issue
from tests.checkin.dashboard.helpers import LIVE, delegate

pytestmark = pytest.mark.django_db


class Item:
    def __init__(self, code, nonce, scanned_at):
        self.code, self.nonce, self.scanned_at = code, nonce, scanned_at


def _upload(edition, gate, code, nonce, scanned_at, source="d1"):
    return checkin_perform_batch(
        edition_id=edition.pk, items=[Item(code, nonce, scanned_at)], source_key=source, gate=gate
    )[0]


def _let_in_twice(edition, gate, gate_vip, name, n):
    """Gate A's phone uploads its scan first; the VIP gate's phone had scanned 12 s earlier."""
    person = delegate(edition, name)
    code = payload_of(badge_code_issue(registration=person).token)
    at = timezone.now() - dt.timedelta(minutes=10 + n)
    _upload(edition, gate, code, f"a-{n}", at + dt.timedelta(seconds=12), source="da")
    _upload(edition, gate_vip, code, f"v-{n}", at, source="dv")
    return person


def _refuse(edition, gate, name, n):
    person = delegate(edition, name)
    code = payload_of(badge_code_issue(registration=person).token)
    return _upload(edition, gate, code, f"r-{n}", timezone.now() + dt.timedelta(hours=48))


def test_a_badge_let_in_twice_shows_who_where_and_when(organiser_client, edition, gate, gate_vip):
    _let_in_twice(edition, gate, gate_vip, "Nguyễn Văn An", 0)

    response = organiser_client.get(LIVE)

    stats = response.context["stats"]
    assert stats["doubled"] == 1
    [row] = stats["doubled_entries"]
    assert (row["name"], row["first_gate"], row["gate"]) == ("Nguyễn Văn An", "Cổng VIP", "Cổng A")
    assert row["first_at"] < row["at"]
    content = response.content.decode()
    assert "1 thẻ được cho vào hai lần" in content
    assert 'id="doubled-entries"' in content
    # The re-entry in the last scans says it had been let in.
    assert "đã cho vào, sau đó có lượt quét sớm hơn" in content


def test_refused_uploads_show_the_reason_and_the_phones_time(organiser_client, edition, gate):
    person = delegate(edition, "Đặng Thị Ánh")
    code = payload_of(badge_code_issue(registration=person).token)
    ahead = timezone.now() + dt.timedelta(hours=48)
    _upload(edition, gate, code, "r-1", ahead)
    _upload(edition, gate, code, "r-2", dt.datetime.fromisoformat("0001-01-01T00:00:00+14:00"))

    response = organiser_client.get(LIVE)

    stats = response.context["stats"]
    assert (stats["uploads_refused"], stats["refused"], stats["arrived"]) == (2, 2, 0)
    rows = {row["scan"].nonce: row for row in stats["refused_uploads"]}
    assert rows["r-1"]["result_label"] == "Giờ quét vượt quá giờ máy chủ"
    assert rows["r-1"]["device_time"] == timezone.localtime(ahead).strftime("%d/%m/%Y %H:%M:%S")
    assert rows["r-2"]["result_label"] == "Giờ quét trước giờ mở check-in"
    assert rows["r-2"]["device_time"] == "0001-01-01T00:00:00+14:00"
    assert rows["r-2"]["name"] == "Đặng Thị Ánh"
    content = response.content.decode()
    assert "2 lượt gửi bị máy chủ từ chối" in content
    assert 'data-result="scanned_in_future"' in content
    assert [r["refused"] for r in stats["by_gate"]] == [2]


def test_nothing_to_look_at_shows_no_panel(organiser_client, edition, gate):
    assert 'id="attention"' not in organiser_client.get(LIVE).content.decode()


def test_the_lists_cost_the_same_queries_however_many_rows(
    organiser_client, edition, gate, gate_vip, django_assert_num_queries
):
    _let_in_twice(edition, gate, gate_vip, "Một Văn Một", 0)
    _refuse(edition, gate, "Hai Thị Hai", 0)
    organiser_client.get(LIVE)  # warm the session and the staff MFA check
    with CaptureQueriesContext(connection) as few:
        organiser_client.get(LIVE)
    for n in range(1, 8):
        _let_in_twice(edition, gate, gate_vip, f"Người Thứ {n}", n)
        _refuse(edition, gate, f"Người Sai Giờ {n}", n)

    with django_assert_num_queries(len(few.captured_queries)):
        response = organiser_client.get(LIVE)

    assert (response.context["stats"]["doubled"], response.context["stats"]["uploads_refused"]) == (
        8,
        8,
    )


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("2025-12-30T06:05:00+00:00", "30/12/2025 13:05:00"),
        ("2025-12-30T13:05:00", "30/12/2025 13:05:00"),
        ("0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00+14:00"),
        ("9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59-14:00"),
        ("garbage", "garbage"),
    ],
)
def test_a_claimed_time_is_shown_in_venue_time_when_it_can_be(sent, shown):
    assert claimed_time(sent) == shown


def test_an_online_scan_never_raises_the_refusal_of_an_upload(edition, gate):
    person = delegate(edition, "Ba Văn Ba")
    code = payload_of(badge_code_issue(registration=person).token)

    outcome = checkin_perform(edition_id=edition.pk, raw_code=code, nonce="n", source_key="d1")

    assert outcome.result == "ok"
    assert not Scan.objects.filter(result__in=["scanned_too_early", "scanned_in_future"]).exists()
