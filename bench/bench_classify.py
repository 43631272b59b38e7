"""Measure the partnership classifier on the labelled dev corpus, beside two simple baselines.

    .venv/bin/python bench/bench_classify.py [--corpus PATH] [--rules PATH] [--rows all|even|odd]
    .venv/bin/python bench/bench_classify.py --milestone     # dev2: the summary line only

Rows marked "ambiguous" are left out of every score. Prints the confusion matrix, precision,
recall and F1, every miss (false positive and false negative) with the corpus note, the parties
match rate with each mismatch, kind accuracy, the corpus scorer's own figures (precision, recall,
kind, party-F1: ../shared/corpus/score.py, imported from where it lies), throughput on one core
(the whole per-article work: reading the text, finding its districts, classifying; loading the
rules and gazetteers timed apart), the scores of the two baselines, and the same
precision/recall on even and odd rows (a held-out check).

``--milestone`` scores ../shared/corpus/dev2.jsonl and prints one summary line, never an article:
dev2 is kept unread, and scored only at milestones.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from monitor.errors import MonitorError  # noqa: E402
from monitor.models import Article, Classification  # noqa: E402
from monitor.read.seedformat import read_text  # noqa: E402
from monitor.tag.classify import Rules, classify, load_rules  # noqa: E402
from monitor.tag.districts import Gazetteer, find_districts  # noqa: E402

__all__ = ["main"]

_KEYWORD = re.compile(r"\b(?:sign(?:s|ed|ing)?|ink(?:s|ed|ing)?|agreements?|cooperation|"
                      r"partnerships?)\b", re.IGNORECASE)
_SIGNING = re.compile(r"\b(?:sign(?:s|ed|ing)?|ink(?:s|ed|ing)?)\b", re.IGNORECASE)
_DEAL = re.compile(r"\b(?:agreements?|deals?|mous?|memorandum|memoranda|contracts?|pacts?)\b",
                   re.IGNORECASE)
_MIN_SECONDS = 1.0


@dataclass(frozen=True)
class _Row:
    index: int
    label: dict[str, object]
    article: Article


@dataclass(frozen=True)
class _Counts:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        return (f"precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"(TP {self.tp} FP {self.fp} FN {self.fn} TN {self.tn})")


def _counts(pairs: Iterable[tuple[bool, bool]]) -> _Counts:
    pairs = list(pairs)
    return _Counts(sum(t and p for t, p in pairs), sum(p and not t for t, p in pairs),
                   sum(t and not p for t, p in pairs), sum(not t and not p for t, p in pairs))


def _keyword_baseline(article: Article) -> bool:
    """(a) any of sign/ink/agreement/cooperation/partnership anywhere in the text."""
    return bool(_KEYWORD.search(article.text))


def _signing_baseline(article: Article) -> bool:
    """(b) a signing verb and a deal noun in the title, lede and first three paragraphs."""
    head = " ".join([article.title, article.lede or "", *article.body[:3]])
    return bool(_SIGNING.search(head) and _DEAL.search(head))


def _norm(party: str) -> str:
    words = party.lower().replace("’", "'").split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _load(corpus: Path, gazetteer: Gazetteer | None) -> tuple[list[_Row], list[str]]:
    rows, failures = [], []
    for index, line in enumerate(corpus.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        label = json.loads(line)
        if label.get("ambiguous"):
            continue
        try:
            article = read_text(label["text"], url=label["url"])
        except MonitorError as error:
            failures.append(f"{label['url']}: {error}")
            continue
        if gazetteer is not None:  # as parsing does, before anything is classified
            article.districts = find_districts(article.text, gazetteer)
        rows.append(_Row(index, label, article))
    return rows, failures


def _throughput(articles: list[Article], rules: Rules) -> float:
    """Articles per second on one core: the best of three rounds, each classifying the set
    repeatedly for at least a second (the best round is the least disturbed by other work)."""
    rates = []
    for _ in range(3):
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < _MIN_SECONDS:
            for article in articles:
                classify(article, rules)
            done += len(articles)
        rates.append(done / (time.perf_counter() - start))
    return max(rates)


def _pipeline_rates(texts: list[str], rules: Rules, rounds: int = 5) -> list[float]:
    """Articles per second of the whole per-article work, text to verdict: read the text, find
    its districts (as parsing does), classify. One rate per round of at least a second."""
    rates = []
    for _ in range(rounds):
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < _MIN_SECONDS:
            for text in texts:
                article = read_text(text)
                if rules.gazetteer is not None:
                    article.districts = find_districts(article.text, rules.gazetteer)
                classify(article, rules)
            done += len(texts)
        rates.append(done / (time.perf_counter() - start))
    return rates


def _one_core() -> str:
    """Pin this process to one core, where the system allows it, and say which."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity here)"


