import csv
import datetime as dt
import io
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checkin import chart
from checkin.models import Gate, Scan, ScannerDevice
from checkin.selectors import dashboard as selectors_checkin
from checkin.services.scans import checkin_perform
from checkin.views import dashboard as dashboard_views
from forum.vietnamese import given_name, search_key, sort_key_string
from registration import roles
from registration.badge_codes import payload_of
from registration.models import AuditLog, Registration
from registration.services.accounts import totp_ensure
from registration.services.badge_codes import badge_code_issue
from tests.factories import RegistrationFactory, user_with_roles

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
LIVE = "/organiser/live/"
CSV_URL = "/organiser/live/attendance.csv"
XLSX_URL = "/organiser/live/attendance.xlsx"
HELPDESK = "/organiser/live/helpdesk/"
# The edition of tests.factories opens at 13:30 on 30/12/2025 (Hà Nội) and ends at 17:30.
NOW = dt.datetime(2025, 12, 30, 13, 20, tzinfo=VN)


def at(hour: int, minute: int, second: int = 0, day: int = 30) -> dt.datetime:
    return dt.datetime(2025, 12, day, hour, minute, second, tzinfo=VN)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(dashboard_views, "now", lambda: NOW)


@pytest.fixture
def gate_a(edition):
    return Gate.objects.create(edition=edition, code="a", name="Cổng A")


@pytest.fixture
def gate_vip(edition):
    return Gate.objects.create(edition=edition, code="vip", name="Cổng VIP", kind="vip")


def delegate(edition, full_name, *, delegate_type="enterprise", status="approved", **extra):
    extra.setdefault("organisation", "Công ty Cổ phần Công nghệ Hà Nội")
    extra.setdefault("email", f"{search_key(full_name).replace(' ', '.')}@example.vn")
    given = given_name(full_name)
    return RegistrationFactory(
        edition=edition,
        user=None,
        full_name=full_name,
        given_name=given,
        delegate_type=delegate_type,
        status=status,
        search_key=search_key(" ".join((full_name, extra["organisation"], extra["email"]))),
        sort_key=sort_key_string(full_name, given),
        **extra,
    )


def arrive(edition, registration, gate, when, nonce, source="d1"):
    code = badge_code_issue(registration=registration)
    return checkin_perform(
        edition_id=edition.pk,
        raw_code=payload_of(code.token),
        nonce=nonce,
        source_key=source,
        gate=gate,
        scanned_at=when,
    )


