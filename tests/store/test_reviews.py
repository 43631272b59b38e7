"""Reviews in the store: the reviewed state each action leaves, and the verdicts view."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.models import Article, Classification
from monitor.store.reviews import ReviewRequest
from monitor.store.sqlite import Store


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "r.db") as opened:
        yield opened


@pytest.fixture
def article_id(store: Store) -> str:
    url = "https://www.shine.cn/feature/district/2503250001/"
    article = Article(url=url, canonical_url=url, title="Qingpu and Fudan sign deal",
                      published=datetime(2025, 3, 25, 2, tzinfo=UTC), body=["Signed."])
    store.save_article(article, classification=Classification(
        partnership=True, score=0.8, kind="agreement", parties=["Qingpu District", "Fudan"],
        sectors=["ai"], version="t-1"))
    assert article.id is not None
    return article.id


def _shown(store: Store, article_id: str) -> tuple[int, str | None, list[str], int]:
    v = store.verdict(article_id)
    assert v is not None
    return v["partnership"], v["kind"], json.loads(v["parties"]), v["reviewed"]


def test_migration_is_recorded(store: Store) -> None:
    assert "m006_reviews" in store.schema_version()


def test_without_reviews_the_classifier_stands(store: Store, article_id: str) -> None:
    assert _shown(store, article_id) == (1, "agreement", ["Qingpu District", "Fudan"], 0)


def test_reject_flips_the_verdict_and_drops_the_kind(store: Store, article_id: str) -> None:
    store.add_review(article_id, ReviewRequest("reject", "ana"))
    assert _shown(store, article_id)[:2] == (0, None)


def test_correct_changes_only_the_fields_given(store: Store, article_id: str) -> None:
    store.add_review(article_id, ReviewRequest("correct", "ana", parties=["Qingpu District", "Fudan University"]))
    assert _shown(store, article_id) == (1, "agreement", ["Qingpu District", "Fudan University"], 1)


def test_confirm_pins_values_against_a_later_reclassify(store: Store, article_id: str) -> None:
    store.add_review(article_id, ReviewRequest("confirm", "ana"))
    store.save_classification(article_id, Classification(partnership=True, score=0.9, kind="mou",
                                                         parties=["Someone"], version="t-2"))
    assert _shown(store, article_id)[1:3] == ("agreement", ["Qingpu District", "Fudan"])


def test_undo_twice_walks_back_two_actions(store: Store, article_id: str) -> None:
    store.add_review(article_id, ReviewRequest("correct", "ana", kind="mou"))
    store.add_review(article_id, ReviewRequest("reject", "ana"))
    store.add_review(article_id, ReviewRequest("undo", "ana"))
    assert _shown(store, article_id)[:2] == (1, "mou")
    store.add_review(article_id, ReviewRequest("undo", "ana"))
    assert _shown(store, article_id) == (1, "agreement", ["Qingpu District", "Fudan"], 0)


def test_undo_with_nothing_to_undo_records_nothing(store: Store, article_id: str) -> None:
    assert store.add_review(article_id, ReviewRequest("undo", "ana")) is None
    assert store.reviews(article_id) == []


def test_note_alone_does_not_count_as_a_review(store: Store, article_id: str) -> None:
    store.add_review(article_id, ReviewRequest("note", "ana", note="check the date"))
    v = store.verdict(article_id)
    assert v is not None and (v["reviewed"], v["review_note"]) == (0, "check the date")


def test_reviewing_an_unclassified_article_is_a_store_error(store: Store) -> None:
    from monitor.errors import StoreError

    with pytest.raises(StoreError, match="no verdict to review"):
        store.add_review("0000000000000000", ReviewRequest("confirm", "ana"))


def test_reviews_survive_an_article_update(store: Store, article_id: str) -> None:
    store.add_review(article_id, ReviewRequest("reject", "ana"))
    url = "https://www.shine.cn/feature/district/2503250001/"
    store.save_article(Article(url=url, canonical_url=url, title="Qingpu and Fudan sign deal (updated)",
                               body=["Signed, again."]))
    assert _shown(store, article_id)[0] == 0
