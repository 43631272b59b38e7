"""How steady the tagger is when a labelled article is written down differently.

Unseen pages differ from the ones rules were written on in ways that should not change a verdict:
page furniture before the title, a headline in capitals, every line its own paragraph, curly or
straight quotes, non-breaking spaces, a photo credit, a dateline, and institutions the gazetteer
has never heard of. Each transform below rewrites every article of a labelled set that way (and
its labels where names change), runs ``monitor classify --json`` on the original and on the
rewrite, and counts how often the verdict or the party set moved, plus the scorer's figures on
both. A transform that moves many verdicts points at a fragility that will cost recall or
precision on articles nobody has read; fixing it must never mean fitting one article.

usage:
  python bench/partnerships/perturb.py CORPUS.jsonl --monitor .venv/bin/monitor
      [--scorer PATH/score.py] [--only NAME,...] [--show NAME]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

Row = dict
Transform = Callable[[Row], Row | None]

_NAV = "Home > News > Districts\nShare\nPrint | Email | Font size: A A A\n\n"


def _with_text(row: Row, text: str, parties: list[str] | None = None) -> Row:
    out = dict(row)
    out["text"] = text
    if parties is not None:
        out["parties"] = parties
    return out


# Lines a stored copy puts above the headline: its date and section line, a share bar, a
# breadcrumb. The rewrites that work on "the title" must find the headline under them.
_ABOVE_TITLE = re.compile(r"\s*(?:date \d{4}-\d\d-\d\d(?:\s*\|.*|\s+[A-Z][\w ]* / [\w ]+)?|\|.*"
                          r"|[A-Z][\w ]* / [\w ]+|.*\S \S?>\S? \S.*)\s*$")


def _first_line_span(text: str) -> tuple[int, int] | None:
    """Where the headline is: the first line with words that is not furniture above it."""
    first = None
    for match in re.finditer(r"^[ \t]*\S.*$", text, re.M):
        first = first or match
        if not _ABOVE_TITLE.fullmatch(match.group()):
            return match.start(), match.end()
    return (first.start(), first.end()) if first else None


def navigation(row: Row) -> Row:
    return _with_text(row, _NAV + row["text"])


def upper_title(row: Row) -> Row | None:
    span = _first_line_span(row["text"])
    if span is None:
        return None
    text = row["text"]
    return _with_text(row, text[: span[0]] + text[span[0] : span[1]].upper() + text[span[1] :])


def _under_title(row: Row, block: Callable[[str], str]) -> Row | None:
    """The text with a block, made from its title line, put right under that line."""
    span = _first_line_span(row["text"])
    if span is None:
        return None
    text = row["text"]
    added = block(text[span[0] : span[1]].strip())
    return _with_text(row, text[: span[1]] + "\n\n" + added + text[span[1] :])


def repeated_title(row: Row) -> Row | None:
    return _under_title(row, lambda title: title)


def photo_credit(row: Row) -> Row | None:
    return _under_title(row, lambda _: "Ti Gong")


def lower_case(row: Row) -> Row:
    return _with_text(row, row["text"].lower(), [p.lower() for p in row.get("parties") or []])


def single_newlines(row: Row) -> Row:
    return _with_text(row, re.sub(r"\n\s*\n+", "\n", row["text"]))


def every_line_a_paragraph(row: Row) -> Row:
    return _with_text(row, re.sub(r"\n+", "\n\n", row["text"]))


def curly_quotes(row: Row) -> Row:
    text = re.sub(r"(?<=\w)'(?=\w)", "\u2019", row["text"])
    text = re.sub(r'"(?=\w)', "\u201c", text)
    text = re.sub(r'(?<=[\w.,!?])"', "\u201d", text)
    parties = [p.replace("'", "\u2019") for p in row.get("parties") or []]
    return _with_text(row, text, parties)


def straight_quotes(row: Row) -> Row:
    table = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    return _with_text(row, row["text"].translate(table),
                      [p.translate(table) for p in row.get("parties") or []])


def non_breaking_spaces(row: Row) -> Row:
    return _with_text(row, re.sub(r"(?<=[.,]) ", "\u00a0", row["text"]))


def dateline(row: Row) -> Row | None:
    """Put a wire dateline before the first long paragraph after the title."""
    text = row["text"]
    paragraphs = text.split("\n\n")
    for i, para in enumerate(paragraphs[1:], start=1):
        if len(para) > 120 and para[:1].isupper():
            paragraphs[i] = "SHANGHAI, Jan. 5 -- " + para
            return _with_text(row, "\n\n".join(paragraphs))
    return None


# Invented names, none of them in config/institutions.toml, one per kind of head word.
_STAND_INS = [
    (re.compile(r"\bUniversity\b"), ["Harrowgate University", "Lindenfeld University of Technology"]),
    (re.compile(r"\bHospital\b"), ["Northbrook Memorial Hospital", "Eastvale General Hospital"]),
    (re.compile(r"\b(Institute|Academy)\b"), ["Kestrel Institute of Applied Physics",
                                              "Marlow Academy of Engineering"]),
    (re.compile(r"\b(Co|Company|Corporation|Corp|Group|Ltd|Inc)\b"),
     ["Brightwater Technology Co", "Silverpine Holdings Group"]),
]


_PLAIN_WORDS = frozenset({"Shanghai", "China", "Chinese", "The", "of", "and", "the", "Co", "Ltd",
                          "Group", "(Group)", "University", "Hospital", "Institute", "Academy"})


def _core(name: str) -> str | None:
    """The words that tell a body from others of its kind ("Jiao Tong" of "Shanghai Jiao Tong
    University"), which articles use alone as its short form."""
    words = [w for w in name.replace(",", "").split() if w not in _PLAIN_WORDS]
    core = " ".join(words[:2])
    return core if len(core) > 3 and core[:1].isupper() else None


def stand_in_names(row: Row) -> Row | None:
    """Replace labelled institutions by invented ones the gazetteer cannot know, with their
    short forms ("Fudan" for "Fudan University")."""
    parties = list(row.get("parties") or [])
    text = row["text"]
    used: dict[str, int] = {}
    changed = False
    for i, party in enumerate(parties):
        if party not in text:
            continue
        for head, pool in _STAND_INS:
            if head.search(party):
                k = used.get(pool[0], 0)
                if k >= len(pool):
                    break
                used[pool[0]] = k + 1
                text = text.replace(party, pool[k])
                old, new = _core(party), _core(pool[k])
                if old and new and not any(old in other for other in parties if other != party):
                    text = re.sub(rf"\b{re.escape(old)}\b", new, text)
                parties[i] = pool[k]
                changed = True
                break
    return _with_text(row, text, parties) if changed else None


_SMALL = frozenset(["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with"])


def title_case_title(row: Row) -> Row | None:
    """Headline Style, As Many Sites Write It: every word capitalised but the small ones."""
    span = _first_line_span(row["text"])
    if span is None:
        return None
    text = row["text"]
    words = text[span[0] : span[1]].split(" ")
    cased = [w if (i and w.lower() in _SMALL) or not w[:1].isalpha() else w[:1].upper() + w[1:]
             for i, w in enumerate(words)]
    return _with_text(row, text[: span[0]] + " ".join(cased) + text[span[1] :])


def byline(row: Row) -> Row | None:
    return _under_title(row, lambda _: "By Wang Ming")


def share_bar(row: Row) -> Row | None:
    """A SHINE story as the raw text of its page: share bar, section, title, time line, story,
    source and editor, tags (the raw variant of the seed format)."""
    text = row["text"]
    span = _first_line_span(text)
    if span is None or text.lstrip().startswith(("date ", "|")) or "shine.cn/" not in row.get("url", ""):
        return None
    title = text[span[0] : span[1]].strip()
    if re.fullmatch(r"[A-Z][\w ]* / [\w ]+", title):  # already the raw text of such a page
        return None
    head = f"|\u00a0\u00a0\nFeature / District\n\n{title}\n\n\u00a0 14:00 UTC+8, 2025-03-25\u00a0 0\n"
    return _with_text(row, head + text[span[1] :].lstrip("\n")
                      + "\n\nSource: SHINE   Editor: Wang Ming\nQingpu\nCooperation")


def truncated(row: Row) -> Row | None:
    """A stored copy cut mid-sentence, well after the principal part of a long page."""
    text = row["text"]
    if len(text) < 2000:
        return None
    cut = text.rfind(" ", 0, int(len(text) * 0.7))
    return _with_text(row, text[:cut])


def _after_first_paragraph(row: Row, insert: Callable[[str], str]) -> Row | None:
    """The text with a block put after its first paragraph of running text (past the title)."""
    paragraphs = row["text"].split("\n\n")
    for i, para in enumerate(paragraphs[1:], start=1):
        if len(para) > 120:
            paragraphs.insert(i + 1, insert(para))
            return _with_text(row, "\n\n".join(paragraphs))
    return None


def photo_caption(row: Row) -> Row | None:
    """A photo caption under the lede, which the corpus does not count as a paragraph."""
    return _after_first_paragraph(row, lambda _: "Guests attend the ceremony on Monday.")


def repeated_lede(row: Row) -> Row | None:
    """The lede printed twice, as pages print the standfirst above and below the photo."""
    return _after_first_paragraph(row, lambda para: para)


# Words news writers use for one another in deal sentences; each pair is swapped both ways.
_VERB_SWAPS = [("signed", "inked"), ("sign", "ink"), ("signs", "inks"),
               ("established", "founded"), ("set up", "established")]
_NOUN_SWAPS = [("agreement", "pact"), ("agreements", "pacts"), ("cooperation", "collaboration"),
               ("laboratory", "lab"), ("memorandum of understanding", "MoU"),
               ("partnership", "tie-up")]


def _swap(row: Row, pairs: list[tuple[str, str]]) -> Row | None:
    table = {a: b for a, b in pairs} | {b: a for a, b in pairs}
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, table), key=len, reverse=True))
                         + r")\b")
    text, count = pattern.subn(lambda m: table[m.group(1)], row["text"])
    return _with_text(row, text) if count else None


