"""Plain SQL for the few statements on the busiest paths (a scan at the door, a scanner's token).

The ORM compiles every query it runs, and PostgreSQL plans every statement it receives: for a
short lookup by key both cost several times the lookup itself (docs/performance.md,
"Check-in"). Statements run through `fetch_one` are prepared once per database connection and
then only executed; their rows become model instances as the ORM would build them.

Only identifiers from the models' metadata may be formatted into the SQL; values are always
parameters.
"""

import functools
from collections.abc import Sequence

from django.db import connection, models
from django.db.models.expressions import Col


def in_model_order(model, names: tuple[str, ...]) -> tuple[str, ...]:
    """Model.from_db takes the values of a partial row in the model's field order."""
    order = [field.attname for field in model._meta.concrete_fields]
    return tuple(sorted(names, key=order.index))


def model_from_row(model, names: tuple[str, ...], values) -> models.Model:
    """An instance from a partial row (`names` in model order), converted as the ORM would
    (SQLite returns date-times as text, for instance)."""
    converted = []
    for value, (column, converters) in zip(values, _converters(model, names), strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, names, converted)


@functools.cache
def _converters(model, names: tuple[str, ...]) -> list:
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    result = []
    for name in names:
        column = Col(model._meta.db_table, by_attname[name])
        result.append(
            (
                column,
                connection.ops.get_db_converters(column)
                + by_attname[name].get_db_converters(connection),
            )
        )
    return result


def _prepares() -> bool:
    """PostgreSQL with prepared statements allowed (settings: DATABASE_PREPARED_STATEMENTS),
    and no query log being kept (DEBUG, or a test counting queries), which only Django's own
    cursors feed."""
    return (
        connection.vendor == "postgresql"
        and connection.settings_dict["OPTIONS"].get("prepare_threshold") is not None
        and not connection.queries_logged
    )


def fetch_one(sql: str, params: Sequence) -> tuple | None:
    """The first row of `sql` (placeholders `%s`), None when there is none.

    On PostgreSQL the statement is prepared on this connection the first time and executed by
    name afterwards, through a server-side binding cursor (Django's own cursors bind values
    client-side and cannot prepare). The connection is checked, opened and its transaction
    state honoured as for Django's cursors, and errors are Django's database errors.
    """
    if not _prepares():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    import psycopg

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchone()
