"""The SQLite store: one file, one row per canonical article URL, nothing lost.

Tables (schema changes are numbered migrations, each in its own transaction):
  articles          the current version of every article; full-text index on title, lede, body
  article_history   earlier versions of an article whose content changed
  classifications   the partnership verdict of each article, with the classifier version
  http_cache        ETag / Last-Modified per URL, for conditional GET
  fetch_log         every HTTP exchange, so a user can see why an article is missing
  runs              one row per source run with its counts
  sources           per-source health: last success, last failure and why, next run
  reviews           readers' reviews (store/reviews.py); the ``verdicts`` view lets them win
  frontier          every discovered URL until it is stored or failed for good (store/frontier.py)
  digest_index      what a day's digest reads first, kept by triggers (store/dayindex.py)

Every write that belongs together happens in one transaction, so a killed process leaves either
the old row or the new one, never half of each. WAL mode lets `monitor status` read while the
daemon writes.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from monitor.errors import StoreError

if TYPE_CHECKING:  # imported where used: `monitor status` never builds the record models
    from monitor.models import Article, Classification, FetchLogEntry, RunStats

from monitor.store import dayindex as _dayindex
from monitor.store import reviews as _reviews
from monitor.store import search as _search
from monitor.store.frontier import Frontier, SqliteFrontierDb, create_frontier_table
from monitor.store.sqlite_status import BUSY_TIMEOUT_S, MIGRATION_SET, status_report

__all__ = ["SaveOutcome", "Store", "utc_now"]

SaveOutcome = Literal["new", "updated", "unchanged"]
_JSON_COLUMNS = ("body", "photo_credits", "tags", "districts", "field_extractors")
_BUSY_TIMEOUT_MS = int(BUSY_TIMEOUT_S * 1000)

migrations = Migrations(MIGRATION_SET)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime | None) -> str | None:
    """Bookkeeping stamps are stored in UTC so that they sort and compare as text."""
    if moment is None:
        return None
    if moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: monitor stores aware times only")
    return moment.astimezone(UTC).isoformat()


@migrations()
def m001_initial(db: Database) -> None:
    db.table("articles").create(
        {"id": str, "url": str, "canonical_url": str, "source": str, "section": str, "title": str,
         "lede": str, "published": str, "published_utc": str, "date": str, "body": str,
         "text": str, "photo_credits": str, "source_credit": str, "editor": str, "tags": str,
         "districts": str, "language": str, "content_hash": str, "extractor": str,
         "field_extractors": str, "first_seen_at": str, "updated_at": str, "fetched_at": str},
        pk="id", not_null={"title", "content_hash", "first_seen_at"},
    )
    db.table("articles").create_index(["canonical_url"], unique=True)
    db.table("articles").create_index(["date"])
    db.table("articles").create_index(["source", "date"])
    db.table("articles").create_index(["first_seen_at"])
    db.table("article_history").create(
        {"id": int, "article_id": str, "content_hash": str, "title": str, "lede": str,
         "body": str, "published": str, "replaced_at": str},
        pk="id", foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("article_history").create_index(["article_id"])
    db.table("classifications").create(
        {"article_id": str, "partnership": int, "score": float, "kind": str, "parties": str,
         "sectors": str, "districts": str, "evidence": str, "rules": str, "version": str,
         "classified_at": str},
        pk="article_id", foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("http_cache").create(
        {"url": str, "etag": str, "last_modified": str, "status": int, "content_hash": str,
         "checked_at": str},
        pk="url",
    )
    db.table("fetch_log").create(
        {"id": int, "url": str, "source": str, "status": int, "bytes": int, "duration_ms": float,
         "attempt": int, "outcome": str, "error": str, "fetched_at": str},
        pk="id",
    )
    db.table("fetch_log").create_index(["url"])
    db.table("fetch_log").create_index(["fetched_at"])
    db.table("runs").create(
        {"id": int, "source": str, "started_at": str, "finished_at": str, "ok": int,
         "stats": str},
        pk="id",
    )
    db.table("runs").create_index(["source", "started_at"])
    db.table("sources").create(
        {"name": str, "last_run_at": str, "last_success_at": str, "last_failure_at": str,
         "last_failure": str, "next_run_at": str, "articles_found": int,
         "circuit_open_until": str, "profile_warning": str},
        pk="name",
    )
    db.table("articles").enable_fts(["title", "lede", "text"], create_triggers=True, tokenize="porter")


@migrations()
def m002_digests(db: Database) -> None:
    """Which days have had a digest, and what happened to each delivery."""
    db.table("digests").create(
        {"day": str, "generated_at": str, "articles": int, "tagged": int, "files": str},
        pk="day",
    )
    db.table("deliveries").create(
        {"id": int, "day": str, "channel": str, "ok": int, "attempts": int, "error": str,
         "delivered_at": str},
        pk="id",
    )
    db.table("deliveries").create_index(["day"])


@migrations()
def m003_time_indexes(db: Database) -> None:
    """The digest asks for articles updated on a day, and runs on a day."""
    db.table("articles").create_index(["updated_at"], if_not_exists=True)
    db.table("runs").create_index(["started_at"], if_not_exists=True)


@migrations()
def m004_classification_check(db: Database) -> None:
    """Why a verdict needs a reader's look (parties not read, score near the threshold)."""
    db.table("classifications").add_column("check_reasons", str)


