from __future__ import annotations

from pathlib import Path

from conftest import seed_path
from monitor.models import Article, Classification
from monitor.read.seedformat import read_text
from monitor.store.sqlite import Store
from monitor.tag.reclassify import reclassify


def version(tag: str, verdict: bool):  # type: ignore[no-untyped-def]
    def classify(article: Article) -> Classification:
        return Classification(partnership=verdict, score=0.9 if verdict else 0.1, version=tag)
    return classify


def stored(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "m.db")
    article = read_text(seed_path("000").read_text(encoding="utf-8"))
    article = article.model_copy(update={"url": "urn:x:1", "canonical_url": "urn:x:1"})
    store.save_article(article, classification=version("v1", False)(article))
    return store


def test_new_rules_version_reports_flips(tmp_path: Path) -> None:
    with stored(tmp_path) as store:
        report = reclassify(store, version("v2", True))
        assert report.checked == 1 and report.flipped == ["urn:x:1: false -> true (0.90)"]
        assert store.get_classification(store.db.execute("select id from articles").fetchone()[0]).version == "v2"  # type: ignore[union-attr]


def test_current_version_is_skipped(tmp_path: Path) -> None:
    with stored(tmp_path) as store:
        report = reclassify(store, version("v1", True))
        assert report.skipped == 1 and report.checked == 0 and report.flipped == []


def test_all_reruns_current_version(tmp_path: Path) -> None:
    with stored(tmp_path) as store:
        assert reclassify(store, version("v1", True), everything=True).checked == 1
