"""Where the labelled parties of tagged articles are: among the names the reader finds anywhere in
the principal part, among those of the deal sentences, and in the verdict.

Why: when held-out party recall stays low however the rules grow, this tells whether the reader
fails to see the names (then reading must change) or sees them and the deal grammar fails to pick
them (then choosing among candidates must change). Matching is the corpus scorer's own ``same``.

usage:
  python bench/partnerships/candidates.py CORPUS.jsonl [CORPUS.jsonl ...] [--scorer PATH/score.py]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from monitor.read.seedformat import read_text  # noqa: E402
from monitor.tag import classify as tagger  # noqa: E402
from monitor.tag.institutions import lower_case_names, mentioned_parties  # noqa: E402
from monitor.tag.rules import Rules, load_rules  # noqa: E402


def _load_scorer(path: str):
    spec = importlib.util.spec_from_file_location("corpus_score", path)
    if spec is None or spec.loader is None or not Path(path).exists():
        sys.exit(f"{path}: the corpus scorer is not there (pass --scorer)")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _names(text: str, lead: tagger.Lead, rules: Rules) -> list[str]:
    """Every name the reader, the institutions list and the lower-case reader find in a text."""
    reader = lead.reader
    found = [part for name in reader.read(text).names for part in name.parts]
    if rules.institutions is not None:
        found += mentioned_parties(text, rules.institutions, found)
    return found + lower_case_names(text, reader.lex)


def tally(rows: list[dict], rules: Rules, same) -> dict[str, float]:
    counts = {"articles": 0, "labelled": 0, "principal": 0, "deal": 0, "verdict": 0,
              "principal_names": 0, "deal_names": 0, "verdict_names": 0}
    for row in rows:
        if not row.get("partnership") or not row.get("parties"):
            continue
        article = read_text(row["text"])
        blocks = tagger.lead_blocks(article, rules)
        lead = tagger.Lead(blocks, tagger.Reader(rules.lexicon,
                                                 "\n".join(block.text for block in blocks)))
        principal = {name for index in range(len(blocks)) for sentence in lead.sentences(index)
                     for name in _names(sentence.text, lead, rules)}
        deal = {name for hit in tagger._hits(lead, rules) if hit.status == "ok"
                for name in _names(hit.sentence.text, lead, rules)}
        verdict = tagger.classify(article, rules).parties
        counts["articles"] += 1
        counts["labelled"] += len(row["parties"])
        for key, names in (("principal", principal), ("deal", deal), ("verdict", verdict)):
            counts[key] += sum(any(same(gold, name) for name in names) for gold in row["parties"])
            counts[f"{key}_names"] += len(names)
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--scorer", default=str(ROOT.parent / "shared" / "corpus" / "score.py"))
    args = ap.parse_args()
    scorer = _load_scorer(args.scorer)
    rules = load_rules(ROOT / "config" / "rules" / "partnership.toml")
    for path in args.corpus:
        rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
                if line.strip()]
        c = tally(rows, rules, scorer.same)
        n, gold = max(c["articles"], 1), max(c["labelled"], 1)
        print(f"{Path(path).name}: {c['articles']} articles labelled as deals, "
              f"{c['labelled']} labelled parties; "
              f"found among the principal part's names {c['principal'] / gold:.3f} "
              f"({c['principal_names'] / n:.1f} names an article), among the deal sentences' "
              f"{c['deal'] / gold:.3f} ({c['deal_names'] / n:.1f}), in the verdict "
              f"{c['verdict'] / gold:.3f} ({c['verdict_names'] / n:.1f})")


if __name__ == "__main__":
    main()