# -- crawl frontier and robots.txt health (issue 12) ---------------------------------------------

@migrations()
def m005_frontier(db: Database) -> None:
    """The crawl frontier, and per source why its robots.txt could not be used as served."""
    create_frontier_table(db)
    db.table("sources").add_column("robots_problem", str)


_LOCKED_HINTS = ("locked", "busy", "already exists")


def _open_once(path: Path, wait: float) -> Database:
    busy_ms = int(wait * 1000)
    conn = sqlite3.connect(path, timeout=wait, check_same_thread=False)
    db = Database(conn)
    try:
        db.execute(f"PRAGMA busy_timeout = {busy_ms}")
        db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        migrations.apply(db)
    except BaseException:
        conn.close()
        raise
    return db


def _open_with_retries(path: Path, wait: float) -> Database:
    """Another process may hold the lock or be creating the same new database (several
    `monitor status` at once): wait and retry, then fail with one line naming the file."""
    deadline = time.monotonic() + wait
    pause = 0.05
    while True:
        try:
            return _open_once(path, min(wait, max(0.05, deadline - time.monotonic())))
        except sqlite3.OperationalError as exc:
            if not any(hint in str(exc).lower() for hint in _LOCKED_HINTS):
                raise
            if time.monotonic() + pause > deadline:
                raise StoreError(path, f"the database is locked by another process; gave up after "
                                       f"{wait:g} s ({exc})") from None
            time.sleep(pause * (0.5 + random.random()))
            pause = min(pause * 2, 1.0)

# -- end of the issue 12 section -----------------------------------------------------------------


# == reviews (issue 13): migration, then the Store methods in the section marked below ========


@migrations()
def m006_reviews(db: Database) -> None:
    """Readers' reviews, and the verdicts view through which every report reads them."""
    _reviews.create_reviews(db)


# == the digest's day index (issue 14) ========================================================


@migrations()
def m007_digest_index(db: Database) -> None:
    """What a day's digest reads first, per article, kept in step by triggers (store/dayindex.py)."""
    _dayindex.create_sqlite(db)


