"""forum.sql: the hot-path statements, prepared on PostgreSQL, built into model instances."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from checkin.models import Gate, Scan
from forum.sql import fetch_one, in_model_order, model_from_row
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db

GATE_SQL = f"SELECT id, edition_id, code, name FROM {Gate._meta.db_table} WHERE code = %s"  # noqa: S608


@pytest.fixture
def gate():
    return Gate.objects.create(edition=EditionFactory(slug="2025"), code="a", name="Cổng A")


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_fetch_one_returns_the_row_or_none(gate):
    assert fetch_one(GATE_SQL, ["a"]) == (gate.pk, gate.edition_id, "a", "Cổng A")
    assert fetch_one(GATE_SQL, ["zz"]) is None


def test_model_from_row_builds_an_unsaved_looking_instance_as_the_orm_does(gate):
    names = in_model_order(Gate, ("name", "code", "id", "edition_id"))
    row = fetch_one(GATE_SQL, ["a"])

    built = model_from_row(Gate, names, row)

    assert names == ("id", "edition_id", "code", "name")
    assert (built.pk, built.code, built.name) == (gate.pk, "a", "Cổng A")
    assert built._state.adding is False
    assert built == gate


def test_date_times_come_back_aware_on_every_database(gate):
    scan = Scan.objects.create(
        edition=gate.edition, source_key="d1", nonce="n1", result="ok", scanned_at=gate_time()
    )
    sql = f"SELECT id, scanned_at FROM {Scan._meta.db_table} WHERE id = %s"  # noqa: S608

    built = model_from_row(Scan, ("id", "scanned_at"), fetch_one(sql, [scan.pk]))

    assert built.scanned_at == scan.scanned_at
    assert built.scanned_at.tzinfo is not None


def gate_time():
    import datetime as dt

    return dt.datetime(2025, 12, 30, 7, 45, tzinfo=dt.UTC)


def test_a_broken_transaction_is_refused_as_by_django_cursors(gate):
    with transaction.atomic():
        transaction.set_rollback(True)
        with pytest.raises(TransactionManagementError):
            fetch_one(GATE_SQL, ["a"])


def test_database_errors_are_djangos(gate):
    sql = f"SELECT missing_column FROM {Gate._meta.db_table}"  # noqa: S608

    with pytest.raises(DatabaseError), transaction.atomic():
        fetch_one(sql, [])


def test_captured_queries_see_the_statement(gate):
    with CaptureQueriesContext(connection) as captured:
        fetch_one(GATE_SQL, ["a"])

    assert [query["sql"] for query in captured.captured_queries][-1].startswith("SELECT id, ")


@pytest.mark.postgres
def test_postgresql_prepares_the_statement_once_per_connection(gate):
    fetch_one(GATE_SQL, ["a"])
    fetch_one(GATE_SQL, ["b"])

    server_side = GATE_SQL.replace("%s", "$1")
    assert prepared_statements().count(server_side) == 1


@pytest.mark.postgres
def test_without_prepared_statements_nothing_is_prepared(gate, monkeypatch):
    monkeypatch.delitem(connection.settings_dict["OPTIONS"], "prepare_threshold")

    assert fetch_one(GATE_SQL, ["a"])[2] == "a"
    assert not any(Gate._meta.db_table in statement for statement in prepared_statements())
