"""Reviews as data: the reviewed articles in the corpus's JSON-lines format, and how well the
classifier's current verdicts agree with them.

``monitor eval`` reads the classifier's own values (the view keeps them beside the reviewed ones),
so after a rules change, ``monitor reclassify`` then ``monitor eval`` shows what the change did on
the team's own sources. Scoring is pure (``score``) and is tested without a database.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from monitor.models import Article
from monitor.read.seedformat import write_seed
from monitor.store.sqlite import Store

__all__ = ["Pair", "corpus_row", "corpus_rows", "evaluate", "format_eval", "pairs", "same_party", "score"]

_NOISE = re.compile(r"[^\w\s]")
_DROP = {"the", "of", "and", "co", "ltd", "limited", "company", "group", "government", "people's"}


def corpus_row(article: Article, verdict: dict[str, Any]) -> dict[str, Any]:
    """One reviewed article as the labelled corpus spells it."""
    positive = bool(verdict["partnership"])
    return {"url": article.canonical_url or article.url, "text": write_seed(article),
            "partnership": positive, "parties": _list(verdict["parties"]) if positive else [],
            "kind": verdict["kind"] if positive else None,
            "sectors": _list(verdict["sectors"]) if positive else [],
            "district": _list(verdict["districts"]) or article.districts,
            "date": article.date.isoformat() if article.date else None,
            "note": verdict["review_note"] or ""}


def _list(raw: Any) -> list[str]:
    value = json.loads(raw) if isinstance(raw, str) else raw or []
    return [str(v) for v in value]


def corpus_rows(store: Store) -> Iterator[dict[str, Any]]:
    for article, verdict in store.reviewed_articles():
        yield corpus_row(article, verdict)


@dataclass(frozen=True)
class Pair:
    """A reviewed verdict beside the classifier's for the same article."""

    reviewed: bool
    predicted: bool
    reviewed_parties: tuple[str, ...]
    predicted_parties: tuple[str, ...]


def pairs(store: Store) -> Iterator[Pair]:
    for _article, v in store.reviewed_articles():
        yield Pair(bool(v["partnership"]), bool(v["classifier_partnership"]),
                   tuple(_list(v["parties"])), tuple(_list(v["classifier_parties"])))


def _words(name: str) -> tuple[str, ...]:
    return tuple(w for w in _NOISE.sub(" ", name.lower()).split() if w not in _DROP)


def same_party(a: str, b: str) -> bool:
    """Two spellings of one party: equal words once case, punctuation and filler are gone, or
    one name's words all inside the other's ("Fudan" and "Fudan University")."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    return wa == wb or set(wa) <= set(wb) or set(wb) <= set(wa)


def _matched(gold: Iterable[str], predicted: Iterable[str]) -> int:
    left = list(predicted)
    hits = 0
    for name in gold:
        found = next((p for p in left if same_party(name, p)), None)
        if found is not None:
            left.remove(found)
            hits += 1
    return hits


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def score(items: Iterable[Pair]) -> dict[str, Any]:
    """Pure: verdict precision/recall/F1, and party agreement on articles both call positive."""
    tp = fp = fn = tn = 0
    hits = gold = pred = 0
    for item in items:
        tp += item.reviewed and item.predicted
        fp += item.predicted and not item.reviewed
        fn += item.reviewed and not item.predicted
        tn += not item.reviewed and not item.predicted
        if item.reviewed and item.predicted and item.reviewed_parties:
            hits += _matched(item.reviewed_parties, item.predicted_parties)
            gold += len(item.reviewed_parties)
            pred += len(item.predicted_parties)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    party_p, party_r = _ratio(hits, pred), _ratio(hits, gold)
    figures = {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
               "party_precision": party_p, "party_recall": party_r, "party_f1": _f1(party_p, party_r)}
    return {"reviewed": tp + fp + fn + tn, "true_positive": tp, "false_positive": fp,
            "false_negative": fn, "true_negative": tn,
            **{name: _rounded(value) for name, value in figures.items()}}


def evaluate(store: Store) -> dict[str, Any]:
    return score(pairs(store))


def _show(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_eval(result: dict[str, Any]) -> str:
    r = result
    return "\n".join([
        f"reviewed articles: {r['reviewed']} (tp {r['true_positive']}, fp {r['false_positive']}, "
        f"fn {r['false_negative']}, tn {r['true_negative']})",
        f"verdict: precision {_show(r['precision'])}  recall {_show(r['recall'])}  f1 {_show(r['f1'])}",
        f"parties (articles both call partnerships): precision {_show(r['party_precision'])}  "
        f"recall {_show(r['party_recall'])}  f1 {_show(r['party_f1'])}"])
