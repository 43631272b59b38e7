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
  such a head ("technical university of munich"), as monitor.tag.lowerruns finds them, less
  those the page shows are no names (the end of a longer one, one written after "a");
- countries and China's regions (the rules file's lists), and the first word of each sentence.

Only letters change case, one for one, so a phrase of the restored text stands at the same place
in the page, and a verdict is told in the page's own words. A page with a capital anywhere in
its lede and first paragraphs is read as written: only pages without take this path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from monitor.models import Article, Classification
from monitor.tag.institutions import Institutions, Mentioned
from monitor.tag.lexicon import Lexicon
from monitor.tag.lowerruns import Run, name_runs, run_words

__all__ = ["as_written", "has_no_capitals", "truecase", "truecased_article"]

# How many story paragraphs after the lede must be without capitals too, and how many words
# they must have at least (a sentence or two in lower case is no lower-case page).
_PRINCIPAL_PARAGRAPHS = 3
_STORY_WORDS = 40


def has_no_capitals(text: str) -> bool:
    """Whether ``text`` has letters and lower case would change none of them."""
    return text == text.lower() and any(c.isalpha() for c in text)


def _story_uncased(article: Article) -> bool:
    """Whether the lede and first paragraphs have no capitals (the headline may: a site that
    lower-cases its pages may still write its headlines in capitals), and are more than a
    sentence or two: a cased page with a short lower-case line under its headline is read as
    written."""
    story = " ".join([article.lede or "", *article.body[:_PRINCIPAL_PARAGRAPHS]])
    return has_no_capitals(story) and len(story.split()) >= _STORY_WORDS


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
    runs: list[Run]


def _reading(text: str, institutions: Institutions | None, lex: Lexicon) -> _Reading:
    mentions = institutions.find(text) if institutions is not None else []
    known = {mention.end: mention.start for mention in mentions}
    return _Reading(mentions, list(name_runs(text, lex, known)))


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
            words = run_words(text, run.start, run.end)
            if run.kind == "name":
                names.add(words)
                short.update(words[i:] for i in range(1, len(words) - 1))
            elif run.kind in ("description", "attributive"):
                short.add(words)
    return _Page(frozenset(names), frozenset(short))


def _restore(text: str, reading: _Reading, page: _Page, institutions: Institutions | None,
             lex: Lexicon) -> str:
    """``text`` with the capitals of its sentence starts, its runs that are names (not the
    short forms of a longer one, unless an "of" phrase follows; before more words, only a
    name the page writes alone too), and its gazetteer names."""
    chars = list(text)
    for start in _sentence_starts(text):
        _put(chars, start, text[start].upper())
    for run in reading.runs:
        words = run_words(text, run.start, run.end)
        if (run.kind == "name" and (run.of_end > run.end or words not in page.short)) or (
                run.kind == "attributive" and words in page.names):
            _capitalise(chars, text, run.start, run.end, lex)
        if run.of_end > run.end:  # "the city of uji": the "of" phrase names the city
            alone = run.kind == "head-of"
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
