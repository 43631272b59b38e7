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
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

__all__ = ["DUE_STATES", "Frontier", "FrontierRow", "create_frontier_table"]

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


def _now() -> str:
    return datetime.now(UTC).isoformat()


class Frontier:
    """Frontier reads and writes on the store's connection; each call is one transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, source: str, links: Iterable[tuple[str, datetime | None, str | None]],
            found_on: str, *, refresh: bool = False) -> int:
        """Record discovered article links; URLs already known keep their state unless
        ``refresh`` (the source re-fetches stored articles). Returns how many were new."""
        now = _now()
        rows = [(url, source, found_on, published.isoformat() if published else None,
                 (title or "")[:500] or None, now) for url, published, title in links]
        before = self.db.conn.total_changes
        with self.db.atomic():
            # Insert as pending, then settle in one statement what is stored already: cheaper
            # than a lookup per row on a 100,000-link listing.
            self.db.conn.executemany(
                "insert or ignore into frontier (url, source, kind, state, found_on, published, "
                "title, discovered_at, updated_at) values (?1, ?2, 'article', 'pending', ?3, ?4, ?5, "
                "?6, ?6)", rows)
            added = self.db.conn.total_changes - before
            if added:
                self.db.execute("update frontier set state = 'stored' where state = 'pending' and "
                                "discovered_at = ? and source = ? and url in "
                                "(select canonical_url from articles)", [now, source])
            if refresh:
                self.db.conn.executemany(
                    "update frontier set state = 'pending', updated_at = ?2 where url = ?1 "
                    "and state = 'stored'", [(row[0], now) for row in rows])
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
            self.db.conn.executemany(
                "insert into frontier (url, source, kind, state, discovered_at, updated_at) values "
                "(?, ?, 'article', 'stored', ?, ?) on conflict(url) do update set state = 'stored', "
                "last_error = null, updated_at = excluded.updated_at",
                [(url, source, now, now) for url in dict.fromkeys(urls)])

    def mark_failed(self, url: str, reason: str, *, permanent: bool, max_attempts: int,
                    counts: bool = True) -> str:
        """Record a failed attempt; returns the new state (``dead`` once it is hopeless).
        ``counts`` False: the URL was not tried (host backing off, robots.txt unavailable)."""
        row = self.db.execute("select attempts from frontier where url = ?", [url]).fetchone()
        attempts = (row[0] or 0 if row else 0) + (1 if counts else 0)
        state = "dead" if permanent or attempts >= max_attempts else ("failed" if counts else "pending")
        with self.db.atomic():
            self.db.execute("update frontier set state = ?, attempts = ?, last_error = ?, "
                            "updated_at = ? where url = ?", [state, attempts, reason[:500], _now(), url])
        return state

    # -- listing pages a walk has reached -----------------------------------------------------

    def add_listing(self, source: str, url: str, found_on: str) -> None:
        now = _now()
        with self.db.atomic():
            self.db.execute("insert into frontier (url, source, kind, state, found_on, discovered_at, "
                            "updated_at) values (?, ?, 'listing', 'pending', ?, ?, ?) on conflict(url) "
                            "do update set state = 'pending', updated_at = excluded.updated_at "
                            "where kind = 'listing'", [url, source, found_on, now, now])

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
        result: dict[str, dict[str, int]] = {}
        for source, state, count in self.db.execute(
                "select source, state, count(*) from frontier where kind = 'article' "
                "group by 1, 2 order by 1, 2").fetchall():
            result.setdefault(source, {})[state] = count
        return result

    def failures(self, source: str, limit: int = 20) -> list[dict[str, Any]]:
        """The latest failed or dead URLs of a source with their reasons."""
        rows = self.db.execute(
            "select url, state, attempts, last_error, updated_at from frontier where source = ? and "
            "state in ('failed', 'dead') order by updated_at desc limit ?", [source, limit]).fetchall()
        return [dict(zip(("url", "state", "attempts", "last_error", "updated_at"), row, strict=True))
                for row in rows]