def _official(corpus: Path) -> Any:
    """The corpus's own scorer (score.py beside it), or None when it is not there."""
    path = corpus.parent / "score.py"
    spec = importlib.util.spec_from_file_location("corpus_score", path)
    if not path.is_file() or spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _summary(rows: list[_Row], results: list[Classification], corpus: Path) -> str:
    """The scorer's figures in one line: precision, recall, F1, kind, party-F1."""
    scorer = _official(corpus)
    if scorer is None:
        return "corpus scorer (score.py) not found beside the corpus"
    labels = [row.label for row in rows]
    preds = [{"partnership": c.partnership, "parties": c.parties, "kind": c.kind} for c in results]
    v, s = scorer.verdicts(labels, preds), scorer.score(labels, preds, "positive")
    return (f"{corpus.name}: n={len(rows)} precision {v['precision']:.3f} recall {v['recall']:.3f}"
            f" F1 {v['f1']:.3f} kind {v['kind']:.3f} party-F1 {s['lenient_micro'][2]:.3f}"
            f" (tp {v['tp']} fp {v['fp']} fn {v['fn']} tn {v['tn']})")


def _print_misses(rows: list[_Row], results: list[Classification]) -> None:
    for row, result in zip(rows, results, strict=True):
        truth = bool(row.label["partnership"])
        if truth == result.partnership:
            continue
        tag = "FP" if result.partnership else "FN"
        print(f"  {tag} #{row.index} {row.label['url']}")
        print(f"     note: {row.label.get('note', '')}")
        print(f"     ours: score {result.score} rules {result.rules}")
        for sentence in result.evidence[:2]:
            print(f"     evidence: {sentence[:160]}")


def _print_parties(rows: list[_Row], results: list[Classification]) -> None:
    checked = matched = 0
    for row, result in zip(rows, results, strict=True):
        labelled = row.label.get("parties") or []
        if not (row.label["partnership"] and result.partnership and len(labelled) >= 2):
            continue
        checked += 1
        if {_norm(p) for p in result.parties} == {_norm(p) for p in labelled}:
            matched += 1
            continue
        print(f"  #{row.index} {row.label['url']}")
        print(f"     predicted: {result.parties}")
        print(f"     labelled:  {labelled}")
    rate = matched / checked if checked else 0.0
    print(f"parties match rate: {matched}/{checked} = {rate:.3f} (target >= 0.80)")


def _print_kinds(rows: list[_Row], results: list[Classification]) -> None:
    pairs = [(row.label.get("kind"), result.kind) for row, result in zip(rows, results, strict=True)
             if row.label["partnership"] and result.partnership]
    right = sum(a == b for a, b in pairs)
    print(f"kind accuracy on true positives: {right}/{len(pairs)} = "
          f"{right / len(pairs) if pairs else 0.0:.3f}")
    for labelled, predicted in pairs:
        if labelled != predicted:
            print(f"  labelled {labelled!r:18} predicted {predicted!r}")


def _print_halves(rows: list[_Row], results: list[Classification]) -> None:
    for name, parity in (("even rows", 0), ("odd rows", 1)):
        pairs = [(bool(r.label["partnership"]), c.partnership)
                 for r, c in zip(rows, results, strict=True) if r.index % 2 == parity]
        print(f"  {name:9} ({len(pairs)}): {_counts(pairs).line()}")


def _print_baseline(name: str, rows: list[_Row], rule: Callable[[Article], bool]) -> None:
    counts = _counts((bool(r.label["partnership"]), rule(r.article)) for r in rows)
    print(f"  {name}: {counts.line()}")


