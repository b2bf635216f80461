"""Thousands of rows in one statement, without a model instance per row: an imported province's month writes some
5,000 figures and as many audit entries, where Django's bulk_create spends most of its time preparing each value.

PostgreSQL takes the rows through COPY; SQLite through executemany. Both run inside the caller's transaction, so a
failure (a check constraint, a foreign key) undoes the whole save. Only the plain column types these tables use
(integers, text, decimals, one timestamp, NULL) are passed, which both drivers adapt themselves; a timestamp is
prepared by the caller with :func:`timestamp`.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.db import connection, models


def _columns(model: type[models.Model], fields: Sequence[str]) -> tuple[str, str]:
    """The table and its quoted column list; every concrete field but an automatic primary key must be given."""
    meta = model._meta
    given = set(fields)
    missing = [f.name for f in meta.concrete_fields if f.name not in given and not (f.primary_key and f.name == "id")]
    if missing:  # a field added to the model must be written here too, not left to a database default
        raise ValueError(f"rows of {meta.label} lack {', '.join(missing)}")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    return quote(meta.db_table), columns


def timestamp(value: datetime.datetime):
    """A timestamp as the database takes it (SQLite stores naive UTC text, as Django writes it)."""
    return connection.ops.adapt_datetimefield_value(value)


def rows_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert ``rows`` (tuples in the order of ``fields``) into ``model``'s table."""
    rows = list(rows)
    if not rows:
        return
    table, columns = _columns(model, fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY goes to psycopg's own cursor: its errors are turned into Django's (IntegrityError …) here.
            with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def rows_delete(model: type[models.Model], ids: Sequence[int], *, chunk: int = 500) -> None:
    """Delete the rows with ``ids``, without loading them: for rows nothing refers to, rewritten at once."""
    ids = list(ids)
    table, quote = model._meta.db_table, connection.ops.quote_name
    pk = quote(model._meta.pk.column)
    if not ids:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement, the ids as one array parameter
            cursor.execute(f"DELETE FROM {quote(table)} WHERE {pk} = ANY(%s)", [ids])
            return
        for start in range(0, len(ids), chunk):  # SQLite: a bounded number of parameters per statement
            part = ids[start : start + chunk]
            cursor.execute(f"DELETE FROM {quote(table)} WHERE {pk} IN ({', '.join(['%s'] * len(part))})", part)
