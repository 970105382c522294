"""Writing many rows at once: PostgreSQL COPY, or one executemany on SQLite."""

from collections.abc import Iterable

from django.db import connection

from .versions import tables_changed


def insert_rows(model, fields: list[str], rows: Iterable[tuple]) -> int:
    """Insert plain tuples (in `fields` order, foreign keys as ids) without building model instances."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            rows = list(rows)
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)
            count = len(rows)
    if connection.vendor == "postgresql":  # COPY is not a statement the write watcher sees
        tables_changed(model._meta.db_table)
    return count
