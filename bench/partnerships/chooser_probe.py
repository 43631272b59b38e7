"""Probe: choose a verdict's parties among all the names of its principal part with a small
logistic model over surface features, trained on some labelled sets and scored on another.

Why: `candidates.py` shows the reader sees most labelled parties somewhere in the principal
part while the verdict keeps far fewer. This asks whether a plain learned chooser (where a name
stands, how often it recurs, its head, whether the title has it) does better than the deal
grammar. ``--without-rules`` hides the features that come from the rules (the verdict's own
parties and the parties of the deal hits), to see what the surface features alone can do. The
model is fitted by plain gradient descent: the sets are small and nothing here is shipped.

usage:
  python bench/partnerships/chooser_probe.py --train A.jsonl,B.jsonl --test C.jsonl
      [--without-rules] [--scorer PATH/score.py]
"""

from __future__ import annotations

import argparse
import json
import math
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
_THRESHOLDS = (0.3, 0.4, 0.5, 0.6)


def _features(text: str, rules: Rules, same, with_rules: bool):
    """The verdict, and a feature vector for every name of the principal part."""
    article = read_text(text)
    verdict = tagger.classify(article, rules)
    blocks = tagger.lead_blocks(article, rules)
    lead = tagger.Lead(blocks, tagger.Reader(rules.lexicon, "\n".join(b.text for b in blocks)))
    lex = rules.lexicon
    where: dict[str, list[int]] = {}
    for index in range(len(blocks)):
        for sentence in lead.sentences(index):
            for name in _names(sentence.text, lead, rules):
                where.setdefault(name, []).append(index)
    hits = [hit for hit in tagger._hits(lead, rules) if hit.status == "ok"]
    in_deal = {name for hit in hits for name in _names(hit.sentence.text, lead, rules)}
    hit_parties = {party for hit in hits for party in hit.parties}
    features = {}
    for name, blocks_at in where.items():
        words = name.split()
        last = words[-1].lower()
        chosen = any(name == p or same(name, p) for p in verdict.parties)
        features[name] = [
            1.0,
            float(chosen) if with_rules else 0.0,
            float(name in hit_parties) if with_rules else 0.0,
            float(name in in_deal),
            float(blocks[blocks_at[0]].where == "title"),
            float(min(blocks_at) <= 1),
            math.log(1 + len(blocks_at)),
            math.log(1 + len(set(blocks_at))),
            float(last in lex.heads and last not in _PLACE_HEADS),
            float(last in lex.company_heads),
            float(last in _PLACE_HEADS or name.lower() in lex.regions
                  or name.lower() in lex.not_alone),
            float(name.isupper()),
            min(len(words), 8) / 8.0,
            float(len(words) == 1),
            min(blocks_at) / max(1, len(blocks)),
        ]
    return verdict, features


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def fit(examples: list[tuple[list[float], float]], epochs: int = 1500, rate: float = 0.5,
        l2: float = 1e-3) -> list[float]:
    weights = [0.0] * len(examples[0][0])
    for _ in range(epochs):
        grad = [0.0] * len(weights)
        for x, y in examples:
            error = _sigmoid(sum(w * v for w, v in zip(weights, x, strict=True))) - y
            for j, v in enumerate(x):
                grad[j] += error * v
        weights = [w - rate * (g / len(examples) + l2 * w) for w, g in zip(weights, grad, strict=True)]
    return weights


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--without-rules", action="store_true")
    ap.add_argument("--scorer", default=str(ROOT.parent / "shared" / "corpus" / "score.py"))
    args = ap.parse_args()
    scorer = _load_scorer(args.scorer)
    rules = load_rules(ROOT / "config" / "rules" / "partnership.toml")

    def load(paths: str):
        rows = [json.loads(line) for path in paths.split(",")
                for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
        return [(row, *_features(row["text"], rules, scorer.same, not args.without_rules))
                for row in rows]

    examples = [(vector, float(any(scorer.same(gold, name) for gold in row["parties"])))
                for row, verdict, features in load(args.train)
                if row["partnership"] and row["parties"] and verdict.partnership
                for name, vector in features.items()]
    weights = fit(examples)
    test = load(args.test)
    rows = [row for row, _, _ in test]

    def party_f1(preds: list[dict]) -> str:
        p, r, f = scorer.score(rows, preds, "positive")["lenient_micro"][:3]
        return f"party-F1 {f:.3f} (P {p:.3f} R {r:.3f})"

    line = f"{Path(args.test).name}: the rules' parties {party_f1([json.loads(v.model_dump_json()) for _, v, _ in test])}"
    for threshold in _THRESHOLDS:
        preds = []
        for row, verdict, features in test:
            pred = json.loads(verdict.model_dump_json())
            if verdict.partnership:
                chosen = [n for n, x in features.items()
                          if _sigmoid(sum(w * v for w, v in zip(weights, x, strict=True))) >= threshold]
                pred["parties"] = merge(chosen, tagger.Reader(rules.lexicon, row["text"])) or pred["parties"]
            preds.append(pred)
        line += f"; chosen at {threshold}: {party_f1(preds)}"
    print(line)


if __name__ == "__main__":
    main()
