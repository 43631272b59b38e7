"""Where the names stand in a text written without capitals: runs of words ending on a head.

A name in such a text is most often a run of words ending on the head of a body: "eastlake
university", "menglian county people's government", "harbor robotics (shanghai) co ltd",
"songjiang economic and technological development zone", with the "of" phrase that may follow
("technical university of munich"). The same words also describe bodies without naming one: "a
new university", "the city's biggest food group", "eastlake university students", "the island
district". ``name_runs`` finds each run and says which it is, from the words around it alone;
monitor.tag.truecase decides what to capitalise, with what the rest of the page shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from monitor.tag.lexicon import Lexicon

__all__ = ["Run", "name_runs", "run_words"]


# Heads that end the name of a body a deal is signed by (not of what a deal makes: a zone, a
# lab, a platform), and the legal forms of a company.
_BODY_HEADS = frozenset({
    "university", "college", "academy", "institute", "school", "hospital", "district",
    "government", "city", "town", "county", "province", "municipality", "borough", "village",
    "subdistrict", "prefecture", "commission", "bureau", "ministry", "department",
    "administration", "committee", "council", "association", "federation", "chamber",
    "society", "foundation", "bank", "museum", "group", "company", "corporation", "holdings",
    "zone", "park", "daily", "organization", "organisation", "authority", "agency", "office",
    "center", "centre"})
# A place the gazetteer knows before one of these heads is that place ("pudong town", "jiading
# company", "songjiang zone"), unlike "jinshan hospital" or "zhejiang university".
_PLACE_KINDS = frozenset({"district", "city", "town", "county", "province", "municipality",
                          "village", "subdistrict", "prefecture", "company", "zone", "park"})
# After these heads an "of" phrase belongs to the name: "technical university of munich".
_OF_HEADS = frozenset({
    "university", "college", "academy", "institute", "school", "hospital", "government",
    "city", "district", "town", "county", "borough", "province", "commission", "bureau",
    "ministry", "department", "administration", "committee", "council", "chamber",
    "federation", "association"})
# Heads that an "of" phrase makes a name of on their own: "the school of agriculture and
# biology"; not "the government of china", "the city of uji" (the place is the name).
_NAMED_BY_OF = frozenset({"university", "college", "academy", "institute", "school",
                          "hospital", "bureau", "ministry", "department", "commission",
                          "committee", "council", "chamber", "federation", "association"})
# Words that are never part of a name: what joins, locates, counts or acts around one.
_BREAKS = frozenset({
    "a", "an", "the", "or", "with", "between", "by", "of", "in", "on", "at", "for", "to",
    "from", "as", "that", "which", "who", "its", "their", "his", "her", "our", "this", "these",
    "those", "it", "they", "has", "have", "had", "was", "were", "is", "are", "be", "been",
    "will", "would", "can", "could", "also", "jointly", "together", "both", "signed", "sign",
    "signs", "inked", "ink", "inks", "sealed", "seals", "set", "up", "launched", "unveiled",
    "said", "says", "under", "after", "before", "include", "includes", "including", "such",
    "like", "among", "than", "into", "over", "about", "all", "other", "more", "most", "many",
    "several", "each", "every", "some", "any", "another", "first", "second", "third", "last",
    "new", "joint", "local", "major", "leading", "largest", "biggest", "top", "two", "three",
    "nine", "ten", "while", "when", "where", "if", "but", "not", "no", "so", "then", "there",
    "subsidiary", "unit", "arm", "partner", "partners", "member", "members", "firm", "firms",
    "companies", "maker", "operator", "developer", "around", "near", "across", "through",
    "throughout", "within", "inside", "outside", "via", "per", "during", "since", "until",
    "toward", "towards", "against", "without", "beyond", "behind", "beside", "along", "upon",
    "state-owned", "privately-owned", "foreign-funded", "listed", "private"})
# Words that describe a body when they open a run ("the state-owned food group") and belong to
# its name inside one ("putuo district state-owned assets investment co").
_OPENING = frozenset({"state-owned", "privately-owned", "foreign-funded", "listed", "private"})
# Before a run, words after which it describes rather than names: "a university", "its group".
_DESCRIBED_AFTER = frozenset({
    "on", "a", "an", "one", "another", "each", "every", "some", "any", "its", "their", "his", "her",
    "our", "this", "these", "those", "such", "other", "several", "many", "more", "most", "new",
    "joint", "local", "major", "leading", "largest", "biggest", "top", "first", "second",
    "third", "last", "state-owned", "privately-owned", "foreign-funded", "listed", "private"})
# Nationalities before a head describe it: "a german university".
_NATIONALITIES = frozenset({
    "chinese", "german", "french", "british", "american", "us", "japanese", "korean",
    "italian", "spanish", "dutch", "swiss", "swedish", "danish", "norwegian", "finnish",
    "russian", "indian", "australian", "canadian", "singaporean", "european", "foreign",
    "overseas", "domestic", "local", "international", "global", "private", "state-owned"})
# Between two words of one name: a space, or a bracket ("harbor robotics (shanghai) co").
_IN_NAME = re.compile(r"[ \t]*[()]?[ \t]*|[ \t]*\)[ \t]*\(?[ \t]*|[ \t]+&[ \t]+")
_TOKEN = re.compile(r"[^\W_][\w'’&-]*")
_POSSESSIVE = re.compile(r"['’]s$")
_OWNERS = frozenset({"people's", "people’s", "women's", "children's"})


class Run(NamedTuple):
    """The part of a run of words that ends on a head, read as a "name", a "description" ("an
    industry college"), "attributive" (more words follow: "eastlake university students"),
    "head-of" (a head alone that its "of" phrase names: "the school of agriculture") or "of"
    (one the phrase does not: "the city of uji", only the place is the name); ``of_end``:
    where that phrase ends (``end`` when there is none)."""

    start: int
    end: int
    kind: str
    of_end: int


def name_runs(text: str, lex: Lexicon, known: dict[int, int]) -> Iterator[Run]:
    """Each run of words that ends on a head; ``known``: the end of each gazetteer mention,
    with its start (a place the gazetteer knows before a head is cased by the gazetteer)."""
    run: list[re.Match[str]] = []
    owned = False  # the run follows a name's possessive ("x co's subsidiary y co")
    for token in _TOKEN.finditer(text):
        word = token.group()
        if run and (gap := text[run[-1].end() : token.start()]) != " " and not (
                _IN_NAME.fullmatch(gap)):
            yield from _named(run, owned, lex, known, text)
            run, owned = [], False
        after_head = bool(run) and (_stem(run[-1].group()) in lex.heads or run[-1].end() in known)
        if (_breaks(word, lex) and not (run and (word in lex.numbers or word in _OPENING))) or (
                word == "and" and not run) or (
                after_head and (word == "and" or _verb_form(word))):
            # "and" after a head or a listed name joins two names; a verb form after one
            # ends it ("... hospital serving as")
            yield from _named(run, owned, lex, known, text)
            run, owned = [], False
            continue
        run.append(token)
        if _POSSESSIVE.search(word) and word not in _OWNERS:
            found = list(_named(run, owned, lex, known, text))
            yield from found
            owned = any(name.kind == "name" for name in found) or token.end() - 2 in known
            run = []
    yield from _named(run, owned, lex, known, text)


def _breaks(word: str, lex: Lexicon) -> bool:
    return (word in _BREAKS or word in lex.verbs or word in lex.numbers or word[0].isdigit()
            or word in lex.roles)


_LAST_WORD = re.compile(r"([\w'’-]+)[^\w]*$")


def _previous_word(text: str, at: int) -> str:
    match = _LAST_WORD.search(text, max(0, at - 30), at)
    return match.group(1) if match else ""


def _named(run: list[re.Match[str]], owned: bool, lex: Lexicon, known: dict[int, int],
           text: str) -> Iterator[Run]:
    """The name in one run: up to its first legal form ("co" of "co ltd") or its last head,
    with up to five words before it, and the "of" phrase after the head. No name after "a" or
    "its" or a possessive ("the city's biggest food group"), nor a nationality and a head ("a
    german university"), nor a place the gazetteer knows and a head ("pudong town")."""
    words = [token.group() for token in run]
    if not any(_stem(word) in _BODY_HEADS or _stem(word) in lex.company_heads for word in words):
        return  # most runs: no head at all
    last = _head_at(words, lex)
    if last < 0:
        return
    before = "" if owned else _previous_word(text, run[0].start())
    first = _name_start(words, last)
    named = words[first : last + 1]
    described = before in _DESCRIBED_AFTER or (  # not "the district's [shanghai ...] co"
        _POSSESSIVE.search(before) is not None and run[first].start() not in known.values())
    place = (last >= 1 and known.get(run[last - 1].end()) == run[first].start()
             and _stem(named[-1]) in _PLACE_KINDS)
    end = run[last].end()
    of_end = (_of_phrase(text, end, lex) if _stem(words[last]) in _OF_HEADS
              and last + 1 == len(words) and not described else end)
    if last > first and _stem(named[0]) not in lex.heads and not all(
            _stem(word) in lex.heads for word in named[:-1]):
        kind = "description" if described or (place and of_end == end) or (
            len(named) == 2 and _describes(named[0], named[1])) else (
            "attributive" if last + 1 < len(words) else "name")
        yield Run(run[first].start(), end, kind, of_end)
    elif of_end > end:  # a head alone before its "of" phrase: "the school of agriculture"
        yield Run(run[last].start(), end, "head-of" if words[last] in _NAMED_BY_OF else "of",
                  of_end)


# A syllable of Hanyu Pinyin, written without tones: most Chinese place names are a few.
_PINYIN = re.compile(r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|"
                     r"ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|[aoeiu])"
                     r"['’]?)+")


def _verb_form(word: str) -> bool:
    """Whether a word ends as a participle does ("-ed", "-ing"), and is no Pinyin ("zhixing")."""
    if "-" in word:  # "state-owned", "jointly-built": part of what the name says
        return False
    return word.endswith("ed") or (word.endswith("ing") and not _PINYIN.fullmatch(word))


def _describes(word: str, head: str) -> bool:
    """Whether one word before a head says what kind of body it is, not which: a nationality
    ("a german university"), or before a place's head an English word ("the island district",
    "the host city"), where the name of a Chinese place is Pinyin ("menglian county")."""
    if word in _NATIONALITIES:
        return True
    return head in _PLACE_KINDS and head not in ("zone", "park", "company") and not (
        _PINYIN.fullmatch(word))


# How many words a name may have before its head.
_BEFORE_HEAD = 5


def _name_start(words: list[str], last: int) -> int:
    """Where a name ending on ``words[last]`` starts: up to five words before its head, not
    counting the "and" inside it ("economic and technological development zone")."""
    first, count = last, 0
    while first > 0 and count < _BEFORE_HEAD:
        first -= 1
        count += words[first] != "and"
    while words[first] == "and" and first < last:
        first += 1
    return first


def _head_at(words: list[str], lex: Lexicon) -> int:
    """Where the name of a run ends: its last legal form ("ltd" of "co ltd"), else its last
    head of a body; -1 when it has neither."""
    company = max((i for i, word in enumerate(words) if i > 0 and _stem(word) in lex.company_heads),
                  default=-1)
    if company >= 0:
        return company
    return max((i for i, word in enumerate(words) if _stem(word) in _BODY_HEADS), default=-1)


def _stem(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


_OF = re.compile(r"[ \t]+of[ \t]+(?!the\b)")


def _of_phrase(text: str, at: int, lex: Lexicon) -> int:
    """Where the words of "of X" after a head end, up to three, to the first word that breaks
    a name (``at`` when there are none); a last word in "-ed" is a verb ("the university of
    munich inaugurated")."""
    of = _OF.match(text, at)
    if of is None:
        return at
    words: list[re.Match[str]] = []
    pos = of.end()
    for token in _TOKEN.finditer(text, pos):
        word = token.group()
        if len(words) > 3 or _breaks(word, lex) or not _IN_NAME.fullmatch(text, pos, token.start()) or (
                word.endswith("ly") and not lex.countries.fullmatch(word)):  # "... officially"
            break
        words.append(token)
        pos = token.end()
    if len(words) > 3 or (words and words[-1].group().endswith("ed")):
        words = words[:-1]
    return words[-1].end() if words else at


def run_words(text: str, start: int, end: int) -> tuple[str, ...]:
    """The words of a run, as ``name_runs`` reads them."""
    return tuple(word.group() for word in _TOKEN.finditer(text, start, end))
