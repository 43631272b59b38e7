"""The store contract: every behaviour once, run on SQLite and on PostgreSQL (which skips
without a server: see postgres_server.py)."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from postgres_server import fresh_database

from monitor.errors import StoreError
from monitor.models import Article, Classification, FetchLogEntry, RunStats
from monitor.store.contract import StoreContract, open_store
from monitor.store.frontier import Frontier

URL = "https://www.shine.cn/feature/district/2503258689/"
SHANGHAI = ZoneInfo("Asia/Shanghai")
MIGRATION_NAMES = ["m001_initial", "m002_digests", "m003_time_indexes", "m004_classification_check",
                   "m005_frontier", "m006_reviews", "m007_digest_index"]


@dataclass
class Backend:
    name: str
    url: str
    error: type[Exception]  # what the driver raises when a write fails

    def open(self) -> StoreContract:
        return open_store(self.url)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        yield Backend("sqlite", f"sqlite:///{tmp_path / 'm.db'}", sqlite3.OperationalError)
        return
    with fresh_database() as url:
        import psycopg

        yield Backend("postgres", url, psycopg.OperationalError)


@pytest.fixture
def store(backend: Backend) -> Iterator[StoreContract]:
    with backend.open() as opened:
        yield opened


@pytest.fixture
def open_more(backend: Backend) -> Iterator[Callable[[], StoreContract]]:
    """Further connections to the same database, closed at the end (concurrent writers)."""
    opened: list[StoreContract] = []

    def open_one() -> StoreContract:
        opened.append(backend.open())
        return opened[-1]

    yield open_one
    for one in opened:
        one.close()


def make_article(url: str = URL, **changes: object) -> Article:
    base = Article(url=url, canonical_url=url, source="shine-district", title="District partners",
                   lede="Qingpu and Fudan signed a deal.", body=["One.", "Two."],
                   published=datetime(2025, 3, 25, 14, tzinfo=SHANGHAI))
    return base.model_copy(update={"date": base.published.date() if base.published else None, **changes})


def article_id(article: Article) -> str:
    assert article.id is not None
    return article.id


# -- articles ------------------------------------------------------------------------------------


def test_first_save_is_new_and_second_unchanged(store: StoreContract) -> None:
    assert store.save_article(make_article()) == "new"
    assert store.save_article(make_article()) == "unchanged"
    assert store.count("articles") == 1


def test_changed_content_updates_row_and_keeps_old_version(store: StoreContract) -> None:
    first = make_article()
    store.save_article(first)
    assert store.save_article(make_article(body=["One.", "Two, corrected."])) == "updated"
    assert [h["content_hash"] for h in store.history(article_id(first))] == [first.content_hash]
    assert store.get_article(article_id(first)).body == ["One.", "Two, corrected."]  # type: ignore[union-attr]


def test_update_keeps_first_seen_time(store: StoreContract) -> None:
    store.save_article(make_article())
    before = store.get_article_row(article_id(make_article()))
    store.save_article(make_article(title="District partners, updated"))
    after = store.get_article_row(article_id(make_article()))
    assert before is not None and after is not None
    assert after["first_seen_at"] == before["first_seen_at"]


def test_article_round_trips_with_offset(store: StoreContract) -> None:
    article = make_article(tags=["Fudan University"], photo_credits=["Ti Gong"])
    store.save_article(article)
    loaded = store.get_article(article_id(article))
    assert loaded is not None and loaded.published is not None
    assert loaded.published.isoformat() == "2025-03-25T14:00:00+08:00"
    assert (loaded.content_hash, loaded.tags) == (article.content_hash, ["Fudan University"])


def test_row_has_the_same_columns_on_every_backend(store: StoreContract) -> None:
    store.save_article(make_article())
    row = store.get_article_row(article_id(make_article()))
    assert row is not None and set(row) == set(store.tables()["articles"])


def test_known_urls_are_those_stored(store: StoreContract) -> None:
    store.save_article(make_article())
    other = "https://www.shine.cn/feature/district/2503258690/"
    assert store.known_urls([URL, other, URL]) == {URL}
    assert store.has_url(URL) and not store.has_url(other)


def test_articles_first_seen_in_a_window(store: StoreContract) -> None:
    store.save_article(make_article())
    now = datetime.now(UTC)
    assert len(store.articles_first_seen(now - timedelta(hours=1), now + timedelta(hours=1))) == 1
    assert store.articles_first_seen(now + timedelta(hours=1), now + timedelta(hours=2)) == []


def test_failed_save_rolls_back_everything(store: StoreContract, backend: Backend,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store.save_article(make_article())

    def broken(*args: object, **kwargs: object) -> None:
        raise backend.error("disk I/O error")

    monkeypatch.setattr(store, "_put_classification", broken)
    with pytest.raises(StoreError):
        store.save_article(make_article(title="Changed title"),
                           classification=Classification(partnership=False, score=0.1, version="v"))
    assert store.get_article(article_id(make_article())).title == "District partners"  # type: ignore[union-attr]
    assert store.history(article_id(make_article())) == []


def test_article_without_url_is_refused(store: StoreContract) -> None:
    with pytest.raises(StoreError, match="no URL"):
        store.save_article(Article(title="Nowhere"))


# -- search --------------------------------------------------------------------------------------


def test_search_finds_body_words(store: StoreContract) -> None:
    store.save_article(make_article(body=["A joint laboratory for quantum sensing."]))
    assert [r["title"] for r in store.search("quantum")] == ["District partners"]
    assert store.search("nonexistentword") == []


def test_search_follows_updates(store: StoreContract) -> None:
    store.save_article(make_article(body=["About quantum sensing."]))
    store.save_article(make_article(body=["About biomedicine now."]))
    assert store.search("quantum") == []
    assert len(store.search("biomedicine")) == 1


def test_search_results_have_one_shape(store: StoreContract) -> None:
    store.save_article(make_article(body=["Quantum."]))
    assert list(store.search("quantum")[0]) == ["id", "title", "date", "url"]


def test_search_stems_words(store: StoreContract) -> None:
    store.save_article(make_article(body=["The district signed agreements."]))
    assert len(store.search("agreement")) == 1


def test_search_respects_the_limit(store: StoreContract) -> None:
    for n in range(5):
        store.save_article(make_article(url=f"{URL}{n}/", body=[f"Quantum lab {n}."]))
    assert len(store.search("quantum", limit=3)) == 3


# -- classification ------------------------------------------------------------------------------


def test_classification_is_stored_with_its_version(store: StoreContract) -> None:
    verdict = Classification(partnership=True, score=0.9, kind="agreement",
                             parties=["Qingpu District", "Fudan University"], version="rules-1",
                             check=["parties-unread"])
    store.save_article(make_article(), classification=verdict)
    assert store.get_classification(article_id(make_article())) == verdict


def test_newer_classification_replaces_the_old(store: StoreContract) -> None:
    store.save_article(make_article(), classification=Classification(partnership=True, score=0.9,
                                                                     version="v1"))
    store.save_classification(article_id(make_article()),
                              Classification(partnership=False, score=0.2, version="v2"))
    assert store.get_classification(article_id(make_article())).version == "v2"  # type: ignore[union-attr]


# -- bookkeeping ---------------------------------------------------------------------------------


def test_run_updates_source_health(store: StoreContract) -> None:
    store.record_run(RunStats(source="shine-district", started_at=datetime.now(UTC),
                              failures=["x: network-error"]))
    row = store.source_rows()[0]
    assert row["last_failure"] == "x: network-error" and row["last_success_at"] is None


def test_source_fields_update_only_what_is_given(store: StoreContract) -> None:
    store.set_source_fields("shine-district", profile_warning="selectors missed")
    store.set_source_fields("shine-district", next_run_at="2025-03-25T06:00:00+00:00")
    row = store.source_rows()[0]
    assert (row["profile_warning"], row["next_run_at"]) == ("selectors missed",
                                                             "2025-03-25T06:00:00+00:00")


def test_fetch_log_and_validators(store: StoreContract) -> None:
    store.log_fetches([FetchLogEntry(url=URL, status=200, fetched_at=datetime.now(UTC))])
    store.save_validators(URL, '"abc"', "Tue, 25 Mar 2025 06:00:00 GMT", 200)
    store.save_validators(URL, '"def"', None, 200)
    assert store.count("fetch_log") == 1
    assert store.validators(URL) == ('"def"', None)


def test_status_counts_per_source(store: StoreContract) -> None:
    store.save_article(make_article())
    report = store.status(SHANGHAI)
    assert report["articles"] == 1 and report["per_source"] == {"shine-district": 1}


def _classified(store: StoreContract) -> str:
    article = make_article()
    store.save_article(article, classification=Classification(
        partnership=True, score=0.9, kind="agreement", parties=["Qingpu District", "Fudan"], version="v"))
    return article_id(article)


def test_review_reject_wins_over_the_classifier(store: StoreContract) -> None:
    from monitor.store.reviews import ReviewRequest

    key = _classified(store)
    assert store.add_review(key, ReviewRequest(action="reject", user="ana")) is not None
    verdict = store.verdict(key)
    assert verdict is not None and not verdict["partnership"] and verdict["reviewed"]
    assert verdict["classifier_partnership"] == 1 and verdict["reviewed_by"] == "ana"


def test_review_correction_and_undo(store: StoreContract) -> None:
    from monitor.store.reviews import ReviewRequest

    key = _classified(store)
    store.add_review(key, ReviewRequest(action="correct", user="ana", parties=["Qingpu", "Fudan University"]))
    assert store.verdict(key)["parties"] == '["Qingpu", "Fudan University"]'  # type: ignore[index]
    store.add_review(key, ReviewRequest(action="undo", user="ana"))
    assert store.verdict(key)["parties"] == '["Qingpu District", "Fudan"]'  # type: ignore[index]
    assert [r["action"] for r in store.reviews(key)] == ["correct", "undo"]


def test_reviewed_articles_lists_only_reviewed_ones(store: StoreContract) -> None:
    from monitor.store.reviews import ReviewRequest

    key = _classified(store)
    assert list(store.reviewed_articles()) == []
    store.add_review(key, ReviewRequest(action="confirm", user="ana"))
    assert [article.id for article, _ in store.reviewed_articles()] == [key]


def test_schema_has_the_same_migration_names(store: StoreContract) -> None:
    assert store.schema_version() == MIGRATION_NAMES


def test_reopening_keeps_data_and_does_not_migrate_twice(backend: Backend) -> None:
    with backend.open() as first:
        first.save_article(make_article())
    with backend.open() as second:
        assert second.count("articles") == 1 and second.schema_version() == MIGRATION_NAMES


# -- crawl frontier --------------------------------------------------------------------------------

LISTING = "https://www.shine.cn/feature/district/"
FOUND = [f"{URL}{n}/" for n in (7, 2, 9)]  # discovery order, not sorted


def frontier(store: StoreContract) -> Frontier:
    """The store's frontier (an attribute of both stores, not yet in the contract)."""
    found: Frontier = store.frontier  # type: ignore[attr-defined]
    return found


