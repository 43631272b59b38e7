from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from monitor.errors import StoreError
from monitor.models import Article, Classification, FetchLogEntry, RunStats
from monitor.store.sqlite import Store, migrations

URL = "https://www.shine.cn/feature/district/2503258689/"


def make_article(**changes: object) -> Article:
    base = Article(url=URL, canonical_url=URL, source="shine-district", title="District partners",
                   lede="Qingpu and Fudan signed a deal.", body=["One.", "Two."],
                   published=datetime(2025, 3, 25, 14, tzinfo=ZoneInfo("Asia/Shanghai")))
    return base.model_copy(update={"date": base.published.date() if base.published else None, **changes})


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "m.db") as opened:
        yield opened


def test_first_save_is_new_and_second_unchanged(store: Store) -> None:
    assert store.save_article(make_article()) == "new"
    assert store.save_article(make_article()) == "unchanged"
    assert store.db["articles"].count == 1


def test_changed_content_updates_row_and_keeps_old_hash(store: Store) -> None:
    first = make_article()
    store.save_article(first)
    assert store.save_article(make_article(body=["One.", "Two, corrected."])) == "updated"
    history = store.history(first.id or "")
    assert [h["content_hash"] for h in history] == [first.content_hash]
    assert store.get_article(first.id or "").body == ["One.", "Two, corrected."]  # type: ignore[union-attr]


def test_article_round_trips_with_offset(store: Store) -> None:
    article = make_article(tags=["Fudan University"], photo_credits=["Ti Gong"])
    store.save_article(article)
    loaded = store.get_article(article.id or "")
    assert loaded is not None
    assert loaded.published is not None and loaded.published.isoformat() == "2025-03-25T14:00:00+08:00"
    assert loaded.content_hash == article.content_hash
    assert loaded.tags == ["Fudan University"]


def test_search_follows_updates(store: Store) -> None:
    store.save_article(make_article(body=["About quantum sensing."]))
    store.save_article(make_article(body=["About biomedicine now."]))
    assert store.search("quantum") == []
    assert len(store.search("biomedicine")) == 1


def test_full_text_search_finds_body_words(store: Store) -> None:
    store.save_article(make_article(body=["A joint laboratory for quantum sensing."]))
    assert [r["title"] for r in store.search("quantum")] == ["District partners"]
    assert store.search("nonexistentword") == []


def test_classification_is_stored_with_its_version(store: Store) -> None:
    article = make_article()
    verdict = Classification(partnership=True, score=0.9, kind="agreement",
                             parties=["Qingpu District", "Fudan University"], version="rules-1")
    store.save_article(article, classification=verdict)
    assert store.get_classification(article.id or "") == verdict


def test_reopening_keeps_data_and_does_not_migrate_twice(tmp_path: Path) -> None:
    with Store.open(tmp_path / "m.db") as first:
        first.save_article(make_article())
        schema = first.schema_version()
    with Store.open(tmp_path / "m.db") as second:
        assert second.db["articles"].count == 1
        assert second.schema_version() == schema == [m.name for m in migrations._migrations]


def test_database_uses_wal(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_file_that_is_not_sqlite_is_a_store_error(tmp_path: Path) -> None:
    bogus = tmp_path / "not.db"
    bogus.write_text("this is not a database " * 100)
    with pytest.raises(StoreError, match="not.db"):
        Store.open(bogus)
    assert bogus.read_text().startswith("this is not a database")


def test_failed_save_rolls_back_everything(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save_article(make_article())

    def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "_put_classification", broken)
    verdict = Classification(partnership=False, score=0.1, version="v")
    with pytest.raises(StoreError):
        store.save_article(make_article(title="Changed title"), classification=verdict)
    assert store.get_article(make_article().id or "").title == "District partners"  # type: ignore[union-attr]
    assert store.history(make_article().id or "") == []


def test_run_updates_source_health(store: Store) -> None:
    now = datetime.now(UTC)
    stats = RunStats(source="shine-district", started_at=now, failures=["x: network-error"])
    store.record_run(stats)
    row = store.source_rows()[0]
    assert row["last_failure"] == "x: network-error" and row["last_success_at"] is None


def test_fetch_log_and_validators(store: Store) -> None:
    store.log_fetches([FetchLogEntry(url=URL, status=200, fetched_at=datetime.now(UTC))])
    store.save_validators(URL, '"abc"', "Tue, 25 Mar 2025 06:00:00 GMT", 200)
    assert store.db["fetch_log"].count == 1
    assert store.validators(URL) == ('"abc"', "Tue, 25 Mar 2025 06:00:00 GMT")


def test_status_counts_per_source(store: Store) -> None:
    store.save_article(make_article())
    report = store.status(ZoneInfo("Asia/Shanghai"))
    assert report["articles"] == 1 and report["per_source"] == {"shine-district": 1}


def test_classification_check_reasons_round_trip(tmp_path: Path) -> None:
    with Store.open(tmp_path / "m.db") as store:
        article = Article(url="https://example.org/a/1", canonical_url="https://example.org/a/1", title="T")
        store.save_article(article)
        verdict = Classification(partnership=True, score=0.7, version="v", check=["parties-unread"])
        assert article.id is not None
        store.save_classification(article.id, verdict)
        got = store.get_classification(article.id)
        assert got is not None and got.check == ["parties-unread"]
