"""What every store backend promises, and how to open the one the configuration names.

Two backends keep the same tables and the same numbered migrations: ``sqlite.Store`` (one file,
the default) and ``postgres.PostgresStore`` (several machines). Callers type against
``StoreContract`` and open with ``open_store``; neither needs to know which backend it got.

Guarantees both backends keep (tests/store/test_contract.py runs every one on both):
  - one row per canonical URL; saving unchanged content changes nothing but ``fetched_at``;
  - a changed article keeps its previous version in ``article_history``;
  - every save is one transaction: a failure leaves the old row, never half of the new one;
  - concurrent writers lose nothing: each URL is stored once and its history stays consistent.

Raw SQL (``rows``, ``iter_articles``) is written once, in SQLite's spelling with ``?`` marks;
the PostgreSQL backend translates it (see ``postgres.postgres_sql``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from monitor.errors import ConfigError, InputError

if TYPE_CHECKING:
    from monitor.config import Settings
    from monitor.models import Article, Classification, FetchLogEntry, RunStats
    from monitor.store.search import SearchFilters

__all__ = ["SaveOutcome", "StoreContract", "open_store", "read_status", "sqlite_path"]

SaveOutcome = Literal["new", "updated", "unchanged"]


class StoreContract(Protocol):
    """The public methods the pipeline, the CLI, the digest and the feed call."""

    @property
    def path(self) -> Path | str: ...  # what `monitor status` shows: a file, or a URL without password

    def close(self) -> None: ...
    def __enter__(self) -> StoreContract: ...
    def __exit__(self, *exc: object) -> None: ...
    def schema_version(self) -> list[str]: ...

    # articles
    def save_article(self, article: Article, *, fetched_at: datetime | None = None,
                     classification: Classification | None = None) -> SaveOutcome: ...
    def get_article_row(self, article_id: str) -> dict[str, Any] | None: ...
    def get_article(self, article_id: str) -> Article | None: ...
    def has_url(self, canonical_url: str) -> bool: ...
    def known_urls(self, urls: Iterable[str]) -> set[str]: ...
    def iter_articles(self, where: str = "1 = 1", params: Iterable[Any] = ()) -> Iterator[Article]: ...
    def history(self, article_id: str) -> list[dict[str, Any]]: ...
    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]: ...
    def search_articles(self, filters: SearchFilters, *, limit: int = 20, offset: int = 0,
                        count_up_to: int = 1000) -> tuple[list[dict[str, Any]], int]: ...
    def article_ids(self) -> list[str]: ...

    # classification
    def save_classification(self, article_id: str, result: Classification) -> None: ...
    def put_classification(self, article_id: str, result: Classification) -> None: ...
    def get_classification(self, article_id: str) -> Classification | None: ...

    # HTTP cache, fetch log, runs, sources
    def validators(self, url: str) -> tuple[str | None, str | None]: ...
    def save_validators(self, url: str, etag: str | None, last_modified: str | None,
                        status: int) -> None: ...
    def log_fetches(self, entries: Iterable[FetchLogEntry]) -> None: ...
    def record_run(self, stats: RunStats, *, next_run_at: datetime | None = None) -> None: ...
    def set_source_fields(self, name: str, **fields: Any) -> None: ...
    def source_rows(self) -> list[dict[str, Any]]: ...

    # reporting
    def status(self, tz: tzinfo, days: int = 7) -> dict[str, Any]: ...
    def articles_first_seen(self, start: datetime, end: datetime) -> list[Article]: ...

    # portable primitives, for the stages that keep their own tables (digests, deliveries, …)
    def transaction(self) -> AbstractContextManager[Any]: ...
    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]: ...
    def upsert_row(self, table: str, row: Mapping[str, Any], key: str) -> None: ...
    def insert_rows(self, table: str, rows: Iterable[Mapping[str, Any]]) -> int: ...

    # copying a whole database (`monitor migrate`)
    def tables(self) -> dict[str, list[str]]: ...
    def iter_rows(self, table: str) -> Iterator[dict[str, Any]]: ...
    def count(self, table: str) -> int: ...


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///path`` URL (or of a plain path); None for any other URL."""
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///"):])
    return None if "://" in url else Path(url)


def open_store(target: Settings | str | Path, *, must_exist: bool = False) -> StoreContract:
    """Open (creating and migrating if needed) the store a URL, a path or the settings name.

    ``must_exist`` is for commands that only read: a mistyped SQLite path is then an error
    instead of a new, empty database."""
    url = target if isinstance(target, str) else (
        f"sqlite:///{target}" if isinstance(target, Path) else target.storage_url)
    path = sqlite_path(url)
    if path is None:
        if not url.startswith(("postgresql://", "postgres://")):
            raise InputError(url, "unknown storage URL (use sqlite:///PATH or postgresql://…)")
        try:
            from monitor.store.postgres import PostgresStore
        except ImportError as exc:
            raise ConfigError("storage", "a PostgreSQL URL needs psycopg: "
                              "pip install 'monitor[postgres]'", "url") from exc
        return PostgresStore.open(url)
    if must_exist and not path.exists():
        raise InputError(path, "no such database (create one with `monitor replay fixtures/` "
                               "or `monitor crawl --once`)")
    from monitor.store.sqlite import Store

    return Store.open(path)



def read_status(settings: Settings) -> dict[str, Any]:
    """What `monitor status` reports. A SQLite file whose schema is current is read over a plain
    connection (store/sqlite_status.py), since that command's start-up is a tracked figure;
    anything else opens the store as every other command does."""
    path = sqlite_path(settings.storage_url)
    if path is not None and path.exists():
        from monitor.store.sqlite_status import read_current

        report = read_current(path, settings.tz)
        if report is not None:
            return report
    store = open_store(settings, must_exist=True)
    try:
        return store.status(settings.tz)
    finally:
        store.close()

if TYPE_CHECKING:
    from monitor.store.postgres import PostgresStore
    from monitor.store.sqlite import Store

    def _both_backends_keep_the_contract(sqlite: Store, postgres: PostgresStore) -> list[StoreContract]:
        """Never called: mypy checks here that each backend has every method of the contract."""
        return [sqlite, postgres]
