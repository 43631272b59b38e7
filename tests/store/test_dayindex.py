"""The digest's day index stays in step with what it is derived from, whichever path writes:
saving an article, saving or reclassifying its verdict, and readers' reviews; on both backends.
Its migration builds the rows of articles stored before it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from postgres_server import fresh_database

from monitor.models import Article, Classification
from monitor.store import dayindex
from monitor.store.contract import StoreContract, open_store
from monitor.store.dayindex import CLASSIFIED, REASONS, REVIEWED, TAGGED
from monitor.store.reviews import ReviewRequest
from monitor.tag.reclassify import reclassify

URL = "https://www.shine.cn/feature/district/2503258689/"


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'm.db'}"
        return
    with fresh_database() as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Iterator[StoreContract]:
    with open_store(store_url) as opened:
        yield opened


def _article(url: str = URL, districts: tuple[str, ...] = ("Qingpu",), body: str = "One.") -> Article:
    return Article(url=url, canonical_url=url, source="shine-district", title="Qingpu partners",
                   lede="Qingpu and Fudan signed a deal.", body=[body], districts=list(districts))


def _verdict(partnership: bool = True, score: float = 0.9, **more: Any) -> Classification:
    return Classification(partnership=partnership, score=score, version="v",
                          kind="agreement" if partnership else None, **more)


def _saved(store: StoreContract, verdict: Classification | None = None, **article: Any) -> str:
    stored = _article(**article)
    store.save_article(stored, classification=verdict)
    assert stored.id is not None
    return stored.id


def _row(store: StoreContract, article_id: str) -> dict[str, Any]:
    rows = store.rows(f"SELECT * FROM {dayindex.TABLE} WHERE article_id = ?", [article_id])
    assert len(rows) == 1
    return rows[0]


def _derived(store: StoreContract) -> list[tuple[Any, ...]]:
    """What the index would hold if built afresh from articles, verdicts and reviews."""
    return sorted(tuple(r.values()) for r in store.rows(dayindex.row_sql("a.id")))


def _held(store: StoreContract) -> list[tuple[Any, ...]]:
    sql = f"SELECT article_id, first_seen_at, districts, flags, score FROM {dayindex.TABLE}"
    return sorted(tuple(r.values()) for r in store.rows(sql))


def test_new_article_is_indexed_unclassified(store: StoreContract) -> None:
    key = _saved(store)
    assert (_row(store, key)["flags"], _row(store, key)["districts"]) == (0, '["Qingpu"]')


def test_new_article_is_indexed_at_its_first_stored_time(store: StoreContract) -> None:
    key = _saved(store)
    assert _row(store, key)["first_seen_at"] == store.get_article_row(key)["first_seen_at"]  # type: ignore[index]


def test_article_saved_with_a_partnership_verdict_is_tagged(store: StoreContract) -> None:
    key = _saved(store, _verdict())
    assert (_row(store, key)["flags"], _row(store, key)["score"]) == (TAGGED | CLASSIFIED, 0.9)


def test_verdict_saved_later_is_indexed(store: StoreContract) -> None:
    key = _saved(store)
    store.save_classification(key, _verdict(False, 0.45))
    assert (_row(store, key)["flags"], _row(store, key)["score"]) == (CLASSIFIED, 0.45)


def test_verdict_with_reasons_to_check_is_flagged(store: StoreContract) -> None:
    key = _saved(store, _verdict(check=["parties-unread"]))
    assert _row(store, key)["flags"] == TAGGED | CLASSIFIED | REASONS


def test_reclassify_moves_the_flags(store: StoreContract) -> None:
    key = _saved(store, _verdict())
    reclassify(store, lambda _article: _verdict(False, 0.2).model_copy(update={"version": "w"}))  # type: ignore[arg-type]
    assert (_row(store, key)["flags"], _row(store, key)["score"]) == (CLASSIFIED, 0.2)


def test_reader_rejecting_a_partnership_untags_it_as_reviewed(store: StoreContract) -> None:
    key = _saved(store, _verdict())
    store.add_review(key, ReviewRequest(action="reject", user="ana"))
    assert _row(store, key)["flags"] == CLASSIFIED | REVIEWED


def test_undoing_a_review_brings_back_the_classifier_s_verdict(store: StoreContract) -> None:
    key = _saved(store, _verdict())
    store.add_review(key, ReviewRequest(action="reject", user="ana"))
    store.add_review(key, ReviewRequest(action="undo", user="ana"))
    assert _row(store, key)["flags"] == TAGGED | CLASSIFIED


def test_reader_correcting_parties_marks_the_verdict_reviewed(store: StoreContract) -> None:
    key = _saved(store, _verdict(check=["parties-unread"]))
    store.add_review(key, ReviewRequest(action="correct", user="ana", parties=["Qingpu", "Fudan"]))
    assert _row(store, key)["flags"] == TAGGED | CLASSIFIED | REASONS | REVIEWED


def test_article_naming_no_district_is_listed_under_the_verdict_s(store: StoreContract) -> None:
    key = _saved(store, _verdict(districts=["Minhang"]), districts=())
    assert _row(store, key)["districts"] == '["Minhang"]'


def test_changed_article_brings_its_new_districts(store: StoreContract) -> None:
    key = _saved(store)
    _saved(store, districts=("Jiading",), body="Changed.")
    assert _row(store, key)["districts"] == '["Jiading"]'


def test_first_stored_time_written_in_sql_is_followed(store: StoreContract) -> None:
    key = _saved(store)
    moment = datetime(2025, 3, 25, 1, tzinfo=UTC).isoformat()
    with store.transaction():
        store.db.execute("UPDATE articles SET first_seen_at = ? WHERE id = ?", [moment, key])  # type: ignore[attr-defined]
    assert _row(store, key)["first_seen_at"] == moment


def test_index_equals_what_it_is_derived_from_after_many_writes(store: StoreContract) -> None:
    keys = [_saved(store, _verdict(n % 2 == 0, 0.1 * n), url=f"{URL}{n}/") for n in range(1, 6)]
    store.add_review(keys[0], ReviewRequest(action="reject", user="ana"))
    store.add_review(keys[1], ReviewRequest(action="confirm", user="ana"))
    store.save_classification(keys[2], _verdict(True, 0.7))
    _saved(store, url=f"{URL}4/", districts=("Putuo",), body="Changed.")
    assert _held(store) == _derived(store)


def test_day_index_is_not_copied_between_databases(store: StoreContract) -> None:
    assert dayindex.TABLE not in store.tables()


# -- the migration ------------------------------------------------------------------------------


def _forget_the_index(store: StoreContract, store_url: str) -> None:
    """Back to the schema before m007, keeping every row of the other tables."""
    if store_url.startswith("sqlite"):
        db = store.db  # type: ignore[attr-defined]
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                  f"AND name LIKE '{dayindex.TABLE}%'").fetchall():
            db.execute(f"DROP TRIGGER {name}")
        db.execute(f"DROP TABLE {dayindex.TABLE}")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_digest_index'")
        db.conn.commit()
        return
    for statement in (f"DROP TABLE {dayindex.TABLE}",
                      f"DROP FUNCTION {dayindex.TABLE}_of_article CASCADE",
                      f"DROP FUNCTION {dayindex.TABLE}_of_verdict CASCADE",
                      f"DROP FUNCTION {dayindex.TABLE}_refresh",
                      "DELETE FROM _monitor_migrations WHERE name = 'm007_digest_index'"):
        store.db.execute(statement)  # type: ignore[attr-defined]


def test_migration_indexes_the_articles_stored_before_it(store_url: str) -> None:
    with open_store(store_url) as before:
        key = _saved(before, _verdict(check=["parties-unread"]))
        before.add_review(key, ReviewRequest(action="reject", user="ana"))
        _saved(before, url=f"{URL}2/", districts=())
        _forget_the_index(before, store_url)
    with open_store(store_url) as after:
        assert len(_held(after)) == 2 and _held(after) == _derived(after)


def test_migrated_rows_keep_their_stored_district_list(store_url: str) -> None:
    with open_store(store_url) as before:
        key = _saved(before, districts=("Qingpu", "Jiading"))
        _forget_the_index(before, store_url)
    with open_store(store_url) as after:
        assert json.loads(_row(after, key)["districts"]) == ["Qingpu", "Jiading"]
