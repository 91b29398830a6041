"""Scans stored before times were bounded (a phone that sent year 1, or 9999): the migration
makes them the refusals they are now, and every page that reads scans works again."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from checkin.models import Scan
from checkin.services.scans import checkin_perform
from registration.badge_codes import payload_of
from registration.services.badge_codes import badge_code_issue
from tests.checkin.dashboard.helpers import delegate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("checkin", "0002_scan_refusals_and_superseded")]
RECEIVED = dt.datetime(2025, 12, 30, 6, 40, tzinfo=dt.UTC)
# What each database could hold from a phone's clock. PostgreSQL stored "0001-01-01T00:00+14:00"
# as 1 BC and "9999-12-31T23:59:59-14:00" as year 10000, which Python cannot read. On SQLite,
# Django converts to UTC first, so only what Python holds got in: year 1, and a time in
# 9999 whose local time (UTC+7) is in year 10000.
YEAR_1 = {"postgresql": "0001-01-01T00:00:00+14:00", "sqlite": "0001-01-01 00:00:00"}
YEAR_9999 = {"postgresql": "9999-12-31T23:59:59-14:00", "sqlite": "9999-12-31 20:00:00"}


def _migrate(targets=None):
    """Migrate to `targets`, or forward to every app's latest migration (going back in check-in
    also unapplies the apps whose migrations depend on it)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def _insert(**values):
    columns = ", ".join(values)
    marks = ", ".join(["%s"] * len(values))
    sql = f"INSERT INTO checkin_scan ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, list(values.values()))


@pytest.fixture
def stored_before_the_fix(edition, gate):
    """What a PostgreSQL server held after the uploads of issue 11: the delegate's first entry
    dated 1 BC, their later scan at the door, an invalid code from year 10000, and an earlier
    first entry that had taken over another one, which stayed "ok"."""
    _migrate(BEFORE)
    try:
        vendor = connection.vendor
        person = delegate(edition, "Nguyễn Văn An")
        other = delegate(edition, "Trần Thị Bình")
        common = {"edition_id": edition.pk, "gate_id": gate.pk, "offline": True, "device_time": ""}
        common |= {"received_at": RECEIVED, "raw_code": ""}
        _insert(
            source_key="d1", nonce="bc", registration_id=person.pk, result="ok",
            is_first_entry=True, scanned_at=YEAR_1[vendor], **common,
        )  # fmt: skip
        _insert(
            source_key="d1", nonce="door", registration_id=person.pk,
            result="already_checked_in", is_first_entry=False,
            scanned_at=RECEIVED - dt.timedelta(minutes=5), **common,
        )  # fmt: skip
        _insert(
            source_key="d1", nonce="forged", registration_id=None, result="invalid",
            is_first_entry=False, scanned_at=YEAR_9999[vendor], **common,
        )  # fmt: skip
        _insert(
            source_key="d2", nonce="replaced", registration_id=other.pk, result="ok",
            is_first_entry=False, scanned_at=RECEIVED - dt.timedelta(minutes=1), **common,
        )  # fmt: skip
        _insert(
            source_key="d3", nonce="earlier", registration_id=other.pk, result="ok",
            is_first_entry=True, scanned_at=RECEIVED - dt.timedelta(minutes=2), **common,
        )  # fmt: skip
        yield person, other
    finally:
        _migrate()


def test_pages_broken_by_stored_times_work_after_the_repair(
    organiser_client, edition, gate, stored_before_the_fix
):
    person, other = stored_before_the_fix
    # The control: as stored, the dashboard cannot read or show its scans.
    with pytest.raises(Exception):  # noqa: B017 (DataError, ValueError or OverflowError)
        organiser_client.get("/organiser/live/")

    _migrate()

    scans = {scan.nonce: scan for scan in Scan.objects.all()}
    assert (scans["bc"].result, scans["bc"].is_first_entry) == ("scanned_too_early", False)
    assert scans["bc"].scanned_at == RECEIVED
    assert scans["bc"].device_time
    assert (scans["door"].result, scans["door"].is_first_entry) == ("ok", True)
    assert (scans["forged"].result, scans["forged"].scanned_at) == ("scanned_in_future", RECEIVED)
    assert (scans["replaced"].result, scans["replaced"].superseded_at) == (
        "already_checked_in",
        RECEIVED,
    )
    assert scans["earlier"].is_first_entry
    for url in (
        "/organiser/live/",
        "/organiser/live/attendance.csv",
        "/organiser/live/attendance.xlsx",
        "/organiser/live/helpdesk/?q=nguyen",
    ):
        assert organiser_client.get(url).status_code == 200, url
    live = organiser_client.get("/organiser/live/").context["stats"]
    assert (live["arrived"], live["uploads_refused"], live["doubled"]) == (2, 2, 1)
    code = payload_of(badge_code_issue(registration=person).token)
    again = checkin_perform(edition_id=edition.pk, raw_code=code, nonce="n", source_key="d9")
    assert again.result == "already_checked_in"
    assert again.first_entry.pk == scans["door"].pk
    assert other.pk


def test_the_database_refuses_a_time_no_page_could_read(edition, gate):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Scan.objects.create(
            edition=edition,
            source_key="d1",
            nonce="n",
            result="invalid",
            scanned_at=dt.datetime(1999, 12, 31, 23, tzinfo=dt.UTC),
        )
