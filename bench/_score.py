"""Shingle scorer for the article-extraction benchmark, written from its README's description.

Text becomes ``\\w+`` tokens, tokens become a multiset of 4-token shingles; per page precision and
recall come from the multiset intersection; an empty prediction adds recall 0 and no precision;
F1 is the harmonic mean of the averaged precision and averaged recall.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["PageScore", "Score", "score_page", "summarize"]

_TOKEN = re.compile(r"\w+")
_SHINGLE = 4


@dataclass(frozen=True)
class PageScore:
    precision: float | None  # None: empty prediction, which adds no precision
    recall: float


@dataclass(frozen=True)
class Score:
    f1: float
    precision: float
    recall: float
    pages: int


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < _SHINGLE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1))


def score_page(predicted: str, truth: str) -> PageScore:
    pred, true = _shingles(predicted), _shingles(truth)
    if not pred:
        return PageScore(None, 0.0)
    tp = sum((pred & true).values())
    recall = tp / sum(true.values()) if true else 1.0
    return PageScore(tp / sum(pred.values()), recall)


def summarize(scores: Iterable[PageScore]) -> Score:
    scores = list(scores)
    precisions = [s.precision for s in scores if s.precision is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(s.recall for s in scores) / len(scores) if scores else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(f1, precision, recall, len(scores))
