"""A big day stays readable: every announcement and every article to check is kept, other
articles are capped per district (the newest stored) with the rest counted, on both backends."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from monitor.config import Settings
from monitor.models import Article, Classification
from monitor.report.digest import Digest, build_digest, render_json
from monitor.report.gather import (
    DAY_SQL,
    UPDATED_DAY_BY_FIRST_SEEN_SQL,
    UPDATED_DAY_SQL,
    item_from_row,
    pass_params,
    safe_link,
    updated_sql,
)
from monitor.report.records import DigestItem
from monitor.store.contract import StoreContract, open_store
from monitor.store.sqlite import Store

# The PostgreSQL helper lives with the store's tests; pytest puts that folder on the path only
# when it collects them, so it is added here for a run of this folder alone.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from postgres_server import fresh_database

DAY = date(2025, 3, 25)
MORNING = datetime(2025, 3, 25, 1, tzinfo=UTC)  # 09:00 in Shanghai, on DAY
CAP = 2


def _article(n: int, district: str) -> Article:
    link = f"https://www.shine.cn/feature/district/25032500{n:02d}/"
    return Article(url=link, canonical_url=link, source="shine-district", title=f"Article {n}",
                   lede=f"Lede {n}.", body=["Body."], date=DAY, districts=[district],
                   published=MORNING)


def _verdict(score: float) -> Classification:
    return Classification(partnership=score >= 0.5, score=score, version="test-1",
                          kind="agreement" if score >= 0.5 else None)


def _add(store: StoreContract, n: int, district: str, score: float, first_seen: datetime,
         updated: datetime | None = None) -> str:
    article = _article(n, district)
    store.save_article(article, classification=_verdict(score))
    assert article.id is not None
    with store.db.atomic():
        store.db.execute("UPDATE articles SET first_seen_at = ?, updated_at = ? WHERE id = ?",
                         [first_seen.isoformat(), (updated or first_seen).isoformat(), article.id])
    return article.id


def _minutes(n: int) -> datetime:
    return MORNING + timedelta(minutes=n)


def fill(store: StoreContract) -> dict[str, str]:
    """Four plain Qingpu articles (two past the cap), one to check past the cap, two
    announcements past the cap, one Jiading article, and three updated ones."""
    ids = {f"plain{n}": _add(store, n, "Qingpu", 0.1, _minutes(n)) for n in range(1, 5)}
    ids["check"] = _add(store, 5, "Qingpu", 0.45, _minutes(0))  # the oldest: past the cap
    ids["deal1"] = _add(store, 6, "Qingpu", 0.9, _minutes(-2))
    ids["deal2"] = _add(store, 7, "Qingpu", 0.8, _minutes(-1))
    ids["jiading"] = _add(store, 8, "Jiading", 0.2, _minutes(9))
    for n in range(3):
        ids[f"updated{n}"] = _add(store, 20 + n, "Putuo", 0.1, MORNING - timedelta(days=3),
                                  _minutes(30 + n))
    return ids


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "digest.db") as opened:
        yield opened


@pytest.fixture
def ids(store: Store) -> dict[str, str]:
    return fill(store)


@pytest.fixture
def digest(store: Store, ids: dict[str, str], settings: Settings) -> Digest:
    return build_digest(store, DAY, settings, per_district=CAP)


def _group(d: Digest, district: str) -> list[str]:
    return [i.id for g in d.districts if g.district == district for i in g.articles]


def test_district_lists_its_newest_stored_articles_up_to_the_cap(digest: Digest,
                                                                 ids: dict[str, str]) -> None:
    assert set(_group(digest, "Qingpu")) == {ids["plain3"], ids["plain4"]}


def test_district_total_counts_the_articles_past_the_cap(digest: Digest) -> None:
    assert [g.total for g in digest.districts if g.district == "Qingpu"] == [5]


def test_every_announcement_is_listed_past_the_cap(digest: Digest, ids: dict[str, str]) -> None:
    assert {i.id for i in digest.partnerships} == {ids["deal1"], ids["deal2"]}


def test_article_to_check_past_the_cap_is_still_on_to_check(digest: Digest,
                                                            ids: dict[str, str]) -> None:
    assert [i.id for i in digest.to_check] == [ids["check"]]


def test_article_to_check_carries_its_reason(digest: Digest) -> None:
    assert [i.check for i in digest.to_check] == [["near-threshold"]]


def test_small_district_is_listed_whole(digest: Digest, ids: dict[str, str]) -> None:
    assert _group(digest, "Jiading") == [ids["jiading"]]


def test_updated_articles_are_capped_and_the_rest_counted(digest: Digest) -> None:
    assert (len(digest.updated), digest.updated_more, digest.counts.updated) == (CAP, 1, 3)


def test_updated_list_keeps_the_newest_stored(digest: Digest, ids: dict[str, str]) -> None:
    # All three were first stored at the same moment; the newest by id order go first.
    newest = sorted([ids["updated0"], ids["updated1"], ids["updated2"]], reverse=True)[:CAP]
    assert {i.id for i in digest.updated} == set(newest)


def test_counts_take_in_every_new_article(digest: Digest) -> None:
    assert (digest.counts.new, digest.counts.partnerships) == (8, 2)


def test_article_naming_no_district_is_listed_under_the_classifier_s(store: Store,
                                                                     settings: Settings) -> None:
    article = _article(30, "Qingpu").model_copy(update={"districts": []})
    store.save_article(article, classification=Classification(
        partnership=False, score=0.1, version="test-1", districts=["Minhang", "Xuhui"]))
    with store.db.atomic():
        store.db.execute("UPDATE articles SET first_seen_at = ? WHERE id = ?",
                         [MORNING.isoformat(), article.id])
    digest = build_digest(store, DAY, settings)
    assert [(g.district, [i.id for i in g.articles]) for g in digest.districts] == [
        ("Minhang", [article.id])]


# -- which index each pass 1 walks ------------------------------------------------------------


def _window(day: date) -> tuple[str, str]:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=8)
    return start.isoformat(), (start + timedelta(days=1)).isoformat()


def test_new_articles_pass_walks_only_the_day_index_in_its_order(store: Store) -> None:
    plan = [row[-1] for row in store.db.execute(f"EXPLAIN QUERY PLAN {DAY_SQL}",
                                                pass_params(0.15, *_window(DAY))).fetchall()]
    assert plan == ["SEARCH digest_index USING PRIMARY KEY (first_seen_at>? AND first_seen_at<?)"]


def test_young_store_walks_the_articles_stored_before_the_day(store: Store) -> None:
    for n in range(3):  # everything was first stored on the day itself
        _add(store, n, "Qingpu", 0.1, _minutes(n))
    assert updated_sql(store, *_window(DAY)) == UPDATED_DAY_BY_FIRST_SEEN_SQL


def test_old_store_walks_the_day_s_updates(store: Store) -> None:
    for n in range(3):  # stored long before, none changed on the day
        _add(store, n, "Qingpu", 0.1, MORNING - timedelta(days=30))
    _add(store, 9, "Qingpu", 0.1, MORNING - timedelta(days=30), _minutes(5))
    assert updated_sql(store, *_window(DAY)) == UPDATED_DAY_SQL


def test_both_walks_find_the_same_updated_articles(store: Store, ids: dict[str, str]) -> None:
    start, end = _window(DAY)
    params = [0.5, 0.15, start, end, start]
    found = [sorted(r[0] for r in store.db.execute(sql, params).fetchall())
             for sql in (UPDATED_DAY_SQL, UPDATED_DAY_BY_FIRST_SEEN_SQL)]
    assert found[0] == found[1] == sorted(ids[f"updated{n}"] for n in range(3))


# -- items and links ----------------------------------------------------------------------------


def test_item_is_what_pydantic_would_construct(store: Store, ids: dict[str, str]) -> None:
    from monitor.report.digest import ARTICLE_COLUMNS
    from monitor.store.search import FROM_ARTICLES

    row = store.rows(f"SELECT {ARTICLE_COLUMNS} {FROM_ARTICLES} WHERE a.id = ?", [ids["deal1"]])[0]
    item = item_from_row(row)
    assert item == DigestItem.model_construct(**item.__dict__)
    assert item.model_fields_set == DigestItem.model_construct(**item.__dict__).model_fields_set


@pytest.mark.parametrize("url", [
    "https://www.shine.cn/feature/district/2503258689/",
    "http://example.com:8080/a?b=c#d",
    "HTTPS://EXAMPLE.COM/(x)",
    "http://[::1]/path",
    "https://例え.jp/記事",
])
def test_web_urls_with_a_host_are_linked_as_given(url: str) -> None:
    assert safe_link(url) == url


@pytest.mark.parametrize("url", ["http://:80/", "http://@/", "http://[::1/", "https://a b.com/",
                                 "https://a.com/x\x7f"])
def test_urls_without_a_usable_host_are_not_linked(url: str) -> None:
    assert safe_link(url) is None


# -- the same digest on both backends -----------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreContract]:
    if request.param == "sqlite":
        with open_store(f"sqlite:///{tmp_path / 'm.db'}") as opened:
            yield opened
        return
    with fresh_database() as url, open_store(url) as opened:
        yield opened


def test_big_day_digest_is_the_same_on_both_backends(any_store: StoreContract, tmp_path: Path,
                                                     settings: Settings) -> None:
    fill(any_store)
    with Store.open(tmp_path / "reference.db") as reference:
        fill(reference)
        expected = render_json(build_digest(reference, DAY, settings, per_district=CAP))
    got = render_json(build_digest(any_store, DAY, settings, per_district=CAP))  # type: ignore[arg-type]
    assert got == expected