def deal_verbs(row: Row) -> Row | None:
    return _swap(row, _VERB_SWAPS)


def deal_nouns(row: Row) -> Row | None:
    return _swap(row, _NOUN_SWAPS)


def html_page(row: Row) -> Row | None:
    """The story as a news site's HTML page (navigation, headline, time, paragraphs, related
    links, footer), read by the generic extractor instead of the text reader."""
    from html import escape

    blocks = [line.strip() for line in row["text"].split("\n") if line.strip()]
    if len(blocks) < 2 or row["text"].lstrip().startswith(("date ", "|")):
        return None
    title, body = blocks[0], blocks[1:]
    if len(title.split()) < 4 or len(body[0]) < 100:
        return None  # page furniture first: which line is the headline is not known here
    paragraphs = "\n".join(f"<p>{escape(b)}</p>" for b in body)
    day = row.get("date")  # the page's own date, or none: a made-up one would date the news
    when = f'<time datetime="{day}T10:00:00+08:00">{day}</time>' if day else ""
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} - District News</title></head>
<body><header><nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/district/">District</a>
</nav></header>
<main><article><h1>{escape(title)}</h1>{when}
{paragraphs}
</article>
<aside><h2>Related</h2><ul><li><a href="/news/1.html">Metro line opens to the public</a></li>
<li><a href="/news/2.html">Park hosts spring flower show</a></li></ul></aside></main>
<footer>Copyright District News. All rights reserved.</footer></body></html>"""
    return _with_text(row, page)


def party_order(row: Row) -> Row | None:
    """Two labelled parties written "A and B" swapped to "B and A": who is named first should
    not decide who is read."""
    parties = row.get("parties") or []
    text = row["text"]
    count = 0
    for a in parties:
        for b in parties:
            if a != b and f"{a} and {b}" in text:
                text = text.replace(f"{a} and {b}", f"{b}\0{a}")
                count += 1
    return _with_text(row, text.replace("\0", " and ")) if count else None


_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _in_words(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    return _TENS[n // 10] + (f"-{_UNITS[n % 10]}" if n % 10 else "")


def counts_in_words(row: Row) -> Row | None:
    """Counts written out ("twenty-seven projects") as many papers write them."""
    pattern = re.compile(r"(?<![\w.,$-])([2-9]|[1-9]\d)(?=\s+[a-z])")
    text, count = pattern.subn(lambda m: _in_words(int(m.group(1))), row["text"])
    return _with_text(row, text) if count else None


def hard_wrap(row: Row) -> Row | None:
    """Paragraphs wrapped at 72 columns, as some stored copies and mail digests give them."""
    import textwrap

    paragraphs = row["text"].split("\n\n")
    wrapped = [p if i == 0 or "\n" in p else "\n".join(textwrap.wrap(p, 72)) or p
               for i, p in enumerate(paragraphs)]
    return _with_text(row, "\n\n".join(wrapped)) if wrapped != paragraphs else None


def lower_body(row: Row) -> Row | None:
    """The headline as written and the rest in lower case, as some pages print their story."""
    span = _first_line_span(row["text"])
    if span is None:
        return None
    text = row["text"]
    return _with_text(row, text[: span[1]] + text[span[1] :].lower(),
                      [p.lower() for p in row.get("parties") or []])


TRANSFORMS: dict[str, Transform] = {
    "navigation": navigation,
    "upper_title": upper_title,
    "repeated_title": repeated_title,
    "photo_credit": photo_credit,
    "lower_case": lower_case,
    "single_newlines": single_newlines,
    "every_line_a_paragraph": every_line_a_paragraph,
    "curly_quotes": curly_quotes,
    "straight_quotes": straight_quotes,
    "non_breaking_spaces": non_breaking_spaces,
    "dateline": dateline,
    "stand_in_names": stand_in_names,
    "title_case_title": title_case_title,
    "byline": byline,
    "share_bar": share_bar,
    "truncated": truncated,
    "photo_caption": photo_caption,
    "repeated_lede": repeated_lede,
    "deal_verbs": deal_verbs,
    "deal_nouns": deal_nouns,
    "html_page": html_page,
    "party_order": party_order,
    "counts_in_words": counts_in_words,
    "hard_wrap": hard_wrap,
    "lower_body": lower_body,
}


def classify(monitor: str, rows: list[Row]) -> list[dict]:
    """Verdicts in order; a file monitor refuses counts as no partnership, marked ``refused``."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, row in enumerate(rows):
            path = Path(tmp) / f"{i:04d}.txt"
            path.write_text(row["text"], encoding="utf-8")
            paths.append(str(path))
        out = subprocess.run([monitor, "classify", "--json", *paths], capture_output=True,
                             text=True, check=False)
        if out.returncode != 0:
            return [_one(monitor, path) for path in paths]
    preds = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    if len(preds) != len(rows):
        sys.exit(f"classify printed {len(preds)} objects for {len(rows)} files")
    return preds