def discover(store: StoreContract, urls: list[str] = FOUND, *, refresh: bool = False) -> int:
    return frontier(store).add("shine-district", [(url, None, None) for url in urls], LISTING,
                               refresh=refresh)


def due_urls(store: StoreContract) -> list[str]:
    return [row.url for row in frontier(store).due("shine-district")]


def fail(store: StoreContract, url: str, *, permanent: bool = False, counts: bool = True) -> str:
    return frontier(store).mark_failed(url, "network-error", permanent=permanent, max_attempts=3,
                                       counts=counts)


def test_frontier_table_has_the_same_columns_on_every_backend(store: StoreContract) -> None:
    assert store.tables()["frontier"] == ["url", "source", "kind", "state", "attempts", "last_error",
                                          "found_on", "published", "title", "discovered_at",
                                          "updated_at"]


def test_frontier_counts_only_new_urls(store: StoreContract) -> None:
    assert (discover(store), discover(store), discover(store, [*FOUND, f"{URL}1/"])) == (3, 0, 1)


def test_frontier_due_urls_come_in_discovery_order(store: StoreContract) -> None:
    discover(store)
    assert due_urls(store) == FOUND


def test_frontier_keeps_published_time_and_title(store: StoreContract) -> None:
    published = datetime(2025, 3, 25, 6, tzinfo=UTC)
    frontier(store).add("shine-district", [(URL, published, "District partners")], LISTING)
    row = frontier(store).due("shine-district")[0]
    assert (row.published, row.title, row.attempts) == (published, "District partners", 0)


