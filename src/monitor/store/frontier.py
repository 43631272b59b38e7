"""The crawl frontier: every URL a run discovered, until its article is stored or failed for good.

A run writes what it finds here as soon as a listing, sitemap or feed page is read, and marks each
article as it is stored, so whatever stops a run — kill -9, ``max_articles``, a failing host, a
shutdown — the next run starts from the rows still due. States:

  pending   discovered, not yet stored (also: left over by a limit, a shutdown or a kill)
  failed    the last attempt failed for a reason that may pass; tried again up to a limit
  stored    the article is in the database (or is another URL of a stored article)
  dead      failed for good, with the reason; never tried again

Listing pages a walk was about to read (``kind = 'listing'``) are rows too, so pagination cut
short by a kill resumes at the page it had reached.

One implementation serves both stores: the SQL is spelled so SQLite (3.35 or later) and
PostgreSQL both accept it (``on conflict (url)``, ``returning``, plain ``?`` marks that the
PostgreSQL store translates), and what differs is a ``FrontierDb``: the connection's
``execute``, ``executemany`` (returning the rows it changed), ``atomic`` and ``serialize``.
Discovery order is ``rowid``: SQLite's own, a column of that name on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = ["DUE_STATES", "Frontier", "FrontierDb", "FrontierRow", "SqliteFrontierDb", "create_frontier_table",
           "failed_state", "frontier_counts", "frontier_failures"]

DUE_STATES = ("pending", "failed")
_SETTLED = ("stored", "dead")
_CHUNK = 500


def create_frontier_table(db: Database) -> None:
    """Migration m005_frontier; rows of databases from before it are added by the next crawl."""
    db.table("frontier").create(
        {"url": str, "source": str, "kind": str, "state": str, "attempts": int, "last_error": str,
         "found_on": str, "published": str, "title": str, "discovered_at": str, "updated_at": str},
        pk="url", not_null={"source", "kind", "state"}, defaults={"attempts": 0},
    )
    db.table("frontier").create_index(["source", "kind", "state"])


@dataclass(frozen=True)
class FrontierRow:
    url: str
    published: datetime | None
    title: str | None
    attempts: int


class FrontierDb(Protocol):
    """What the frontier needs of a store's connection, whichever engine is behind it."""

    def execute(self, query: str, params: Iterable[Any] = ()) -> Any: ...

    def executemany(self, query: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run ``query`` once per row; how many rows it inserted or changed in all."""
        ...

    def atomic(self) -> AbstractContextManager[Any]: ...

    def serialize(self, key: str) -> None:
        """Inside a transaction: wait for other writers holding ``key`` until it ends (where
        writers run at once: PostgreSQL), so batches of URLs never lock rows in crossed order."""
        ...


class SqliteFrontierDb:
    """A sqlite-utils Database as a FrontierDb. SQLite lets one writer in at a time, so there
    is nothing to serialize."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def execute(self, query: str, params: Iterable[Any] = ()) -> Any:
        return self._db.execute(query, list(params))

    def executemany(self, query: str, rows: Iterable[Sequence[Any]]) -> int:
        return int(self._db.conn.executemany(query, rows).rowcount)

    def atomic(self) -> AbstractContextManager[Any]:
        return self._db.atomic()

    def serialize(self, key: str) -> None:
        return None


def _now() -> str:
    return datetime.now(UTC).isoformat()


def failed_state(attempts: int, *, permanent: bool, max_attempts: int, counts: bool) -> str:
    """The state after a failure, given the attempts counted so far (this one included)."""
    if permanent or attempts >= max_attempts:
        return "dead"
    return "failed" if counts else "pending"


class Frontier:
    """Frontier reads and writes on the store's connection; each call is one transaction.
    The SQLite store gives it a SqliteFrontierDb, the PostgreSQL one its own FrontierDb."""

    def __init__(self, db: FrontierDb) -> None:
        self.db = db

    def add(self, source: str, links: Iterable[tuple[str, datetime | None, str | None]],
            found_on: str, *, refresh: bool = False) -> int:
        """Record discovered article links; URLs already known keep their state unless
        ``refresh`` (the source re-fetches stored articles). Returns how many were new."""
        now = _now()
        rows = [(url, source, found_on, published.isoformat() if published else None,
                 (title or "")[:500] or None, now, now) for url, published, title in links]
        with self.db.atomic():
            self.db.serialize("frontier")
            # Insert as pending, then settle in one statement what is stored already: cheaper
            # than a lookup per row on a 100,000-link listing.
            added = self.db.executemany(
                "insert into frontier (url, source, kind, state, found_on, published, title, "
                "discovered_at, updated_at) values (?, ?, 'article', 'pending', ?, ?, ?, ?, ?) "
                "on conflict (url) do nothing", rows)
            if added:
                self.db.execute("update frontier set state = 'stored' where state = 'pending' and "
                                "discovered_at = ? and source = ? and url in "
                                "(select canonical_url from articles)", [now, source])
            if refresh:
                self.db.executemany(
                    "update frontier set state = 'pending', updated_at = ? where url = ? "
                    "and state = 'stored'", [(now, row[0]) for row in rows])
        return added

    def known(self, urls: Iterable[str]) -> set[str]:
        """Which of these URLs the frontier already holds, in any state."""
        return self._select("select url from frontier where url in ({marks})", list(urls))

    def unsettled(self, urls: Iterable[str]) -> set[str]:
        """Which of these URLs are neither stored nor dead (absent ones count as unsettled)."""
        wanted = set(urls)
        settled = self._select("select url from frontier where state in ('stored', 'dead') "
                               "and url in ({marks})", list(wanted))
        return wanted - settled

    def _select(self, sql: str, values: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(values), _CHUNK):
            chunk = values[start : start + _CHUNK]
            query = sql.format(marks=",".join("?" * len(chunk)))
            found.update(row[0] for row in self.db.execute(query, chunk).fetchall())
        return found

    def due(self, source: str) -> list[FrontierRow]:
        """Article URLs of the source still to do, first discovered first; failed ones last."""
        rows = self.db.execute(
            "select url, published, title, attempts from frontier where source = ? and kind = "
            "'article' and state in ('pending', 'failed') order by state = 'failed', rowid",
            [source]).fetchall()
        return [FrontierRow(url=url, published=datetime.fromisoformat(published) if published else None,
                            title=title, attempts=attempts or 0) for url, published, title, attempts in rows]

    def settle_stored(self, source: str) -> int:
        """Mark due rows whose article is stored already (a run killed between the two writes)."""
        with self.db.atomic():
            cursor = self.db.execute(
                "update frontier set state = 'stored', updated_at = ? where source = ? and state in "
                "('pending', 'failed') and kind = 'article' and url in (select canonical_url from articles)",
                [_now(), source])
        return int(cursor.rowcount or 0)

    def mark_stored(self, urls: Iterable[str], source: str) -> None:
        now = _now()
        with self.db.atomic():
            self.db.serialize("frontier")
            self.db.executemany(
                "insert into frontier (url, source, kind, state, discovered_at, updated_at) values "
                "(?, ?, 'article', 'stored', ?, ?) on conflict (url) do update set state = 'stored', "
                "last_error = null, updated_at = excluded.updated_at",
                [(url, source, now, now) for url in sorted(set(urls))])

    def mark_failed(self, url: str, reason: str, *, permanent: bool, max_attempts: int,
                    counts: bool = True) -> str:
        """Record a failed attempt; returns the new state (``dead`` once it is hopeless).
        ``counts`` False: the URL was not tried (host backing off, robots.txt unavailable).
        The count is raised in the row itself, so two workers failing one URL count twice."""
        step = 1 if counts else 0
        with self.db.atomic():
            found = self.db.execute("update frontier set attempts = coalesce(attempts, 0) + ? "
                                    "where url = ? returning attempts", [step, url]).fetchall()
            attempts = int(found[0][0]) if found else step
            state = failed_state(attempts, permanent=permanent, max_attempts=max_attempts,
                                 counts=counts)
            self.db.execute("update frontier set state = ?, last_error = ?, updated_at = ? "
                            "where url = ?", [state, reason[:500], _now(), url])
        return state

    # -- listing pages a walk has reached -----------------------------------------------------

    def add_listing(self, source: str, url: str, found_on: str) -> None:
        now = _now()
        with self.db.atomic():
            self.db.execute("insert into frontier (url, source, kind, state, found_on, discovered_at, "
                            "updated_at) values (?, ?, 'listing', 'pending', ?, ?, ?) on conflict (url) "
                            "do update set state = 'pending', updated_at = excluded.updated_at "
                            "where frontier.kind = 'listing'", [url, source, found_on, now, now])

    def listing_done(self, url: str) -> None:
        with self.db.atomic():
            self.db.execute("update frontier set state = 'stored', updated_at = ? where url = ? "
                            "and kind = 'listing'", [_now(), url])

    def pending_listings(self, source: str) -> list[str]:
        rows = self.db.execute("select url from frontier where source = ? and kind = 'listing' and "
                               "state = 'pending' order by rowid", [source]).fetchall()
        return [row[0] for row in rows]

    # -- reporting -------------------------------------------------------------------------------

    def counts(self) -> dict[str, dict[str, int]]:
        """Per source, article URLs per state: what `monitor status` shows of the frontier."""
        return frontier_counts(self.db.execute)

    def failures(self, source: str, limit: int = 20) -> list[dict[str, Any]]:
        """The latest failed or dead URLs of a source with their reasons."""
        return frontier_failures(self.db.execute, source, limit)


def frontier_counts(execute: Callable[[str, list[Any]], Any]) -> dict[str, dict[str, int]]:
    """Free of any store class, so `monitor status` can read them over a plain connection."""
    result: dict[str, dict[str, int]] = {}
    for source, state, count in execute(
            "select source, state, count(*) from frontier where kind = 'article' "
            "group by 1, 2 order by 1, 2", []).fetchall():
        result.setdefault(source, {})[state] = count
    return result


def frontier_failures(execute: Callable[[str, list[Any]], Any], source: str,
                      limit: int = 20) -> list[dict[str, Any]]:
    rows = execute(
        "select url, state, attempts, last_error, updated_at from frontier where source = ? and "
        "state in ('failed', 'dead') order by updated_at desc limit ?", [source, limit]).fetchall()
    return [dict(zip(("url", "state", "attempts", "last_error", "updated_at"), row, strict=True))
            for row in rows]