class Store:
    """All database access. Open it with ``Store.open(path)``; close it when done."""

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        self.frontier = Frontier(SqliteFrontierDb(db))

    @classmethod
    def open(cls, path: Path, *, wait: float = _BUSY_TIMEOUT_MS / 1000) -> Store:
        """Open (creating if needed) and migrate; a file that is not SQLite is a StoreError, and
        so is a lock another process holds for longer than ``wait`` seconds."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = _open_with_retries(path, wait)
        except sqlite3.DatabaseError as exc:
            raise StoreError(path, f"cannot open the database: {exc}") from exc
        except OSError as exc:
            raise StoreError(path, f"cannot create the database: {exc.strerror or exc}") from exc
        return cls(db, path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> list[str]:
        return [m.name for m in migrations.applied(self.db)]

    # -- articles ------------------------------------------------------------------------------

    def save_article(self, article: Article, *, fetched_at: datetime | None = None,
                     classification: Classification | None = None) -> SaveOutcome:
        """Insert, update (keeping the old version in history) or leave alone; one transaction."""
        if article.id is None:
            raise StoreError(self.path, f"article {article.title!r} has no URL to key it by")
        now = utc_now()
        try:
            with self._immediate():
                outcome = self._upsert(article, now, fetched_at or now)
                if classification is not None:
                    self._put_classification(article.id, classification, now)
        except sqlite3.DatabaseError as exc:
            raise StoreError(self.path, f"could not save {article.canonical_url}: {exc}") from exc
        return outcome

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """A transaction that takes the write lock first. A save reads, then writes: two writers
        in deferred transactions would both read and then fail with "database is locked" at
        once (the busy timeout cannot help); taking the lock first makes the second one wait."""
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        self.db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.conn.rollback()
            raise
        self.db.conn.execute("COMMIT")

    def _upsert(self, article: Article, now: datetime, fetched_at: datetime) -> SaveOutcome:
        # Plain SQL on this path: sqlite-utils' helpers re-read the table schema on every call,
        # which cost more than the writes themselves when replaying thousands of articles.
        assert article.id is not None
        existing = self.db.execute("select content_hash, first_seen_at from articles where id = ?",
                                   [article.id]).fetchone()
        row = _article_row(article)
        row["fetched_at"] = _iso(fetched_at)
        if existing is None:
            row.update(first_seen_at=_iso(now), updated_at=_iso(now))
            self._write("insert into articles", row)
            return "new"
        if existing[0] == article.content_hash:
            self.db.execute("update articles set fetched_at = ? where id = ?",
                            [row["fetched_at"], article.id])
            return "unchanged"
        self.db.execute(
            "insert into article_history (article_id, content_hash, title, lede, body, published, "
            "replaced_at) select id, content_hash, title, lede, body, published, ? from articles "
            "where id = ?", [_iso(now), article.id])
        row.update(first_seen_at=existing[1], updated_at=_iso(now))
        # UPDATE, not REPLACE: a replace skips the delete trigger that keeps the FTS index right.
        assignments = ", ".join(f"[{key}] = ?" for key in row)
        self.db.execute(f"update articles set {assignments} where id = ?", [*row.values(), article.id])
        return "updated"

    def _write(self, verb: str, row: dict[str, Any]) -> None:
        columns = ", ".join(f"[{key}]" for key in row)
        marks = ", ".join("?" * len(row))
        self.db.execute(f"{verb} ({columns}) values ({marks})", list(row.values()))

    def get_article_row(self, article_id: str) -> dict[str, Any] | None:
        rows = list(self.db.table("articles").rows_where("id = ?", [article_id], limit=1))
        return rows[0] if rows else None

    def get_article(self, article_id: str) -> Article | None:
        row = self.get_article_row(article_id)
        return _row_article(row) if row else None

    def has_url(self, canonical_url: str) -> bool:
        sql = "select 1 from articles where canonical_url = ? limit 1"
        return self.db.execute(sql, [canonical_url]).fetchone() is not None

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(urls))
        known: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"select canonical_url from articles where canonical_url in ({marks})"
            known.update(row[0] for row in self.db.execute(sql, chunk).fetchall())
        return known

    def iter_articles(self, where: str = "1 = 1", params: Iterable[Any] = ()) -> Iterator[Article]:
        for row in self.db.table("articles").rows_where(where, list(params), order_by="published_utc"):
            yield _row_article(row)

    def history(self, article_id: str) -> list[dict[str, Any]]:
        return list(self.db.table("article_history").rows_where("article_id = ?", [article_id],
                                                          order_by="id"))

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles matching *query*, a user's words in the syntax of ``store.searchsyntax``
        (never raw FTS5, so ordinary text cannot be a syntax error); best match first."""
        from monitor.errors import InputError
        from monitor.store.searchsyntax import SearchSyntaxError, fts_query

        try:
            match = fts_query(query)
        except SearchSyntaxError as exc:
            raise InputError(f"search {query!r}", str(exc)) from None
        try:
            return list(self.db.table("articles").search(match, limit=limit,
                                                   columns=["id", "title", "date", "url"]))
        except sqlite3.OperationalError as exc:
            raise StoreError(self.path, f"search {query!r} failed: {exc}") from exc

    # -- classification ------------------------------------------------------------------------

    def save_classification(self, article_id: str, result: Classification) -> None:
        with self.db.atomic():
            self._put_classification(article_id, result, utc_now())

    def put_classification(self, article_id: str, result: Classification) -> None:
        """Write a verdict inside the caller's transaction (batch work such as reclassify)."""
        self._put_classification(article_id, result, utc_now())

    def _put_classification(self, article_id: str, result: Classification, now: datetime) -> None:
        row = result.model_dump()
        for key in ("parties", "sectors", "districts", "evidence", "rules"):
            row[key] = json.dumps(row[key], ensure_ascii=False)
        row["check_reasons"] = json.dumps(row.pop("check"), ensure_ascii=False)
        row.update(article_id=article_id, partnership=int(result.partnership),
                   classified_at=_iso(now))
        self._write("insert or replace into classifications", row)

    def get_classification(self, article_id: str) -> Classification | None:
        rows = list(self.db.table("classifications").rows_where("article_id = ?", [article_id]))
        if not rows:
            return None
        row = rows[0]
        data = {k: row[k] for k in ("score", "kind", "version")}
        data.update({k: json.loads(row[k] or "[]")
                     for k in ("parties", "sectors", "districts", "evidence", "rules")})
        data["check"] = json.loads(row.get("check_reasons") or "[]")
        from monitor.models import Classification

        return Classification(partnership=bool(row["partnership"]), **data)

    # == reviews (issue 13) =====================================================================

    def verdict(self, article_id: str) -> dict[str, Any] | None:
        """The article's verdict with reviews applied (the ``verdicts`` view's row)."""
        cursor = self.db.execute("select * from verdicts where article_id = ?", [article_id])
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None

    def reviews(self, article_id: str) -> list[dict[str, Any]]:
        """Every review of the article, oldest first."""
        return list(self.db.table("reviews").rows_where("article_id = ?", [article_id], order_by="id"))

    def add_review(self, article_id: str, request: _reviews.ReviewRequest) -> int | None:
        """Record a reader's action in one transaction; the new review's id, or None when an
        undo finds nothing to undo. An article never classified cannot be reviewed."""
        with self.db.atomic():
            verdict = self.verdict(article_id)
            if verdict is None:
                raise StoreError(self.path, f"article {article_id!r} has no verdict to review")
            classifier = {"partnership": bool(verdict["classifier_partnership"]),
                          "kind": verdict["classifier_kind"],
                          "parties": json.loads(verdict["classifier_parties"] or "[]"),
                          "sectors": json.loads(verdict["classifier_sectors"] or "[]")}
            row = _reviews.plan_review(request, verdict, self.reviews(article_id), classifier)
            if row is None:
                return None
            row.update(article_id=article_id, latest=1)
            self.db.execute("update reviews set latest = 0 where article_id = ? and latest = 1",
                            [article_id])
            self._write("insert into reviews", row)
            return int(self.db.execute("select last_insert_rowid()").fetchone()[0])

    def search_articles(self, filters: _search.SearchFilters, *, limit: int = 20, offset: int = 0,
                        count_up_to: int = 1000) -> tuple[list[dict[str, Any]], int]:
        """One page of matching articles, newest first, and how many match, counted up to
        ``count_up_to`` past this page (a larger number means "at least that many")."""
        try:
            # One query: the page and up to ``count_up_to`` rows after it, which are counted
            # and dropped (a second, counting query would run the full-text match again).
            sql, params = _search.search_sql(filters, limit + count_up_to, offset)
            rows = self.rows(sql, params)
            total = offset + len(rows)
            if not rows and offset:  # a page past the end: say how many there are
                total = int(self.db.execute(*_search.count_sql(filters, offset)).fetchone()[0])
            del rows[limit:]
        except sqlite3.OperationalError as exc:
            raise StoreError(self.path, f"bad search query {filters.q!r}: {exc}") from exc
        return rows, total

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Read-only SQL as dicts by column name."""
        cursor = self.db.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def reviewed_articles(self) -> Iterator[tuple[Article, dict[str, Any]]]:
        """Articles a reader reviewed, each with its verdict, oldest first (export and eval)."""
        sql = "select article_id from verdicts where reviewed = 1 order by article_id"
        for (article_id,) in self.db.execute(sql).fetchall():
            article, verdict = self.get_article(article_id), self.verdict(article_id)
            if article is not None and verdict is not None:
                yield article, verdict

    # -- HTTP cache, fetch log, runs, sources ----------------------------------------------------

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute("select etag, last_modified from http_cache where url = ?",
                              [url]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_validators(self, url: str, etag: str | None, last_modified: str | None,
                        status: int) -> None:
        with self.db.atomic():
            self._write("insert or replace into http_cache", {
                "url": url, "etag": etag, "last_modified": last_modified, "status": status,
                "checked_at": _iso(utc_now())})

    def log_fetches(self, entries: Iterable[FetchLogEntry]) -> None:
        rows = [e.model_dump(mode="json") for e in entries]
        if rows:
            columns = list(rows[0])
            sql = (f"insert into fetch_log ({', '.join(columns)}) "
                   f"values ({', '.join('?' * len(columns))})")
            with self.db.atomic():
                self.db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])

    def record_run(self, stats: RunStats, *, next_run_at: datetime | None = None) -> None:
        finished = stats.finished_at or utc_now()
        with self.db.atomic():
            self.db.table("runs").insert({"source": stats.source, "started_at": _iso(stats.started_at),
                                    "finished_at": _iso(finished), "ok": int(stats.ok),
                                    "stats": stats.model_dump_json()})
            self._update_source(stats, finished, next_run_at)

    def _update_source(self, stats: RunStats, finished: datetime,
                       next_run_at: datetime | None) -> None:
        row: dict[str, Any] = {"name": stats.source, "last_run_at": _iso(finished)}
        if stats.ok:
            row["last_success_at"] = _iso(finished)
        else:
            row.update(last_failure_at=_iso(finished), last_failure="; ".join(stats.failures)[:500])
        if next_run_at:
            row["next_run_at"] = _iso(next_run_at)
        found = self.db.execute("select count(*) from articles where source = ?",
                                [stats.source]).fetchone()[0]
        row["articles_found"] = found
        self.db.table("sources").upsert(row, pk="name")

    def set_source_fields(self, name: str, **fields: Any) -> None:
        with self.db.atomic():
            self.db.table("sources").upsert({"name": name, **fields}, pk="name")

    def source_rows(self) -> list[dict[str, Any]]:
        return list(self.db.table("sources").rows_where(order_by="name"))

    # -- reporting -----------------------------------------------------------------------------

    def status(self, tz: tzinfo, days: int = 7) -> dict[str, Any]:
        """What the database holds (store/sqlite_status.py, which `monitor status` also calls
        without opening a Store)."""
        return status_report(self.db.conn, str(self.path), tz, days)

    def articles_first_seen(self, start: datetime, end: datetime) -> list[Article]:
        return list(self.iter_articles("first_seen_at >= ? and first_seen_at < ?",
                                       [_iso(start), _iso(end)]))

    # -- portable primitives of the store contract (store/contract.py) ---------------------------

    def transaction(self) -> AbstractContextManager[Any]:
        return self.db.atomic()

    def upsert_row(self, table: str, row: Mapping[str, Any], key: str) -> None:
        with self.db.atomic():
            self.db.table(table).upsert(dict(row), pk=key)

    def insert_rows(self, table: str, rows: Iterable[Mapping[str, Any]]) -> int:
        batch = [dict(row) for row in rows]
        with self.db.atomic():
            self.db.table(table).insert_all(batch)
        return len(batch)

    def article_ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("select id from articles order by id").fetchall()]

    def tables(self) -> dict[str, list[str]]:
        """Data tables and their columns; the full-text index, the digest's day index and the
        migration log are derived."""
        return {name: list(self.db.table(name).columns_dict) for name in self.db.table_names()
                if not name.startswith(("articles_fts", "_sqlite", "sqlite_"))
                and name != _dayindex.TABLE}

    def iter_rows(self, table: str) -> Iterator[dict[str, Any]]:
        return self.db.table(table).rows

    def count(self, table: str) -> int:
        return int(self.db.execute(f"select count(*) from [{table}]").fetchone()[0])


def _article_row(article: Article) -> dict[str, Any]:
    row = article.model_dump(mode="json")
    for key in _JSON_COLUMNS:
        row[key] = json.dumps(row[key], ensure_ascii=False)
    row["published_utc"] = _iso(article.published.astimezone(UTC)) if article.published else None
    row["text"] = "\n\n".join(article.body)
    return row


def _row_article(row: dict[str, Any]) -> Article:
    from monitor.models import Article

    data = {k: v for k, v in row.items() if k in Article.model_fields}
    for key in _JSON_COLUMNS:
        data[key] = json.loads(row[key]) if row.get(key) else ([] if key != "field_extractors" else {})
    data["date"] = date.fromisoformat(row["date"]) if row.get("date") else None
    return Article.model_validate(data)