def test_frontier_stored_urls_are_no_longer_due(store: StoreContract) -> None:
    discover(store)
    frontier(store).mark_stored(FOUND[:2], "shine-district")
    assert due_urls(store) == FOUND[2:]


def test_frontier_url_of_a_stored_article_is_settled_when_found(store: StoreContract) -> None:
    store.save_article(make_article(url=FOUND[1]))
    discover(store)
    assert due_urls(store) == [FOUND[0], FOUND[2]]


def test_frontier_settles_due_rows_whose_article_was_stored(store: StoreContract) -> None:
    discover(store)
    store.save_article(make_article(url=FOUND[0]))
    assert frontier(store).settle_stored("shine-district") == 1
    assert due_urls(store) == FOUND[1:]


def test_frontier_refresh_makes_stored_urls_due_again(store: StoreContract) -> None:
    discover(store)
    frontier(store).mark_stored(FOUND, "shine-district")
    discover(store, FOUND[:1], refresh=True)
    assert due_urls(store) == FOUND[:1]


def test_frontier_failed_urls_come_after_pending_ones(store: StoreContract) -> None:
    discover(store)
    fail(store, FOUND[0])
    assert due_urls(store) == [*FOUND[1:], FOUND[0]]


def test_frontier_passing_failure_is_dead_at_the_attempt_limit(store: StoreContract) -> None:
    discover(store, FOUND[:1])
    assert [fail(store, FOUND[0]) for _ in range(3)] == ["failed", "failed", "dead"]
    assert due_urls(store) == []


