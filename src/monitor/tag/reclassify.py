"""Re-run the classifier over the database when the rules change, and say what flipped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from monitor.models import Article, Classification
from monitor.store.sqlite import Store

__all__ = ["ReclassifyReport", "reclassify"]

_BATCH = 200


@dataclass
class ReclassifyReport:
    version: str = ""
    checked: int = 0
    skipped: int = 0
    flipped: list[str] = field(default_factory=list)


def reclassify(store: Store, classify: Callable[[Article], Classification], *, everything: bool = False,
               progress: Callable[[int, int], None] | None = None) -> ReclassifyReport:
    """Classify every stored article whose result is missing or from other rules, in batches
    that each commit on their own, so an interrupted run keeps what it did."""
    report = ReclassifyReport()
    ids = [row[0] for row in store.db.execute("select id from articles order by id").fetchall()]
    for start in range(0, len(ids), _BATCH):
        with store.db.atomic():
            for article_id in ids[start : start + _BATCH]:
                _one(store, classify, article_id, everything, report)
        if progress and len(ids) > _BATCH:
            progress(min(start + _BATCH, len(ids)), len(ids))
    return report


def _one(store: Store, classify: Callable[[Article], Classification], article_id: str,
         everything: bool, report: ReclassifyReport) -> None:
    article = store.get_article(article_id)
    if article is None:
        return
    before = store.get_classification(article_id)
    verdict = classify(article)
    report.version = verdict.version
    if before is not None and before.version == verdict.version and not everything:
        report.skipped += 1
        return
    report.checked += 1
    store.put_classification(article_id, verdict)
    if before is None or before.partnership != verdict.partnership:
        was = "unclassified" if before is None else str(before.partnership).lower()
        report.flipped.append(f"{article.canonical_url or article.title}: {was} -> "
                              f"{str(verdict.partnership).lower()} ({verdict.score:.2f})")
