"""The live check-in dashboard: counts, the chart on the page, polling, last scans, devices."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checkin.models import Scan, ScannerDevice
from checkin.selectors import dashboard as selectors_checkin
from tests.checkin.dashboard.helpers import (
    LIVE,
    NOW,
    arrive,
    assert_row,
    at,
    bulk_arrivals,
    delegate,
)

pytestmark = pytest.mark.django_db


def test_live_page_shows_arrived_against_approved(organiser_client, known_day):
    response = organiser_client.get(LIVE)

    assert response.status_code == 200
    stats = response.context["stats"]
    assert (stats["arrived"], stats["approved"], stats["not_arrived"]) == (3, 6, 3)
    assert stats["percent"] == 50
    assert (stats["scans"], stats["refused"]) == (6, 2)
    assert stats["recent_arrivals"] == 1  # since 13:05:00 (15 minutes before 13:20)
    content = response.content.decode()
    assert '<span class="big" data-testid="arrived">3</span><span class="of"> / 6</span>' in content
    assert "50% trong số 6 đại biểu đã duyệt" in content
    assert "Cập nhật lúc 13:20:00" in content
    assert '<rect class="progress-fill" width="50" height="4"/>' in content


def test_live_page_counts_per_gate(organiser_client, known_day):
    response = organiser_client.get(LIVE)

    # Gate, first entries, all scans, scans in the last 15 minutes, refused.
    assert [
        (r["name"], r["first_entries"], r["scans"], r["recent_scans"], r["refused"])
        for r in response.context["stats"]["by_gate"]
    ] == [("Cổng A", 2, 3, 1, 1), ("Cổng VIP", 1, 3, 3, 1)]
    assert_row(
        response,
        '<tr data-gate="a"><th scope="row">Cổng A</th><td class="num strong">2</td>'
        '<td class="num">3</td><td class="num">1</td><td class="num text-error">1</td></tr>',
    )
    assert_row(
        response,
        '<tr data-gate="vip"><th scope="row">Cổng VIP</th><td class="num strong">1</td>'
        '<td class="num">3</td><td class="num">3</td><td class="num text-error">1</td></tr>',
    )


def test_live_page_counts_per_delegate_type(organiser_client, known_day):
    response = organiser_client.get(LIVE)

    assert [
        (r["code"], r["arrived"], r["approved"], r["percent"])
        for r in response.context["stats"]["by_type"]
    ] == [("gov_ministry", 1, 2, 50), ("enterprise", 2, 3, 67), ("press", 0, 1, 0)]
    content = response.content.decode()
    row = re.search(r'<tr data-type="enterprise">(.*?)</tr>', content, re.S).group(1)
    assert '<th scope="row">Doanh nghiệp</th>' in row
    assert '<td class="num strong">2</td>' in row
    assert '<td class="num">3</td>' in row
    assert '<span class="percent">67%</span>' in row


def test_arrivals_fall_into_five_minute_buckets_at_the_boundaries(organiser_client, known_day):
    response = organiser_client.get(LIVE)

    chart = response.context["stats"]["chart"]
    # Event day: from two hours before 13:30 to the end at 17:30, 72 buckets of 5 minutes.
    assert (chart.window.start, chart.window.end) == (at(11, 30), at(17, 30))
    assert chart.window.event_day is True
    assert len(chart.buckets) == 72
    counts = {
        timezone.localtime(b.start).strftime("%H:%M"): b.count for b in chart.buckets if b.count
    }
    # 12:58:30 → 12:55; 13:04:59 → 13:00; 13:05:00 exactly → 13:05 (a bucket is [start, +5 min)).
    assert counts == {"12:55": 1, "13:00": 1, "13:05": 1}
    assert chart.total == 3
    assert chart.outside == 0
    assert_row(
        response,
        '<tr data-bucket="13:00"><th scope="row">13:00–13:05</th><td class="num">1</td></tr>',
    )
    assert_row(
        response,
        '<tr data-bucket="13:10"><th scope="row">13:10–13:15</th><td class="num">0</td></tr>',
    )
    content = response.content.decode()
    assert "<title>13:05–13:10: 1 đại biểu đến</title>" in content
    assert content.count('<rect class="chart-fill"') == 3


def test_arrivals_before_the_chart_window_are_reported_not_drawn(organiser_client, edition, gate):
    early = delegate(edition, "Nguyễn Văn An")
    arrive(edition, early, gate, at(11, 29, 59), "early")

    response = organiser_client.get(LIVE)

    chart = response.context["stats"]["chart"]
    assert chart.total == 0
    assert chart.outside == 1
    assert "1 lượt vào nằm ngoài khung giờ này." in response.content.decode()


def test_htmx_poll_gets_only_the_stats_fragment(organiser_client, known_day):
    response = organiser_client.get(LIVE, headers={"HX-Request": "true"})

    content = response.content.decode().strip()
    assert response.status_code == 200
    assert content.startswith('<section id="stats"')
    assert content.endswith("</section>")
    assert "<html" not in content
    assert "<h1>" not in content
    assert 'hx-trigger="every 5s, dashboard:refresh"' in content
    assert '<span class="big" data-testid="arrived">3</span>' in content
    assert "HX-Request" in response["Vary"]
    assert "no-store" in response["Cache-Control"]


def test_full_page_polls_the_same_fragment(organiser_client, known_day):
    content = organiser_client.get(LIVE).content.decode()

    assert 'hx-get="/organiser/live/"' in content
    assert "<h1>Theo dõi check-in</h1>" in content
    assert "/static/checkin/dashboard.js" in content


def test_english_page_polls_the_english_url(organiser_client, known_day):
    content = organiser_client.get("/en" + LIVE).content.decode()

    assert 'hx-get="/en/organiser/live/"' in content


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_live_query_count_does_not_grow_with_scans(
    organiser_client, edition, gate, gate_vip, django_assert_num_queries, headers
):
    gates = [gate, gate_vip]
    for each in gates:
        ScannerDevice.objects.create(gate=each, name=f"Máy {each.code}", last_seen_at=NOW)
    bulk_arrivals(edition, gates, 5)  # 10 scans
    organiser_client.get(LIVE, headers=headers)  # warm the session and the staff MFA check
    with CaptureQueriesContext(connection) as few:
        small = organiser_client.get(LIVE, headers=headers)
    bulk_arrivals(edition, gates, 145, start=5)  # 300 scans

    with django_assert_num_queries(len(few.captured_queries)):
        large = organiser_client.get(LIVE, headers=headers)

    assert small.context["stats"]["scans"] == 10
    assert large.context["stats"]["scans"] == 300
    assert large.context["stats"]["arrived"] == 150


def test_live_stats_use_nine_queries_with_no_badge_let_in_twice(
    edition, gate, django_assert_num_queries
):
    bulk_arrivals(edition, [gate], 20)

    with django_assert_num_queries(9):
        selectors_checkin.live_stats(edition=edition, now=NOW)


def test_last_scans_are_the_twenty_newest_received_newest_first(organiser_client, edition, gate):
    person = delegate(edition, "Nguyễn Văn An")
    for n in range(25):
        arrive(edition, person, gate, at(13, 0) + dt.timedelta(seconds=n), f"n{n}")
    # Received in reverse order of scanning (an offline phone uploading its queue backwards).
    for n, scan in enumerate(Scan.objects.order_by("scanned_at")):
        Scan.objects.filter(pk=scan.pk).update(received_at=at(13, 30) - dt.timedelta(seconds=n))
    expected = list(Scan.objects.order_by("-received_at").values_list("pk", flat=True)[:20])

    response = organiser_client.get(LIVE)

    rows = response.context["stats"]["last_scans"]
    assert [row["scan"].pk for row in rows] == expected
    assert [row["at"].strftime("%H:%M:%S") for row in rows[:3]] == [
        "13:00:00",
        "13:00:01",
        "13:00:02",
    ]
    shown = [int(pk) for pk in re.findall(r'<tr data-scan="(\d+)">', response.content.decode())]
    assert shown == expected


def test_last_scans_show_gate_device_result_and_name(organiser_client, known_day, gate_vip):
    device = ScannerDevice.objects.create(gate=gate_vip, name="Điện thoại VIP 1")
    Scan.objects.filter(nonce="s4").update(device=device)

    response = organiser_client.get(LIVE)

    assert_row(
        response,
        f'<tr data-scan="{Scan.objects.get(nonce="s4").pk}"><td class="col-time">13:10:00</td>'
        '<td class="col-result"><span class="result result-warn">Đã check-in</span></td>'
        '<th scope="row" class="col-who">Nguyễn Văn An</th><td class="col-gate">Cổng VIP</td>'
        '<td class="col-device">Điện thoại VIP 1</td></tr>',
    )
    assert_row(
        response,
        f'<tr data-scan="{Scan.objects.get(nonce="s6").pk}"><td class="col-time">13:12:00</td>'
        '<td class="col-result"><span class="result result-error">Mã không hợp lệ</span></td>'
        '<th scope="row" class="col-who">—</th><td class="col-gate">Cổng VIP</td>'
        '<td class="col-device">—</td></tr>',
    )
    content = response.content.decode()
    assert '<span class="result result-ok">Hợp lệ</span>' in content
    assert '<span class="result result-error">Chưa được duyệt</span>' in content


def test_devices_silent_for_more_than_two_minutes_are_flagged(organiser_client, edition, gate):
    live = ScannerDevice.objects.create(
        gate=gate, name="Máy 1", last_seen_at=NOW - dt.timedelta(minutes=2)
    )
    silent = ScannerDevice.objects.create(
        gate=gate, name="Máy 2", last_seen_at=NOW - dt.timedelta(minutes=3, seconds=10)
    )
    never = ScannerDevice.objects.create(gate=gate, name="Máy 3")
    ScannerDevice.objects.create(
        gate=gate, name="Máy thu hồi", revoked_at=NOW, last_seen_at=NOW - dt.timedelta(hours=1)
    )

    response = organiser_client.get(LIVE)

    rows = response.context["stats"]["devices"]
    assert [(r["name"], r["silent"], r["since"]) for r in rows] == [
        ("Máy 1", False, "2 phút trước"),
        ("Máy 2", True, "3 phút trước"),
        ("Máy 3", True, "chưa kết nối"),
    ]
    assert response.context["stats"]["silent_devices"] == 2
    assert_row(
        response,
        f'<li data-device="{live.pk}" class="device device-live">'
        '<span class="device-name">Máy 1</span><span class="device-gate">Cổng A</span>'
        '<span class="device-state">Đang hoạt động</span>'
        '<span class="device-meta">2 phút trước · 0 lượt quét</span></li>',
    )
    assert_row(
        response,
        f'<li data-device="{silent.pk}" class="device device-silent">'
        '<span class="device-name">Máy 2</span><span class="device-gate">Cổng A</span>'
        '<span class="device-state">Im lặng</span>'
        '<span class="device-meta">3 phút trước · 0 lượt quét</span></li>',
    )
    assert_row(
        response,
        f'<li data-device="{never.pk}" class="device device-silent">'
        '<span class="device-name">Máy 3</span><span class="device-gate">Cổng A</span>'
        '<span class="device-state">Chưa kết nối</span>'
        '<span class="device-meta">0 lượt quét</span></li>',
    )
    assert "Máy thu hồi" not in response.content.decode()


def test_since_label_wording():
    from django.utils import translation

    with translation.override("vi"):
        assert selectors_checkin.since_label(59) == "vừa xong"
        assert selectors_checkin.since_label(3 * 3600) == "3 giờ trước"