def test_frontier_permanent_failure_is_dead_at_once(store: StoreContract) -> None:
    discover(store, FOUND[:1])
    assert fail(store, FOUND[0], permanent=True) == "dead"


def test_frontier_url_not_tried_keeps_its_attempts(store: StoreContract) -> None:
    discover(store, FOUND[:1])
    assert fail(store, FOUND[0], counts=False) == "pending"
    assert frontier(store).due("shine-district")[0].attempts == 0


def test_frontier_known_and_unsettled_urls(store: StoreContract) -> None:
    discover(store, FOUND[:2])
    frontier(store).mark_stored(FOUND[:1], "shine-district")
    assert frontier(store).known(FOUND) == set(FOUND[:2])
    assert frontier(store).unsettled(FOUND) == set(FOUND[1:])


def test_frontier_pending_listing_page_is_resumed_until_done(store: StoreContract) -> None:
    pages = [f"{LISTING}?page={n}" for n in (3, 2)]
    for page in pages:
        frontier(store).add_listing("shine-district", page, LISTING)
    assert frontier(store).pending_listings("shine-district") == pages
    frontier(store).listing_done(pages[0])
    assert frontier(store).pending_listings("shine-district") == pages[1:]


def test_frontier_counts_article_urls_per_source_and_state(store: StoreContract) -> None:
    discover(store)
    frontier(store).mark_stored(FOUND[:1], "shine-district")
    fail(store, FOUND[1], permanent=True)
    frontier(store).add_listing("shine-district", f"{LISTING}?page=2", LISTING)
    assert frontier(store).counts() == {"shine-district": {"dead": 1, "pending": 1, "stored": 1}}


def test_status_names_each_failed_url_and_its_reason(store: StoreContract) -> None:
    discover(store, FOUND[:1])
    fail(store, FOUND[0], permanent=True)
    failures = store.status(SHANGHAI)["frontier_failures"]["shine-district"]
    assert [(f["url"], f["state"], f["attempts"], f["last_error"]) for f in failures] == [
        (FOUND[0], "dead", 1, "network-error")]


def test_status_shows_the_frontier(store: StoreContract) -> None:
    discover(store)
    assert store.status(SHANGHAI)["frontier"] == {"shine-district": {"pending": 3}}


def test_status_shows_robots_problems(store: StoreContract) -> None:
    store.set_source_fields("shine-district", robots_problem="robots.txt: HTTP 503")
    store.set_source_fields("other")
    assert store.status(SHANGHAI)["robots_problems"] == {"shine-district": "robots.txt: HTTP 503"}


ROUNDS, LINKS = 4, 200


def _discover_in_turn(store: StoreContract, offset: int, start: threading.Barrier, added: list[int],
                      lock: threading.Lock) -> None:
    """Each round every writer finds the same new links at once, each in a rotated order."""
    mine = []
    for round_ in range(ROUNDS):
        urls = [f"{URL}{round_}-{n}/" for n in range(LINKS)]
        start.wait(timeout=10)
        mine.append(discover(store, urls[offset:] + urls[:offset]))
    with lock:
        added.extend(mine)


