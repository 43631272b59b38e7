"""What `monitor status` shows of a SQLite database, read with the standard library alone.

Opening the full Store imports sqlite-utils and its migration machinery, about a sixth of the
command's start-up, and status only reads. So when a file already has every migration this code
knows, a plain connection answers; a file that is older, newer, locked or not a database at all
is left to the full Store, which migrates it or says what is wrong. The Store's own ``status``
calls the same function, so the two answers cannot drift apart.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from monitor.store.frontier import frontier_counts, frontier_failures

__all__ = ["BUSY_TIMEOUT_S", "MIGRATION_SET", "SCHEMA", "applied_migrations", "read_current",
           "status_report"]

BUSY_TIMEOUT_S = 10.0
MIGRATION_SET = "monitor"
#: The SQLite store's migrations in order (tests check this against store/sqlite.py's own list;
#: a stale tuple only sends status the slow way).
SCHEMA = ("m001_initial", "m002_digests", "m003_time_indexes", "m004_classification_check",
          "m005_frontier", "m006_reviews", "m007_digest_index")


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names of the applied migrations in the order they ran; none for a file without any."""
    try:
        rows = conn.execute("select name from _sqlite_migrations where migration_set = ? "
                            "order by rowid", [MIGRATION_SET]).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise
    return [name for (name,) in rows]


def read_current(path: Path, tz: tzinfo, *, wait: float = BUSY_TIMEOUT_S) -> dict[str, Any] | None:
    """The status report of ``path`` when its schema is current, else None (open the Store)."""
    try:
        conn = sqlite3.connect(path, timeout=wait)
    except sqlite3.Error:
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        if tuple(applied_migrations(conn)) != SCHEMA:
            return None
        return status_report(conn, str(path), tz)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def status_report(conn: sqlite3.Connection, path: str, tz: tzinfo, days: int = 7) -> dict[str, Any]:
    """What the database holds: totals, per source, last ingest, and per day both the latest
    publication days that have articles (replayed fixtures can be years old) and the local
    days articles were first stored on (the days digests cover)."""

    def q(sql: str, params: list[Any] | None = None) -> sqlite3.Cursor:
        return conn.execute(sql, params or [])

    stored = _stored_per_day(conn, tz)
    today = datetime.now(tz).date().isoformat()
    sources = _rows(q("select * from sources order by name"))
    frontier = frontier_counts(q)
    return {
        "database": path,
        "schema": applied_migrations(conn),
        "articles": q("select count(*) from articles").fetchone()[0],
        "tagged": q("select count(*) from classifications where partnership = 1").fetchone()[0],
        "per_source": dict(q("select coalesce(source, '(none)'), count(*) from articles "
                             "group by 1 order by 1").fetchall()),
        "per_day": dict(q("select date, count(*) from articles where date is not null "
                          "group by date order by date desc limit ?", [days]).fetchall()),
        "stored_per_day": dict(list(stored.items())[:days]),
        "today": today,
        "stored_today": stored.get(today, 0),
        "last_ingest": q("select max(updated_at) from articles").fetchone()[0],
        "sources": sources,
        # Issue 12: what each source's frontier still holds, and robots.txt trouble.
        "frontier": frontier,
        "frontier_failures": {name: frontier_failures(q, name, 10) for name, states in frontier.items()
                              if states.get("failed") or states.get("dead")},
        "robots_problems": {row["name"]: row["robots_problem"] for row in sources
                            if row.get("robots_problem")},
    }


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _stored_per_day(conn: sqlite3.Connection, tz: tzinfo) -> dict[str, int]:
    """Articles first stored per local day, newest first. SQLite knows no time zones, so it
    counts per UTC hour (per minute where the zone's offset is not whole hours) and each
    bucket is placed on its local day here."""
    offset = datetime.now(tz).utcoffset() or timedelta()
    width = 13 if offset.total_seconds() % 3600 == 0 else 16
    counts: dict[str, int] = {}
    for bucket, count in conn.execute(
            f"select substr(first_seen_at, 1, {width}), count(*) from articles group by 1"):
        start = datetime.fromisoformat(bucket + (":00" if width == 13 else "") + "+00:00")
        day = start.astimezone(tz).date().isoformat()
        counts[day] = counts.get(day, 0) + count
    return dict(sorted(counts.items(), reverse=True))
