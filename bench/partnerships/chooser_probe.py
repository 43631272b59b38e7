"""Probe: choose a verdict's parties among all the names of its principal part with a small
logistic model over where each name stands and what it is, trained on some labelled sets and
scored on others.

Why: `candidates.py` shows the reader sees most labelled parties somewhere in the principal
part while the verdict keeps far fewer. This asks whether a learned chooser does better than the
deal grammar, alone or beside it: ``chosen`` keeps the names the model rates at or above a
threshold; ``added`` keeps the rules' parties and adds the names rated at or above it.
``--without-rules`` hides the features that come from the rules (the verdict's own parties and
the parties of the deal hits). ``--folds`` scores each named set with a model fitted on all the
others (leave one set out), which is how a chooser would meet pages nobody fitted it on. The
model is a logistic regression fitted by Newton's method.

usage:
  python bench/partnerships/chooser_probe.py --train A.jsonl,B.jsonl --test C.jsonl
      [--without-rules] [--scorer PATH/score.py]
  python bench/partnerships/chooser_probe.py --folds A.jsonl,B.jsonl,C.jsonl [--train-also D.jsonl]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(Path(__file__).resolve().parent))

from candidates import _load_scorer, _names  # noqa: E402

from monitor.read.seedformat import read_text  # noqa: E402
from monitor.tag import classify as tagger  # noqa: E402
from monitor.tag.resolve import merge  # noqa: E402
from monitor.tag.rules import Rules, load_rules  # noqa: E402

_PLACE_HEADS = {"district", "city", "county", "province", "town", "municipality", "region",
                "township"}
_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
_BEFORE = 48  # characters of a sentence before a name that its context features read
_ATTENDING = re.compile(r"\b(?:witness\w*|attend\w*|present|officials?|representatives?|"
                        r"delegat\w*|on behalf of|leaders?|president|secretary|mayor|dean|"
                        r"director|chairman|head|vice)\W+(?:\w+\W+){0,4}$", re.IGNORECASE)
_WITH = re.compile(r"\b(?:with|between|and)\s+(?:the\s+)?$", re.IGNORECASE)
_SIGNING = re.compile(r"\b(?:sign\w*|ink\w*|seal\w*|agree\w*|partner\w*|team\w* up|join\w* hands|"
                      r"establish\w*|launch\w*|set up|form\w*|memorand\w*|MoU|deal|pact|"
                      r"cooperat\w*|collaborat\w*)\b", re.IGNORECASE)


def _features(text: str, rules: Rules, same, with_rules: bool):
    """The verdict, and a feature vector for every name of the principal part."""
    article = read_text(text)
    verdict = tagger.classify(article, rules)
    blocks = tagger.lead_blocks(article, rules)
    lead = tagger.Lead(blocks, tagger.Reader(rules.lexicon, "\n".join(b.text for b in blocks)))
    lex = rules.lexicon
    where: dict[str, list[int]] = {}
    context: dict[str, dict[str, bool]] = {}
    for index in range(len(blocks)):
        for sentence in lead.sentences(index):
            deal_sentence = _SIGNING.search(sentence.text) is not None
            for name in _names(sentence.text, lead, rules):
                where.setdefault(name, []).append(index)
                at = sentence.text.find(name)
                before = sentence.text[max(0, at - _BEFORE): at] if at >= 0 else ""
                after = sentence.text[at + len(name): at + len(name) + _BEFORE] if at >= 0 else ""
                seen = context.setdefault(name, {"attending": False, "with": False,
                                                 "subject": False, "signing": False,
                                                 "possessive": False})
                seen["attending"] |= _ATTENDING.search(before) is not None
                seen["with"] |= deal_sentence and _WITH.search(before) is not None
                seen["subject"] |= deal_sentence and at >= 0 and _SIGNING.search(after) is not None
                seen["signing"] |= deal_sentence
                seen["possessive"] |= after.startswith(("'s", "’s"))
    hits = tagger._hits(lead, rules)
    ok = [hit for hit in hits if hit.status == "ok"]
    in_deal = {name for hit in ok for name in _names(hit.sentence.text, lead, rules)}
    hit_parties = {party for hit in ok for party in hit.parties}
    any_parties = {party for hit in hits for party in hit.parties}
    few = float(len(verdict.parties) < 2)
    features = {}
    for name, blocks_at in where.items():
        words = name.split()
        last = words[-1].lower()
        chosen = float(any(name == p or same(name, p) for p in verdict.parties))
        title = float(blocks[blocks_at[0]].where == "title")
        institution = float(last in lex.heads and last not in _PLACE_HEADS)
        place = float(last in _PLACE_HEADS or name.lower() in lex.regions
                      or name.lower() in lex.not_alone)
        seen = context[name]
        deal = float(name in in_deal)
        features[name] = [
            1.0,
            chosen if with_rules else 0.0,
            float(name in hit_parties) if with_rules else 0.0,
            float(name in any_parties) if with_rules else 0.0,
            deal,
            title,
            float(min(blocks_at) <= 1),
            math.log(1 + len(blocks_at)),
            math.log(1 + len(set(blocks_at))),
            institution,
            float(last in lex.company_heads),
            place,
            float(name.isupper()),
            min(len(words), 8) / 8.0,
            float(len(words) == 1),
            min(blocks_at) / max(1, len(blocks)),
            float(seen["attending"]),
            float(seen["with"]),
            float(seen["subject"]),
            float(seen["signing"]),
            float(seen["possessive"]),
            few,
            few * title,
            few * deal,
            few * institution,
            math.log(1 + len(where)) / 3,
        ]
    return verdict, features


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def fit(examples: list[tuple[list[float], float]], steps: int = 25, l2: float = 1e-2) -> list[float]:
    """Logistic regression by Newton's method (a few dozen features: the system is small)."""
    size = len(examples[0][0])
    weights = [0.0] * size
    for _ in range(steps):
        grad = [l2 * w for w in weights]
        hess = [[l2 if i == j else 0.0 for j in range(size)] for i in range(size)]
        for x, y in examples:
            p = _sigmoid(sum(w * v for w, v in zip(weights, x, strict=True)))
            error, curve = p - y, p * (1 - p)
            for i, xi in enumerate(x):
                if xi:
                    grad[i] += error * xi
                    row = hess[i]
                    for j, xj in enumerate(x):
                        if xj:
                            row[j] += curve * xi * xj
        step = _solve(hess, grad)
        weights = [w - s for w, s in zip(weights, step, strict=True)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return weights


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting."""
    size = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, size):
            factor = a[r][col] / a[col][col]
            if factor:
                for c in range(col, size + 1):
                    a[r][c] -= factor * a[col][c]
    out = [0.0] * size
    for r in range(size - 1, -1, -1):
        out[r] = (a[r][size] - sum(a[r][c] * out[c] for c in range(r + 1, size))) / a[r][r]
    return out


def _examples(loaded, same) -> list[tuple[list[float], float]]:
    return [(vector, float(any(same(gold, name) for gold in row["parties"])))
            for row, verdict, features in loaded
            if row["partnership"] and row["parties"] and verdict.partnership
            for name, vector in features.items()]


def _report(name: str, weights: list[float], test, scorer, rules: Rules) -> str:
    rows = [row for row, _, _ in test]

    def party_f1(preds: list[dict], full: bool = True) -> str:
        p, r, f = scorer.score(rows, preds, "positive")["lenient_micro"][:3]
        return f"{f:.3f} (P {p:.3f} R {r:.3f})" if full else f"{f:.3f}"

    line = f"{name}: rules {party_f1([json.loads(v.model_dump_json()) for _, v, _ in test])}"
    for threshold in _THRESHOLDS:
        for mode in ("chosen", "added"):
            preds = []
            for row, verdict, features in test:
                pred = json.loads(verdict.model_dump_json())
                if verdict.partnership:
                    picked = [n for n, x in features.items()
                              if _sigmoid(sum(w * v for w, v in zip(weights, x, strict=True)))
                              >= threshold]
                    if mode == "added":
                        picked = list(verdict.parties) + picked
                    reader = tagger.Reader(rules.lexicon, row["text"])
                    pred["parties"] = merge(picked, reader) or pred["parties"]
                preds.append(pred)
            line += f"; {mode}@{threshold} {party_f1(preds, full=False)}"
    return line


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", default="")
    ap.add_argument("--test", default="")
    ap.add_argument("--folds", default="", help="sets to score one by one, each with a model "
                    "fitted on the others (and on --train-also)")
    ap.add_argument("--train-also", default="")
    ap.add_argument("--without-rules", action="store_true")
    ap.add_argument("--scorer", default=str(ROOT.parent / "shared" / "corpus" / "score.py"))
    args = ap.parse_args()
    scorer = _load_scorer(args.scorer)
    rules = load_rules(ROOT / "config" / "rules" / "partnership.toml")

    def load(path: str):
        rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
                if line.strip()]
        return [(row, *_features(row["text"], rules, scorer.same, not args.without_rules))
                for row in rows]

    if args.folds:
        sets = {path: load(path) for path in args.folds.split(",")}
        extra = [item for path in filter(None, args.train_also.split(",")) for item in load(path)]
        for path, test in sets.items():
            train = extra + [item for other, items in sets.items() if other != path
                             for item in items]
            print(_report(Path(path).name, fit(_examples(train, scorer.same)), test, scorer, rules),
                  flush=True)
        return
    train = [item for path in args.train.split(",") for item in load(path)]
    weights = fit(_examples(train, scorer.same))
    print(_report(Path(args.test).name, weights, load(args.test), scorer, rules))


if __name__ == "__main__":
    main()
