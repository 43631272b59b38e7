"""`Store.status` per-day figures: latest publication days, and local days of first storage."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from monitor.models import Article
from monitor.store.sqlite import Store

SHANGHAI = ZoneInfo("Asia/Shanghai")


def article(n: int, published: date) -> Article:
    url = f"https://www.shine.cn/feature/district/25032500{n:02d}/"
    return Article(url=url, canonical_url=url, source="shine-district", title=f"Story {n}",
                   body=[f"Body {n}."], date=published,
                   published=datetime(published.year, published.month, published.day, 9, tzinfo=SHANGHAI))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "s.db") as opened:
        yield opened


def stored_at(store: Store, n: int, moment: str) -> None:
    store.save_article(article(n, date(2024, 1, 1) + timedelta(days=n)))
    store.db.execute("update articles set first_seen_at = ? where title = ?", [moment, f"Story {n}"])


def test_per_day_lists_the_latest_publication_days_however_old(store: Store) -> None:
    for n in range(10):
        store.save_article(article(n, date(2024, 1, 1) + timedelta(days=n)))
    per_day = store.status(SHANGHAI, days=3)["per_day"]
    assert per_day == {"2024-01-10": 1, "2024-01-09": 1, "2024-01-08": 1}


def test_stored_per_day_uses_the_local_day(store: Store) -> None:
    stored_at(store, 1, "2025-03-24T15:59:00+00:00")  # 23:59 in Shanghai
    stored_at(store, 2, "2025-03-24T16:00:00+00:00")  # midnight in Shanghai: the next day
    assert store.status(SHANGHAI)["stored_per_day"] == {"2025-03-25": 1, "2025-03-24": 1}


def test_stored_per_day_in_a_half_hour_zone(store: Store) -> None:
    stored_at(store, 1, "2025-03-24T18:29:00+00:00")  # 23:59 in Kolkata
    stored_at(store, 2, "2025-03-24T18:30:00+00:00")  # midnight in Kolkata
    assert store.status(ZoneInfo("Asia/Kolkata"))["stored_per_day"] == {"2025-03-25": 1, "2025-03-24": 1}


def test_stored_today_counts_what_was_stored_today(store: Store) -> None:
    store.save_article(article(1, date(2024, 5, 1)))
    report = store.status(SHANGHAI)
    assert report["today"] == datetime.now(SHANGHAI).date().isoformat() and report["stored_today"] == 1


# -- the plain-connection reading `monitor status` uses (store/sqlite_status.py) -------------------


def test_the_quick_reader_knows_every_migration_of_the_store() -> None:
    from monitor.store.sqlite import migrations
    from monitor.store.sqlite_status import SCHEMA

    assert tuple(m.name for m in migrations._migrations) == SCHEMA


def test_the_quick_reader_answers_what_the_store_answers(store: Store) -> None:
    from monitor.store.sqlite_status import read_current

    stored_at(store, 1, "2024-03-01T17:30:00+00:00")
    store.frontier.add("shine-district", [("https://www.shine.cn/a/", None, None)], "listing")
    expected = store.status(SHANGHAI)
    assert read_current(store.path, SHANGHAI) == expected


def test_the_quick_reader_leaves_a_database_that_needs_migrating_to_the_store(store: Store) -> None:
    from monitor.store.sqlite_status import read_current

    store.db.execute("delete from _sqlite_migrations where name = 'm007_digest_index'")
    store.db.conn.commit()
    assert read_current(store.path, SHANGHAI) is None


@pytest.mark.parametrize("content", [b"", b"not a database at all, just text\n" * 50], ids=["empty", "text"])
def test_the_quick_reader_leaves_a_file_that_is_no_store_to_the_store(tmp_path: Path, content: bytes) -> None:
    from monitor.store.sqlite_status import read_current

    path = tmp_path / "x.db"
    path.write_bytes(content)
    assert read_current(path, SHANGHAI) is None
    assert path.read_bytes() == content