def test_frontier_concurrent_writers_count_each_url_new_once(
        store: StoreContract, open_more: Callable[[], StoreContract]) -> None:
    added: list[int] = []
    lock, start = threading.Lock(), threading.Barrier(WRITERS)
    threads = [threading.Thread(target=_discover_in_turn,
                                args=(open_more(), LINKS // WRITERS * w, start, added, lock))
               for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(added) == ROUNDS * WRITERS and sum(added) == ROUNDS * LINKS == len(due_urls(store))


def _fail_repeatedly(store: StoreContract, url: str, times: int, start: threading.Barrier) -> None:
    start.wait(timeout=10)
    for _ in range(times):
        frontier(store).mark_failed(url, "network-error", permanent=False, max_attempts=10_000)


def test_frontier_concurrent_failures_each_count(store: StoreContract,
                                                 open_more: Callable[[], StoreContract]) -> None:
    discover(store, FOUND[:1])
    start = threading.Barrier(WRITERS)
    threads = [threading.Thread(target=_fail_repeatedly, args=(open_more(), FOUND[0], 25, start))
               for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert frontier(store).due("shine-district")[0].attempts == 25 * WRITERS


# -- portable primitives -------------------------------------------------------------------------


def test_report_sql_runs_unchanged(store: StoreContract) -> None:
    from monitor.report.digest import NEW_SQL
    from monitor.report.feed import LATEST_SQL

    store.save_article(make_article(), classification=Classification(partnership=True, score=0.9,
                                                                     version="v"))
    now = datetime.now(UTC)
    window = [(now - timedelta(hours=1)).isoformat(), (now + timedelta(hours=1)).isoformat()]
    assert [r["title"] for r in store.rows(NEW_SQL, window)] == ["District partners"]
    assert [r["partnership"] for r in store.rows(LATEST_SQL, [5])] == [1]


def test_upsert_row_replaces_by_key(store: StoreContract) -> None:
    store.upsert_row("digests", {"day": "2025-03-25", "articles": 3, "tagged": 1}, "day")
    store.upsert_row("digests", {"day": "2025-03-25", "articles": 4}, "day")
    assert store.rows("select articles, tagged from digests") == [{"articles": 4, "tagged": 1}]


def test_insert_rows_counts_what_it_wrote(store: StoreContract) -> None:
    rows = [{"day": "2025-03-25", "channel": c, "ok": 1, "attempts": 1} for c in ("smtp", "webhook")]
    assert store.insert_rows("deliveries", rows) == 2
    assert store.count("deliveries") == 2


def test_transaction_rolls_back_on_error(store: StoreContract) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.upsert_row("digests", {"day": "2025-03-25", "articles": 3}, "day")
        raise RuntimeError("stop")
    assert store.count("digests") == 0


def test_article_ids_are_sorted(store: StoreContract) -> None:
    articles = [make_article(url=f"{URL}{n}/") for n in range(3)]
    for article in articles:
        store.save_article(article)
    assert store.article_ids() == sorted(article_id(a) for a in articles)


def test_rows_stream_for_copying(store: StoreContract) -> None:
    store.save_article(make_article())
    rows = list(store.iter_rows("articles"))
    assert [r["canonical_url"] for r in rows] == [URL] and set(rows[0]) == set(store.tables()["articles"])


# -- concurrent writers --------------------------------------------------------------------------

WRITERS, URLS, VERSIONS = 4, 12, 3


def _write_all(store: StoreContract, writer: int, outcomes: Counter[str], lock: threading.Lock) -> None:
    """Every writer saves every URL in every version, starting at a different place."""
    mine: Counter[str] = Counter()
    for step in range(URLS * VERSIONS):
        n = (step + writer * 5) % URLS
        version = step // URLS
        mine[store.save_article(make_article(url=f"{URL}{n}/", body=[f"Version {version}."]))] += 1
    with lock:
        outcomes.update(mine)


def test_concurrent_writers_store_each_url_once(store: StoreContract,
                                                open_more: Callable[[], StoreContract]) -> None:
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    stores = [open_more() for _ in range(WRITERS)]
    threads = [threading.Thread(target=_write_all, args=(s, w, outcomes, lock))
               for w, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(outcomes.values()) == WRITERS * URLS * VERSIONS
    assert store.count("articles") == URLS == outcomes["new"]
    assert store.count("article_history") == outcomes["updated"]

