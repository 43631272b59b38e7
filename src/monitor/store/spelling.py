"""SQLite's spelling on PostgreSQL: the SQL and the few sqlite-utils calls that stages written
for the SQLite store send, run unchanged on the PostgreSQL one.

The digest, the feed, deliveries, reclassify and the daemon's counters read and write through
``store.db`` (a sqlite-utils Database) with ``?``-marked SQL. ``postgres_sql`` translates that
SQL; ``SqliteSpelling`` is the slice of the Database they call (``execute``, ``atomic``,
``table(name).upsert`` / ``insert_all``), and it is the crawl frontier's connection too
(store/frontier.py's ``FrontierDb``: ``executemany`` and ``serialize`` besides). New code should
call the store contract instead (``rows``, ``transaction``, ``upsert_row``, ``insert_rows``),
which needs neither.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

import psycopg
from psycopg.rows import TupleRow, tuple_row

__all__ = ["SqliteSpelling", "postgres_sql"]

_LITERAL = re.compile(r"('(?:[^']|'')*')")


def postgres_sql(query: str) -> str:
    """SQLite-spelled SQL in PostgreSQL's spelling: ``?`` marks become ``%s``, ``[name]``
    becomes ``"name"``, and ``CROSS JOIN … ON`` (SQLite's join-order hint) a plain ``JOIN``.
    String literals are left alone but for doubling ``%``, which psycopg would read as a mark."""
    parts = _LITERAL.split(query)
    for index, part in enumerate(parts):
        part = part.replace("%", "%%")
        if index % 2 == 0:  # outside a literal
            part = part.replace("?", "%s")
            part = re.sub(r"\[(\w+)\]", r'"\1"', part)
            # SQLite's "+column" (keeps the planner off that column's index) is an error here
            part = re.sub(r"(\b(?:AND|OR|WHERE|ON|NOT)\s+|[(,=<>]\s*)\+(?=[A-Za-z_]\w*\.\w)", r"\1",
                          part, flags=re.IGNORECASE)
            part = re.sub(r"\bCROSS\s+JOIN(\s+\w+(?:\s+\w+)?\s+ON\b)", r"JOIN\1", part,
                          flags=re.IGNORECASE)
        parts[index] = part
    return "".join(parts)


class _Table:
    def __init__(self, name: str, upsert_row: Callable[[str, Mapping[str, Any], str], None],
                 insert_rows: Callable[[str, Iterable[Mapping[str, Any]]], int]) -> None:
        self._name, self._upsert_row, self._insert_rows = name, upsert_row, insert_rows

    def upsert(self, row: Mapping[str, Any], pk: str) -> None:
        self._upsert_row(self._name, row, pk)

    def insert_all(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self._insert_rows(self._name, rows)


class SqliteSpelling:
    """What ``store.db`` offers on PostgreSQL: rows come back as tuples, as from sqlite3."""

    def __init__(self, conn: psycopg.Connection[Any],
                 upsert_row: Callable[[str, Mapping[str, Any], str], None],
                 insert_rows: Callable[[str, Iterable[Mapping[str, Any]]], int]) -> None:
        self._conn, self._upsert_row, self._insert_rows = conn, upsert_row, insert_rows

    def execute(self, query: str, params: Iterable[Any] = ()) -> psycopg.Cursor[TupleRow]:
        cursor = self._conn.cursor(row_factory=tuple_row)
        return cursor.execute(postgres_sql(query), list(params))

    def executemany(self, query: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run ``query`` once per row; the rows it inserted or changed, summed over all."""
        batch = [list(row) for row in rows]
        if not batch:
            return 0
        with self._conn.cursor() as cursor:
            cursor.executemany(postgres_sql(query), batch)
            return max(cursor.rowcount, 0)

    def serialize(self, key: str) -> None:
        """Hold a lock named ``key`` until the current transaction ends: writers of many rows
        that take it first can never deadlock on rows locked in crossed order."""
        self._conn.execute("select pg_advisory_xact_lock(hashtext(%s))", [key])

    def atomic(self) -> AbstractContextManager[Any]:
        return self._conn.transaction()

    def table(self, name: str) -> _Table:
        return _Table(name, self._upsert_row, self._insert_rows)
