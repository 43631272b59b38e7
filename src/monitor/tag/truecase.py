"""Give a page written without any capitals the capitals its names would have, before it is read.

Why: the reader of names (monitor.tag.names) reads capitalised phrases, and some verdict
patterns want a capital where a name starts (", A and B signed"). A feed or a page style that
lower-cases everything leaves them nothing, so the same article gets another verdict and loses
its parties. Rather than a second reader for such pages, their case is restored and the ordinary
reader does the rest:

- the names and aliases of the gazetteers (config/institutions.toml, config/districts.toml),
  with the capitals they are written with there ("sjtu" becomes "SJTU");
- a run of up to five words ending on an organisation's head ("eastlake university", "harbor
  robotics (shanghai) co", "menglian county people's government"), and the "of" phrase after
  such a head ("technical university of munich");
- the first word of each sentence and paragraph.

Only letters change case, one for one, so the restored text lower-cased is the page again and
a verdict can be told in the page's own words. A page with a capital anywhere in its principal
part is read as written: only pages with none take this path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from monitor.models import Article, Classification
from monitor.tag.institutions import Institutions, Mentioned
from monitor.tag.lexicon import Lexicon

__all__ = ["as_written", "has_no_capitals", "truecase", "truecased_article"]

# How many story paragraphs after the title and lede must be without capitals too.
_PRINCIPAL_PARAGRAPHS = 3


def has_no_capitals(text: str) -> bool:
    """Whether ``text`` has letters and lower case would change none of them."""
    return text == text.lower() and any(c.isalpha() for c in text)


def _story_uncased(article: Article) -> bool:
    """Whether the lede and first paragraphs have no capitals (the headline may: a site that
    lower-cases its pages may still write its headlines in capitals)."""
    return has_no_capitals(" ".join([article.lede or "", *article.body[:_PRINCIPAL_PARAGRAPHS]]))


def truecased_article(article: Article, institutions: Institutions | None,
                      lex: Lexicon) -> Article | None:
    """The article with its case restored, or None when its title, lede and first paragraphs
    have a capital anywhere (it is read as written). Only fields without capitals change."""
    if not _story_uncased(article):
        return None
    readings = {text: _reading(text, institutions, lex)
                for text in (article.title, article.lede or "", *article.body)
                if has_no_capitals(text)}
    page = _page(readings)

    def restored(text: str) -> str:
        reading = readings.get(text)
        return text if reading is None else _restore(text, reading, page, institutions, lex)

    cased = article.model_copy(update={
        "title": restored(article.title),
        "lede": restored(article.lede) if article.lede else article.lede,
        "body": [restored(paragraph) for paragraph in article.body],
    })
    return None if _story_uncased(cased) else cased  # nothing to restore: read as written


def as_written(verdict: Classification, restored: Article, page: Article) -> Classification:
    """A verdict on the ``restored`` article in the ``page``'s own words: each party and piece
    of evidence as the page writes it (restoring changed only the case of letters, one for
    one, so a phrase stands at the same place in both texts; one the reader put together is
    given in lower case)."""
    cased, written = restored.text, page.text

    def own(phrase: str) -> str:
        at = cased.find(phrase)
        return written[at : at + len(phrase)] if at >= 0 else phrase.lower()

    return verdict.model_copy(update={"parties": [own(party) for party in verdict.parties],
                                      "evidence": [own(text) for text in verdict.evidence]})


def truecase(text: str, institutions: Institutions | None, lex: Lexicon) -> str:
    """``text`` (written without capitals) with the capitals of its names and sentences."""
    reading = _reading(text, institutions, lex)
    return _restore(text, reading, _page({text: reading}), institutions, lex)


class _Reading(NamedTuple):
    """What restoring one text needs: its gazetteer mentions and its runs of words."""

    mentions: list[Mentioned]
    runs: list[_Run]


def _reading(text: str, institutions: Institutions | None, lex: Lexicon) -> _Reading:
    mentions = institutions.find(text) if institutions is not None else []
    known = {mention.end: mention.start for mention in mentions}
    return _Reading(mentions, list(_name_runs(text, lex, known)))


class _Page(NamedTuple):
    """What a page's runs tell of each other: the names it writes as names, and those it shows
    are none: the ends of its longer names ("sports federation" of "shanghai sports
    federation") and the runs it writes after "a" or "its" ("an industry college")."""

    names: frozenset[tuple[str, ...]]
    short: frozenset[tuple[str, ...]]


def _page(readings: dict[str, _Reading]) -> _Page:
    names: set[tuple[str, ...]] = set()
    short: set[tuple[str, ...]] = set()
    for text, reading in readings.items():
        for run in reading.runs:
            words = _words(text, run.start, run.end)
            if run.kind == "name":
                names.add(words)
                short.update(words[i:] for i in range(1, len(words) - 1))
            elif run.kind != "of":
                short.add(words)
    return _Page(frozenset(names), frozenset(short))


def _words(text: str, start: int, end: int) -> tuple[str, ...]:
    return tuple(word.group() for word in _TOKEN.finditer(text, start, end))


def _restore(text: str, reading: _Reading, page: _Page, institutions: Institutions | None,
             lex: Lexicon) -> str:
    """``text`` with the capitals of its sentence starts, its runs that are names (not the
    short forms of a longer one, unless an "of" phrase follows; before more words, only a
    name the page writes alone too), and its gazetteer names."""
    chars = list(text)
    for start in _sentence_starts(text):
        _put(chars, start, text[start].upper())
    for run in reading.runs:
        words = _words(text, run.start, run.end)
        if (run.kind == "name" and (run.of_end > run.end or words not in page.short)) or (
                run.kind == "attributive" and words in page.names):
            _capitalise(chars, text, run.start, run.end, lex)
        if run.of_end > run.end:  # "the city of uji": the "of" phrase names the city
            alone = run.kind == "of" and text[run.start : run.end] in _NAMED_BY_OF
            _capitalise(chars, text, run.start if alone else run.end, run.of_end, lex)
    for country in lex.countries.finditer(text):
        _capitalise(chars, text, country.start(), country.end(), lex, acronyms=True)
    for start, written in _listed(reading.mentions, institutions) if institutions else ():
        for offset, letter in enumerate(written):  # a gazetteer's own capitals ("SJTU") last
            _put(chars, start + offset, letter)
    cased = "".join(chars)
    for pair in _LEGAL_PAIR.finditer(cased):
        _put(chars, pair.start(1), cased[pair.start(1)].upper())
    return "".join(chars)


def _capitalise(chars: list[str], text: str, start: int, end: int, lex: Lexicon,
                acronyms: bool = False) -> None:
    """Capitalise each word but the joiners ("of"); with ``acronyms`` a word of up to three
    letters is spelled in capitals ("uk", "uae", "g60")."""
    for word in (_ANY_WORD if acronyms else _WORD).finditer(text, start, end):
        if word.group() in lex.joiners:
            continue
        if acronyms and len(word.group()) <= 3:
            for at in range(word.start(), word.end()):
                _put(chars, at, text[at].upper())
        else:
            _put(chars, word.start(), word.group()[0].upper())


def _put(chars: list[str], at: int, letter: str) -> None:
    """Write ``letter`` over the one at ``at`` when they differ only in case (one for one)."""
    if at < len(chars) and letter != chars[at] and len(letter) == 1 and letter.lower() == chars[at]:
        chars[at] = letter


_WORD = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’&-]*")
_ANY_WORD = re.compile(r"(?<![\w'’-])\w[\w'’&-]*")  # with digits: "g60"
# A sentence starts a text or a line, or after its end mark, closing quotes and space.
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?])['\"”’)]*\s+)[\s\"“‘'(]*(?=[^\W\d_])", re.M)


# A full stop after these ends an abbreviation, not a sentence: "co., ltd. and harbor signed".
_ABBREVIATIONS = frozenset({
    "co", "ltd", "inc", "corp", "no", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "vs", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s",
    "e.g", "i.e", "approx", "dept", "gov"})
_WORD_BEFORE = re.compile(r"([\w.]+)\.['\"”’)]*\s+[\s\"“‘'(]*$")


def _sentence_starts(text: str) -> Iterator[int]:
    for match in _SENTENCE_START.finditer(text):
        at = match.end()
        before = _WORD_BEFORE.search(text, max(0, at - 24), at) if match.start() else None
        if before is None or before.group(1).lower() not in _ABBREVIATIONS:
            yield at


# A company's second legal form after its first: "Harbor Robotics Co., ltd." is "Co., Ltd.".
_LEGAL_PAIR = re.compile(r"\b(?:Co|Corp|Inc)\.?,?[ \t]+(ltd|limited|llc|inc)\b")


def _listed(mentions: list[Mentioned], institutions: Institutions) -> Iterator[tuple[int, str]]:
    """(start, as the file writes it) of each gazetteer mention, its words spaced as in the
    text."""
    for mention in mentions:
        written = institutions.written_as(mention.text)
        if written is not None:
            yield mention.start, _spaced_as(written.split(), mention.text)


def _spaced_as(words: list[str], text: str) -> str:
    """``words`` with the spaces between the words of ``text``."""
    given = iter(words)
    return re.sub(r"\S+", lambda word: next(given, word.group()), text)


# ---- runs of words that end on an organisation's head -------------------------------------------

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


class _Run(NamedTuple):
    """The part of a run of words that ends on a head, read as a "name", a "description" ("an
    industry college"), "attributive" (more words follow: "eastlake university students"), or
    "of" (a head alone before its "of" phrase); ``of_end``: where that phrase ends (``end``
    when there is none)."""

    start: int
    end: int
    kind: str
    of_end: int


def _name_runs(text: str, lex: Lexicon, known: dict[int, int]) -> Iterator[_Run]:
    """Each run of words that ends on a head; ``known``: the end of each gazetteer mention,
    with its start (a place the gazetteer knows before a head is cased by the gazetteer)."""
    run: list[re.Match[str]] = []
    before, owned = "", False  # owned: the run follows a name's possessive ("x co's y co")
    for token in _TOKEN.finditer(text):
        word = token.group()
        if run and not _IN_NAME.fullmatch(text, run[-1].end(), token.start()):
            yield from _named(run, before, lex, known, text)
            run, owned = [], False
        after_head = bool(run) and (_stem(run[-1].group()) in lex.heads or run[-1].end() in known)
        if (_breaks(word, lex) and not (run and (word in lex.numbers or word in _OPENING))) or (
                word == "and" and not run) or (
                after_head and (word == "and" or _verb_form(word))):
            # "and" after a head or a listed name joins two names; a verb form after one
            # ends it ("... hospital serving as")
            yield from _named(run, before, lex, known, text)
            run, owned = [], False
            continue
        if not run:
            before = "" if owned else _previous_word(text, token.start())
        run.append(token)
        if _POSSESSIVE.search(word) and word not in _OWNERS:
            found = list(_named(run, before, lex, known, text))
            yield from found
            owned = any(name.kind == "name" for name in found) or token.end() - 2 in known
            run = []
    yield from _named(run, before, lex, known, text)


def _breaks(word: str, lex: Lexicon) -> bool:
    return (word in _BREAKS or word in lex.verbs or word in lex.numbers or word[0].isdigit()
            or word in lex.roles)


_LAST_WORD = re.compile(r"([\w'’-]+)[^\w]*$")


def _previous_word(text: str, at: int) -> str:
    match = _LAST_WORD.search(text, max(0, at - 30), at)
    return match.group(1) if match else ""


def _named(run: list[re.Match[str]], before: str, lex: Lexicon, known: dict[int, int],
           text: str) -> Iterator[_Run]:
    """The name in one run: up to its first legal form ("co" of "co ltd") or its last head,
    with up to five words before it, and the "of" phrase after the head. No name after "a" or
    "its" or a possessive ("the city's biggest food group"), nor a nationality and a head ("a
    german university"), nor a place the gazetteer knows and a head ("pudong town")."""
    words = [token.group() for token in run]
    last = _head_at(words, lex)
    if last < 0:
        return
    first = _name_start(words, last)
    named = words[first : last + 1]
    described = before in _DESCRIBED_AFTER or _POSSESSIVE.search(before) is not None
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
        yield _Run(run[first].start(), end, kind, of_end)
    elif of_end > end:  # a head alone before its "of" phrase: "the school of agriculture"
        yield _Run(run[last].start(), end, "of", of_end)


# A syllable of Hanyu Pinyin, written without tones: most Chinese place names are a few.
_PINYIN = re.compile(r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|"
                     r"ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|[aoeiu])"
                     r"['’]?)+")


def _verb_form(word: str) -> bool:
    """Whether a word ends as a participle does ("-ed", "-ing"), and is no Pinyin ("zhixing")."""
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