def _one(monitor: str, path: str) -> dict:
    out = subprocess.run([monitor, "classify", "--json", path], capture_output=True, text=True,
                         check=False)
    if out.returncode != 0:
        return {"partnership": False, "parties": [], "refused": out.stderr.strip()}
    return dict(json.loads(out.stdout))


def _load_scorer(path: str | None):
    if not path or not Path(path).exists():
        return None
    spec = importlib.util.spec_from_file_location("corpus_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _figures(scorer, rows: list[Row], preds: list[dict]) -> str:
    if scorer is None:
        return ""
    pairs = [(r, p) for r, p in zip(rows, preds, strict=True) if not r.get("ambiguous")]
    rs, ps = [r for r, _ in pairs], [p for _, p in pairs]
    v = scorer.verdicts(rs, ps)
    s = scorer.score(rs, ps, "positive")
    return (f"P {v['precision']:.3f} R {v['recall']:.3f} kind {v['kind']:.3f} "
            f"party-F1 {s['lenient_micro'][2]:.3f}")


def _party_key(pred: dict) -> frozenset[str]:
    return frozenset(p.lower() for p in pred.get("parties") or [])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--monitor", required=True)
    ap.add_argument("--scorer", default=str(Path(__file__).resolve().parents[3]
                                            / "shared" / "corpus" / "score.py"))
    ap.add_argument("--only", default="")
    ap.add_argument("--show", default="", help="print the articles one transform moved")
    args = ap.parse_args()
    lines = Path(args.corpus).read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    for row in rows:
        if isinstance(row.get("district"), str):
            row["district"] = [row["district"]]
    scorer = _load_scorer(args.scorer)
    base = classify(args.monitor, rows)
    print(f"{Path(args.corpus).name} n={len(rows)} original: {_figures(scorer, rows, base)}")
    names = [n for n in args.only.split(",") if n] or list(TRANSFORMS)
    for name in names:
        variants = [(i, TRANSFORMS[name](row)) for i, row in enumerate(rows)]
        variants = [(i, v) for i, v in variants if v is not None]
        if not variants:
            print(f"  {name:24s} applies to no article")
            continue
        preds = classify(args.monitor, [v for _, v in variants])
        flips = [(i, v, p) for (i, v), p in zip(variants, preds, strict=True)
                 if bool(p.get("partnership")) != bool(base[i].get("partnership"))]
        moved = [(i, v, p) for (i, v), p in zip(variants, preds, strict=True)
                 if bool(p.get("partnership")) == bool(base[i].get("partnership"))
                 and p.get("partnership") and name not in ("lower_case", "lower_body", "stand_in_names")
                 and _party_key(p) != _party_key(base[i])]
        old = [base[i] for i, _ in variants]
        vrows = [v for _, v in variants]
        orows = [rows[i] for i, _ in variants]
        refused = sum(1 for p in preds if "refused" in p)
        print(f"  {name:24s} n={len(variants):3d} verdict flips {len(flips):2d} "
              + (f"refused {refused} " if refused else "")
              +
              f"party sets moved {len(moved):2d}  before: {_figures(scorer, orows, old)}"
              f"  after: {_figures(scorer, vrows, preds)}")
        if name == args.show:
            for p in preds:
                if "refused" in p:
                    print("    refused:", p["refused"])
            for i, v, p in flips + moved:
                print(f"    row {i} {v.get('url', '')} label={v.get('partnership')} "
                      f"{base[i].get('partnership')}->{p.get('partnership')} "
                      f"{base[i].get('parties')} -> {p.get('parties')}")


if __name__ == "__main__":
    main()
