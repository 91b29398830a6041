"""The arrivals chart's window, buckets and "now" label."""

import datetime as dt

import pytest

from checkin import chart
from checkin.selectors import dashboard as selectors_checkin
from tests.checkin.dashboard.helpers import (
    at,
)

pytestmark = pytest.mark.django_db


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
