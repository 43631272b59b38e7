"""The crawl frontier's bookkeeping, and opening a database another process is using."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.errors import StoreError
from monitor.store.sqlite import Store

URLS = [f"https://x.cn/news/{n}/" for n in range(3)]


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "f.db") as opened:
        yield opened


def add(store: Store, urls: list[str] = URLS) -> int:
    return store.frontier.add("x", [(url, None, None) for url in urls], "https://x.cn/news/")


def test_discovered_urls_are_due_once_in_discovery_order(store: Store) -> None:
    assert add(store) == 3 and add(store) == 0
    assert [row.url for row in store.frontier.due("x")] == URLS


def test_stored_urls_are_no_longer_due(store: Store) -> None:
    add(store)
    store.frontier.mark_stored(URLS[:2], "x")
    assert [row.url for row in store.frontier.due("x")] == URLS[2:]


def test_a_passing_failure_stays_due_until_the_attempt_limit(store: Store) -> None:
    add(store, URLS[:1])
    states = [store.frontier.mark_failed(URLS[0], "network-error", permanent=False, max_attempts=3)
              for _ in range(3)]
    assert states == ["failed", "failed", "dead"]


def test_a_url_not_tried_keeps_its_attempts(store: Store) -> None:
    add(store, URLS[:1])
    store.frontier.mark_failed(URLS[0], "circuit-open", permanent=False, max_attempts=1, counts=False)
    assert store.frontier.due("x")[0].attempts == 0


def test_a_pending_listing_page_is_resumed(store: Store) -> None:
    store.frontier.add_listing("x", "https://x.cn/news/?page=2", "https://x.cn/news/")
    assert store.frontier.pending_listings("x") == ["https://x.cn/news/?page=2"]
    store.frontier.listing_done("https://x.cn/news/?page=2")
    assert store.frontier.pending_listings("x") == []


def test_status_shows_the_frontier_per_source_and_state(store: Store) -> None:
    add(store)
    store.frontier.mark_stored(URLS[:1], "x")
    from zoneinfo import ZoneInfo

    assert store.status(ZoneInfo("UTC"))["frontier"] == {"x": {"pending": 2, "stored": 1}}


def test_another_process_holding_the_lock_is_one_store_error(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    holder = sqlite3.connect(path, isolation_level=None)  # a database not yet migrated
    holder.execute("create table other (x)")
    holder.execute("begin exclusive")
    try:
        with pytest.raises(StoreError, match=r"busy.db: the database is locked by another process"):
            Store.open(path, wait=0.3)
    finally:
        holder.execute("rollback")
        holder.close()


@pytest.mark.slow
def test_several_status_commands_at_once_on_a_new_database_all_succeed(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    db.touch()  # created a moment ago by another command, not yet migrated
    children = [subprocess.Popen([sys.executable, "-m", "monitor", "status", "--db", str(db)],
                                 cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(5)]
    results = [(child.wait(timeout=60), child.stderr.read() if child.stderr else "") for child in children]
    assert [code for code, _ in results] == [0] * 5, results


def test_status_names_each_failed_url_and_its_reason(store: Store) -> None:
    add(store, URLS[:1])
    store.frontier.mark_failed(URLS[0], "http-error: HTTP 404", permanent=True, max_attempts=5)
    from zoneinfo import ZoneInfo

    failures = store.status(ZoneInfo("UTC"))["frontier_failures"]["x"]
    assert [(f["url"], f["state"], f["last_error"]) for f in failures] == [(URLS[0], "dead", "http-error: HTTP 404")]