def _report(rows: list[_Row], rules: Rules, failures: list[str], corpus: Path,
            load_seconds: float) -> None:
    results = [classify(row.article, rules) for row in rows]
    counts = _counts((bool(r.label["partnership"]), c.partnership)
                     for r, c in zip(rows, results, strict=True))
    print(f"rules: {rules.path} ({rules.version}); articles scored: {len(rows)}"
          f" (ambiguous rows left out); unreadable: {len(failures)}")
    print(f"loading the rules, districts and institutions (once per process): "
          f"{load_seconds * 1000:.0f} ms")
    for failure in failures:
        print(f"  unreadable: {failure}")
    print("\nconfusion matrix (rows: labelled, columns: predicted)")
    print("                 predicted yes  predicted no")
    print(f"  labelled yes   {counts.tp:13}  {counts.fn:12}")
    print(f"  labelled no    {counts.fp:13}  {counts.tn:12}")
    print(f"ours: {counts.line()}  (targets: precision >= 0.95, recall >= 0.90)")
    print("\nmisses")
    _print_misses(rows, results)
    print("\nparties (true positives with >= 2 labelled parties; each mismatch)")
    _print_parties(rows, results)
    print()
    _print_kinds(rows, results)
    print("\nheld-out check (same rules, two halves of the corpus)")
    _print_halves(rows, results)
    print("\nbaselines")
    _print_baseline("(a) keyword anywhere   ", rows, _keyword_baseline)
    _print_baseline("(b) signing phrase lead", rows, _signing_baseline)
    print(f"\ncorpus scorer: {_summary(rows, results, corpus)}")
    print(f"\nthroughput, one core ({_one_core()})")
    rates = sorted(_pipeline_rates([str(row.label["text"]) for row in rows], rules))
    print(f"  whole pipeline per article (read text, find districts, classify), 5 rounds: "
          f"median {rates[len(rates) // 2]:,.0f}, min {rates[0]:,.0f}, max {rates[-1]:,.0f} "
          f"articles/s (target >= 300)")
    print("  classify only (articles already parsed, districts found; best of 3 rounds):")
    for name, group in (("all scored articles", rows),
                        ("labelled yes", [r for r in rows if r.label["partnership"]]),
                        ("labelled no", [r for r in rows if not r.label["partnership"]])):
        speed = _throughput([row.article for row in group], rules)
        print(f"    {name:19}: {speed:,.0f} articles/s")
    bare = [row.article.model_copy(update={"districts": []}) for row in rows]
    speed = _throughput(bare, rules)
    print(f"  the same articles without districts (classify scans each text for them): "
          f"{speed:,.0f} articles/s")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/dev.jsonl",
                        help="labelled corpus (default: ../shared/corpus/dev.jsonl)")
    parser.add_argument("--rules", type=Path, default=ROOT / "config/rules/partnership.toml",
                        help="rules file (default: config/rules/partnership.toml)")
    parser.add_argument("--rows", choices=["all", "even", "odd"], default="all",
                        help="score only even or odd corpus rows (for a held-out check)")
    parser.add_argument("--milestone", action="store_true",
                        help="score ../shared/corpus/dev2.jsonl, summary line only")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.milestone:
        args.corpus = args.corpus.parent / "dev2.jsonl"
    if not args.corpus.is_file():
        print(f"bench_classify: corpus not found: {args.corpus} (pass --corpus PATH)",
              file=sys.stderr)
        return 2
    try:
        started = time.perf_counter()
        rules = load_rules(args.rules)
        load_seconds = time.perf_counter() - started
    except MonitorError as error:
        print(f"bench_classify: {error}", file=sys.stderr)
        return 2
    rows, failures = _load(args.corpus, rules.gazetteer)
    if args.rows != "all":
        rows = [row for row in rows if row.index % 2 == (0 if args.rows == "even" else 1)]
    if args.milestone:
        print(_summary(rows, [classify(row.article, rules) for row in rows], args.corpus))
        return 0
    _report(rows, rules, failures, args.corpus, load_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
