"""Measure the partnership classifier on the labelled dev corpus, beside two simple baselines.

    .venv/bin/python bench/bench_classify.py [--corpus PATH] [--rules PATH] [--rows all|even|odd]

Rows marked "ambiguous" are left out of every score. Prints the confusion matrix, precision,
recall and F1, every miss (false positive and false negative) with the corpus note, the parties
match rate with each mismatch, kind accuracy, throughput on one core, the scores of the two
baselines, and the same precision/recall on even and odd rows (a held-out check: rules developed
while looking at one half should score about as well on the other).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

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


def _report(rows: list[_Row], rules: Rules, failures: list[str]) -> None:
    results = [classify(row.article, rules) for row in rows]
    counts = _counts((bool(r.label["partnership"]), c.partnership)
                     for r, c in zip(rows, results, strict=True))
    print(f"rules: {rules.path} ({rules.version}); articles scored: {len(rows)}"
          f" (ambiguous rows left out); unreadable: {len(failures)}")
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
    print("\nthroughput (classify only, articles already parsed, their districts found by parsing"
          " as in the pipeline and `monitor classify`; best of 3 rounds)")
    for name, group in (("all scored articles", rows),
                        ("labelled yes", [r for r in rows if r.label["partnership"]]),
                        ("labelled no", [r for r in rows if not r.label["partnership"]])):
        speed = _throughput([row.article for row in group], rules)
        target = " (target >= 2,000)" if group is rows else ""
        print(f"  {name:19}: {speed:,.0f} articles/s on one core{target}")
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
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if not args.corpus.is_file():
        print(f"bench_classify: corpus not found: {args.corpus} (pass --corpus PATH)",
              file=sys.stderr)
        return 2
    try:
        rules = load_rules(args.rules)
    except MonitorError as error:
        print(f"bench_classify: {error}", file=sys.stderr)
        return 2
    rows, failures = _load(args.corpus, rules.gazetteer)
    if args.rows != "all":
        rows = [row for row in rows if row.index % 2 == (0 if args.rows == "even" else 1)]
    _report(rows, rules, failures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
