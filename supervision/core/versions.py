"""A version per database table, bumped by every write to it, so that a page cached under the versions of the
tables it reads is never served after one of them changes.

Writes are seen where they are sent: every statement through Django's connections (the ORM and raw SQL alike,
`watch_writes` below) and the COPY of `core.bulk.insert_rows`. A table is bumped when the statement runs, so a
reader in the same transaction sees its own writes, and again when the transaction commits, so a page built by
another reader between the two, from the data before the commit, is not kept. The versions live in the cache;
a lost one comes back as a new number (the clock's), never as one used before.
"""

import re
import time

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)"?', re.IGNORECASE)


def _key(table: str) -> str:
    return f"table-version:{table}"


def _bump(tables) -> None:
    for table in tables:
        try:
            cache.incr(_key(table))
        except ValueError:  # not kept yet, or lost
            cache.set(_key(table), time.time_ns(), None)


class _BumpOnCommit:
    """One commit callback per transaction, holding every table written in it."""

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self):
        _bump(self.tables)


def tables_changed(*tables: str, using: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[using]
    _bump(tables)
    if not connection.in_atomic_block:
        return  # autocommit: the write is already committed
    # A rolled-back transaction drops its callbacks, so a callback still waiting is this transaction's.
    waiting = [func for _savepoints, func, _robust in connection.run_on_commit if isinstance(func, _BumpOnCommit)]
    if waiting:
        waiting[-1].tables.update(tables)
    else:
        callback = _BumpOnCommit()
        callback.tables.update(tables)
        connection.on_commit(callback)


def versions(*models) -> tuple:
    """The current versions of the models' tables, in one cache read."""
    keys = [_key(model._meta.db_table) for model in models]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), None)
            found[key] = cache.get(key) or time.time_ns()
    return tuple(found[key] for key in keys)


def watch_writes(connection, **kwargs) -> None:
    """Bump the table of every write statement the connection runs (connected to `connection_created`, which
    fires at every reconnection of the same wrapper: installed once)."""
    if getattr(connection, "watching_writes", False):
        return
    connection.watching_writes = True
    alias = connection.alias

    def watching(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        match = WRITE.match(sql) if isinstance(sql, str) else None
        if match:
            tables_changed(match.group(1), using=alias)
        return result

    connection.execute_wrappers.append(watching)
