"""The workspace's search gives the same pages on both backends: SQLite's FTS5 and
PostgreSQL's tsvector column, with the same filters and the same order."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

# The throwaway-database helper lives beside the store tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from postgres_server import fresh_database

from monitor.models import Article, Classification
from monitor.store.contract import StoreContract, open_store
from monitor.store.search import SearchFilters
from monitor.web.queries import search_view

# key: (title, body, publication day, districts, classification)
ARTICLES = {
    "park": ("Qingpu and Fudan sign science park deal", "The science park opens in May.",
             date(2025, 3, 25), ["Qingpu"],
             Classification(partnership=True, score=0.9, kind="agreement", sectors=["ai"],
                            version="test-1")),
    "greenway": ("Minhang opens greenway", "Cyclists ride the new greenway along the river.",
                 date(2025, 3, 24), ["Minhang"], Classification(partnership=False, score=0.1,
                                                                version="test-1")),
    "clinic": ("Baoshan signs hospital pact", "A clinic for the science city is planned.",
               date(2025, 3, 23), [], Classification(partnership=True, score=0.7, kind="mou",
                                                     sectors=["health"], districts=["Baoshan"],
                                                     version="test-1")),
    "library": ("Songjiang library extends hours", "Readers welcome the longer evenings.",
                date(2025, 3, 22), ["Songjiang"], Classification(partnership=False, score=0.05,
                                                                 version="test-1")),
}


def _article(key: str) -> Article:
    title, body, day, districts, _ = ARTICLES[key]
    url = f"https://www.shine.cn/feature/district/{day:%y%m%d}{len(key):04d}/"
    return Article(url=url, canonical_url=url, source="shine-district", title=title,
                   lede=f"Lede of {title}.", body=[body], date=day,
                   published=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
                   districts=districts)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreContract]:
    """A store of each backend holding ARTICLES."""
    if request.param == "sqlite":
        with open_store(f"sqlite:///{tmp_path / 'm.db'}") as opened:
            yield _filled(opened)
        return
    with fresh_database() as url, open_store(url) as opened:
        yield _filled(opened)


def _filled(store: StoreContract) -> StoreContract:
    for key, (*_, result) in ARTICLES.items():
        store.save_article(_article(key), classification=result)
    return store


def _titles(store: StoreContract, page: int = 1, per_page: int = 20, **filters: str) -> list[str]:
    view = search_view(store, SearchFilters(**filters), page, per_page)  # type: ignore[arg-type]
    return [item.title for item in view["results"]]


def _title(key: str) -> str:
    return ARTICLES[key][0]


def test_no_filter_lists_everything_newest_first(store: StoreContract) -> None:
    assert _titles(store) == [_title(k) for k in ("park", "greenway", "clinic", "library")]


def test_words_in_the_body_are_found(store: StoreContract) -> None:
    assert _titles(store, q="cyclists") == [_title("greenway")]


def test_words_are_stemmed(store: StoreContract) -> None:
    assert _titles(store, q="extend") == [_title("library")]


def test_a_phrase_keeps_its_order(store: StoreContract) -> None:
    assert _titles(store, q='"science park"') == [_title("park")]


def test_text_and_district_filters_combine(store: StoreContract) -> None:
    assert _titles(store, q="science", district="Qingpu") == [_title("park")]


def test_a_district_only_the_classifier_found_is_a_match(store: StoreContract) -> None:
    assert _titles(store, district="Baoshan") == [_title("clinic")]


def test_sector_filter(store: StoreContract) -> None:
    assert _titles(store, sector="health") == [_title("clinic")]


def test_kind_filter(store: StoreContract) -> None:
    assert _titles(store, kind="mou") == [_title("clinic")]


def test_tagged_filter(store: StoreContract) -> None:
    assert _titles(store, status="tagged") == [_title("park"), _title("clinic")]


def test_the_second_page_continues_the_first(store: StoreContract) -> None:
    assert _titles(store, page=2, per_page=3) == [_title("library")]


def test_a_page_past_the_end_counts_the_matches(store: StoreContract) -> None:
    view = search_view(store, SearchFilters(), page=5, per_page=2)
    assert (view["results"], view["total"]) == ([], 4)


def test_matches_are_counted_past_the_page(store: StoreContract) -> None:
    view = search_view(store, SearchFilters(q="science"), page=1, per_page=1)
    assert (len(view["results"]), view["total"], view["pages"]) == (1, 2, 2)