@pytest.fixture
def known_day(edition, gate_a, gate_vip):
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
    arrive(edition, people["an"], gate_a, at(12, 58, 30), "s1")
    arrive(edition, people["anh"], gate_a, at(13, 4, 59), "s2")
    arrive(edition, people["cuong"], gate_vip, at(13, 5, 0), "s3")
    arrive(edition, people["an"], gate_vip, at(13, 10), "s4")  # already checked in
    arrive(edition, people["pending"], gate_a, at(13, 11), "s5")  # not approved
    checkin_perform(
        edition_id=edition.pk,
        raw_code="MIV1-NOTOURS",
        nonce="s6",
        source_key="d1",
        gate=gate_vip,
        scanned_at=at(13, 12),
    )
    return people


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIVE, CSV_URL, XLSX_URL, HELPDESK])
def test_pages_send_anonymous_visitors_to_login(client, edition, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("role", [roles.DOOR_STAFF, roles.JUDGE, None])
@pytest.mark.parametrize("url", [LIVE, CSV_URL, XLSX_URL, HELPDESK])
def test_pages_are_forbidden_to_everyone_but_organisers(client, edition, role, url):
    user = user_with_roles(role) if role else user_with_roles()
    if role:
        totp_ensure(user=user)
    client.force_login(user)

    assert client.get(url).status_code == 403


def test_reprint_is_forbidden_to_door_staff(client, edition):
    approved = delegate(edition, "Nguyễn Văn An")
    user = user_with_roles(roles.DOOR_STAFF)
    totp_ensure(user=user)
    client.force_login(user)

    response = client.post(f"{HELPDESK}{approved.pk}/badge.pdf")

    assert response.status_code == 403
    assert not AuditLog.objects.filter(action="badge_reprinted").exists()


def test_poll_after_session_expiry_reloads_the_page_to_login(client, edition):
    response = client.get(
        LIVE, headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/organiser/live/"}
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/organiser/live/"
    assert response.content == b""


def test_superuser_sees_the_dashboard(client, edition):
    admin = user_with_roles(email="admin@forum.test", is_staff=True, is_superuser=True)
    totp_ensure(user=admin)
    client.force_login(admin)

    assert client.get(LIVE).status_code == 200


# --- Numbers ------------------------------------------------------------------------------------


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


def test_arrivals_before_the_chart_window_are_reported_not_drawn(organiser_client, edition, gate_a):
    early = delegate(edition, "Nguyễn Văn An")
    arrive(edition, early, gate_a, at(11, 29, 59), "early")

    response = organiser_client.get(LIVE)

    chart = response.context["stats"]["chart"]
    assert chart.total == 0
    assert chart.outside == 1
    assert "1 lượt vào nằm ngoài khung giờ này." in response.content.decode()


def test_chart_window_is_the_last_three_hours_on_other_days(edition):
    window = chart.chart_window(edition=edition, now=at(10, 2, 30, day=20))

    assert (window.start, window.end) == (at(7, 5, day=20), at(10, 5, day=20))
    assert window.event_day is False


def test_chart_window_on_the_event_day_ignores_the_time_of_day(edition):
    window = chart.chart_window(edition=edition, now=at(8, 0))

    assert (window.start, window.end, window.event_day) == (at(11, 30), at(17, 30), True)


def test_chart_window_of_a_multi_day_edition_is_the_last_three_hours(edition):
    edition.ends_at = edition.starts_at + dt.timedelta(days=2)

    window = chart.chart_window(edition=edition, now=at(14, 1))

    assert (window.start, window.end, window.event_day) == (at(11, 5), at(14, 5), False)


def test_chart_buckets_count_edges_exactly(edition):
    window = chart.ChartWindow(start=at(13, 0), end=at(13, 15), event_day=True)
    times = [at(13, 0), at(13, 4, 59), at(13, 5), at(13, 14, 59), at(13, 15), at(12, 59, 59)]

    buckets, outside = chart.arrival_buckets(times=times, window=window)

    assert [b.count for b in buckets] == [2, 1, 1]
    assert outside == 2


@pytest.mark.parametrize(
    ("minute", "anchor"), [(0, "start"), (5, "start"), (180, "middle"), (355, "end"), (359, "end")]
)
def test_now_label_stays_inside_the_chart(edition, minute, anchor):
    """On the event day the chart spans the forum (11:30-17:30 here): "now" near the right edge
    hangs to the left of its line, near the left edge to the right."""
    chart = selectors_checkin.arrival_chart(
        edition=edition, now=at(11, 30) + dt.timedelta(minutes=minute)
    )

    assert chart.window.event_day
    assert chart.now_x is not None
    assert chart.now_anchor == anchor


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
    assert response["Cache-Control"] == "no-store"


def test_full_page_polls_the_same_fragment(organiser_client, known_day):
    content = organiser_client.get(LIVE).content.decode()

    assert 'hx-get="/organiser/live/"' in content
    assert "<h1>Theo dõi check-in</h1>" in content
    assert "/static/checkin/dashboard.js" in content


def test_english_page_polls_the_english_url(organiser_client, known_day):
    content = organiser_client.get("/en" + LIVE).content.decode()

    assert 'hx-get="/en/organiser/live/"' in content


def _bulk_arrivals(edition, gates, count: int, start: int = 0) -> None:
    """`count` approved delegates who each arrived once and were scanned again once."""
    people = Registration.objects.bulk_create(
        Registration(
            edition=edition,
            full_name=f"Đại biểu {n}",
            given_name=str(n),
            organisation="Công ty",
            delegate_type=("enterprise", "press", "research")[n % 3],
            email=f"d{n}@example.vn",
            province="Thành phố Hà Nội",
            status="approved",
        )
        for n in range(start, start + count)
    )
    scans = []
    for n, person in enumerate(people, start=start):
        gate = gates[n % len(gates)]
        when = at(12, 0) + dt.timedelta(seconds=20 * n)
        for repeat in (0, 1):
            scans.append(
                Scan(
                    edition=edition,
                    source_key=f"d{gate.pk}",
                    nonce=f"{n}-{repeat}",
                    gate=gate,
                    registration=person,
                    result="already_checked_in" if repeat else "ok",
                    is_first_entry=not repeat,
                    scanned_at=when + dt.timedelta(minutes=repeat),
                )
            )
    Scan.objects.bulk_create(scans)


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_live_query_count_does_not_grow_with_scans(
    organiser_client, edition, gate_a, gate_vip, django_assert_num_queries, headers
):
    gates = [gate_a, gate_vip]
    for gate in gates:
        ScannerDevice.objects.create(gate=gate, name=f"Máy {gate.code}", last_seen_at=NOW)
    _bulk_arrivals(edition, gates, 5)  # 10 scans
    organiser_client.get(LIVE, headers=headers)  # warm the session and the staff MFA check
    with CaptureQueriesContext(connection) as few:
        small = organiser_client.get(LIVE, headers=headers)
    _bulk_arrivals(edition, gates, 145, start=5)  # 300 scans

    with django_assert_num_queries(len(few.captured_queries)):
        large = organiser_client.get(LIVE, headers=headers)

    assert small.context["stats"]["scans"] == 10
    assert large.context["stats"]["scans"] == 300
    assert large.context["stats"]["arrived"] == 150


def test_live_stats_use_seven_queries(edition, gate_a, django_assert_num_queries):
    _bulk_arrivals(edition, [gate_a], 20)

    with django_assert_num_queries(7):
        selectors_checkin.live_stats(edition=edition, now=NOW)


def test_last_scans_are_the_twenty_newest_received_newest_first(organiser_client, edition, gate_a):
    person = delegate(edition, "Nguyễn Văn An")
    for n in range(25):
        arrive(edition, person, gate_a, at(13, 0) + dt.timedelta(seconds=n), f"n{n}")
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


def test_devices_silent_for_more_than_two_minutes_are_flagged(organiser_client, edition, gate_a):
    live = ScannerDevice.objects.create(
        gate=gate_a, name="Máy 1", last_seen_at=NOW - dt.timedelta(minutes=2)
    )
    silent = ScannerDevice.objects.create(
        gate=gate_a, name="Máy 2", last_seen_at=NOW - dt.timedelta(minutes=3, seconds=10)
    )
    never = ScannerDevice.objects.create(gate=gate_a, name="Máy 3")
    ScannerDevice.objects.create(
        gate=gate_a, name="Máy thu hồi", revoked_at=NOW, last_seen_at=NOW - dt.timedelta(hours=1)
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


def assert_row(response, html: str) -> None:
    from django.test import SimpleTestCase

    SimpleTestCase().assertContains(response, html, count=1, html=True)


# --- Attendance export --------------------------------------------------------------------------


def test_attendance_csv_lists_approved_delegates_with_local_arrival(organiser_client, known_day):
    known_day["binh"].organisation = "=HYPERLINK(1)"
    known_day["binh"].save()

    response = organiser_client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="diem-danh-20251230-1320.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Họ và tên",
        "Danh xưng",
        "Chức vụ",
        "Đơn vị",
        "Loại đại biểu",
        "Email",
        "Điện thoại",
        "Giờ đến",
        "Cổng",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    # Approved only, sorted by given name (tên): An, Ánh, Bình, Cường, Dung, Em.
    assert [row[0] for row in rows[1:]] == [
        "Nguyễn Văn An",
        "Đặng Thị Ánh",
        "Trần Quốc Bình",
        "Lê Mạnh Cường",
        "Phạm Thị Dung",
        "Vũ Thị Em",
    ]
    assert by_name["Nguyễn Văn An"][7:] == ["30/12/2025 12:58:30", "Cổng A"]
    assert by_name["Đặng Thị Ánh"][6:] == ["0912 345 678", "30/12/2025 13:04:59", "Cổng A"]
    assert by_name["Lê Mạnh Cường"][7:] == ["30/12/2025 13:05:00", "Cổng VIP"]
    assert by_name["Lê Mạnh Cường"][4] == "Cơ quan Trung ương (bộ, ngành)"
    assert by_name["Phạm Thị Dung"][7:] == ["", ""]
    assert by_name["Trần Quốc Bình"][3] == "'=HYPERLINK(1)"


def test_attendance_xlsx_keeps_vietnamese_and_local_arrival_time(organiser_client, known_day):
    from openpyxl import load_workbook

    response = organiser_client.get(XLSX_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Điểm danh"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][7:] == ("Giờ đến", "Cổng")
    by_name = {row[0]: row for row in rows[1:]}
    assert len(by_name) == 6
    assert by_name["Đặng Thị Ánh"][7:] == (dt.datetime(2025, 12, 30, 13, 4, 59), "Cổng A")
    assert by_name["Vũ Thị Em"][4] == "Báo chí"
    assert by_name["Vũ Thị Em"][7:] == (None, None)
    assert sheet["H2"].number_format == "dd/mm/yyyy hh:mm:ss"


def test_attendance_export_query_count_is_constant(
    organiser_client, edition, gate_a, django_assert_num_queries
):
    _bulk_arrivals(edition, [gate_a], 3)
    organiser_client.get(CSV_URL)
    with CaptureQueriesContext(connection) as few:
        organiser_client.get(CSV_URL)
    _bulk_arrivals(edition, [gate_a], 60, start=3)

    with django_assert_num_queries(len(few.captured_queries)):
        response = organiser_client.get(CSV_URL)

    assert len(response.content.decode("utf-8-sig").strip().split("\r\n")) == 64


# --- Help desk ----------------------------------------------------------------------------------


def test_helpdesk_finds_a_delegate_without_accents(organiser_client, known_day):
    response = organiser_client.get(HELPDESK, {"q": "dang thi anh"})

    assert response.status_code == 200
    assert [r.full_name for r in response.context["results"]] == ["Đặng Thị Ánh"]
    content = response.content.decode()
    assert_row(
        response,
        '<dd class="arrival"><span class="arrival-time">13:04:59</span>'
        '<span class="sub">30/12/2025 · Cổng A</span></dd>',
    )
    assert '<span class="status-pill pill-approved">Đã duyệt</span>' in content
    assert f'action="/organiser/live/helpdesk/{known_day["anh"].pk}/badge.pdf"' in content


@pytest.mark.parametrize("query", ["0912 345 678", "0912345678", "+84 912 345 678", "345678"])
def test_helpdesk_finds_a_delegate_by_phone(organiser_client, known_day, query):
    response = organiser_client.get(HELPDESK, {"q": query})

    assert [r.full_name for r in response.context["results"]] == ["Đặng Thị Ánh"]
    assert "0912 345 678" in response.content.decode()


def test_helpdesk_phone_search_with_a_leading_zero_matches_from_the_start(
    organiser_client, known_day, edition
):
    delegate(edition, "Đỗ Thu Chi", phone="+84991274697")  # contains "912", not at the start

    response = organiser_client.get(HELPDESK, {"q": "0912"})

    assert [r.full_name for r in response.context["results"]] == ["Đặng Thị Ánh"]


def test_helpdesk_finds_a_delegate_by_the_short_code(organiser_client, known_day):
    code = badge_code_issue(registration=known_day["dung"]).short_code

    response = organiser_client.get(HELPDESK, {"q": f"{code[:4].lower()}-{code[4:]}"})

    assert [r.full_name for r in response.context["results"]] == ["Phạm Thị Dung"]
    assert "Chưa check-in" in response.content.decode()


def test_helpdesk_shows_why_a_pending_delegate_cannot_get_a_badge(organiser_client, known_day):
    response = organiser_client.get(HELPDESK, {"q": "giang"})

    content = response.content.decode()
    assert '<span class="status-pill pill-pending">Chờ duyệt</span>' in content
    assert "Chỉ in thẻ cho đại biểu đã được duyệt." in content
    assert "badge.pdf" not in content


def test_helpdesk_search_as_you_type_returns_the_results_fragment(organiser_client, known_day):
    response = organiser_client.get(HELPDESK, {"q": "nguyen"}, headers={"HX-Request": "true"})

    content = response.content.decode().strip()
    assert content.startswith('<section id="results"')
    assert "<h1>" not in content
    assert "Nguyễn Văn An" in content
    assert "1 kết quả" in content


def test_helpdesk_without_a_query_lists_nobody(organiser_client, known_day):
    response = organiser_client.get(HELPDESK)

    assert response.status_code == 200
    assert response.context["results"] == []


def test_reprint_returns_one_a6_badge_and_is_audited(organiser_client, organiser, known_day):
    from pypdf import PdfReader

    person = known_day["anh"]

    response = organiser_client.post(f"{HELPDESK}{person.pk}/badge.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="the-dai-bieu-{person.pk}.pdf"'
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (105, 148)  # A6 in mm
    assert "Đặng Thị Ánh" in reader.pages[0].extract_text()
    log = AuditLog.objects.get(action="badge_reprinted")
    assert (log.actor, log.registration) == (organiser, person)


def test_reprint_of_a_pending_delegate_is_not_found(organiser_client, known_day):
    response = organiser_client.post(f"{HELPDESK}{known_day['pending'].pk}/badge.pdf")

    assert response.status_code == 404
    assert not AuditLog.objects.filter(action="badge_reprinted").exists()


def test_reprint_of_another_editions_delegate_is_not_found(
    organiser_client, known_day, past_edition
):
    other = delegate(past_edition, "Nguyễn Văn An")

    response = organiser_client.post(f"{HELPDESK}{other.pk}/badge.pdf")

    assert response.status_code == 404


def test_reprint_needs_a_post(organiser_client, known_day):
    response = organiser_client.get(f"{HELPDESK}{known_day['anh'].pk}/badge.pdf")

    assert response.status_code == 405
