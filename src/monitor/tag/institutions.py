"""Find the institutions and places a deal sentence names, from a list a user can read and extend.

Why a gazetteer beside the capitalised-word reader of monitor.tag.parties: that reader needs
capitals, so it reads nothing on an all-lower-case page, and it leaves out on purpose the bare
city names ("Shanghai", "Beijing") that in most sentences only say where something happened. When
a deal sentence yields fewer than two parties, the classifier asks this list instead: universities,
hospitals, government bodies, large groups, parks and zones, provinces and cities
(config/institutions.toml), and Shanghai's districts and towns (config/districts.toml).

Matching ignores case and the kind of apostrophe, on word boundaries, longest entry first. Which
mentions are parties (not "signed in Shanghai", not "Shanghai-based") is decided here too, by the
words around each mention. Only ``load_institutions`` reads files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from monitor.errors import ConfigError
from monitor.tag.lexicon import Lexicon
from monitor.tag.patterns import alternation
from monitor.tag.tomlfile import read_toml, validated

__all__ = ["Institutions", "Mentioned", "coordinated_places", "load_institutions",
           "lower_case_names", "mentioned_parties"]


class _InstitutionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    university: dict[str, list[str]] = Field(default_factory=dict)
    research: dict[str, list[str]] = Field(default_factory=dict)
    hospital: dict[str, list[str]] = Field(default_factory=dict)
    government: dict[str, list[str]] = Field(default_factory=dict)
    company: dict[str, list[str]] = Field(default_factory=dict)
    park: dict[str, list[str]] = Field(default_factory=dict)
    place: dict[str, list[str]] = Field(default_factory=dict)


class Mentioned(NamedTuple):
    """One entry found in a text: where, as written, and of what kind."""

    start: int
    end: int
    text: str
    kind: str


@dataclass(frozen=True)
class Institutions:
    """The compiled list: every name and alias in one case-insensitive trie pattern."""

    version: int
    pattern: re.Pattern[str]
    kinds: dict[str, str]  # folded name or alias -> its kind
    # folded name or alias -> as the file writes it: the capitals a page without any lost
    written: dict[str, str] = field(default_factory=dict)

    def find(self, text: str) -> list[Mentioned]:
        """Every mention in order; ``text`` may use either apostrophe (offsets are kept)."""
        folded = text.replace("\u2019", "'")
        return [Mentioned(m.start(), m.end(), text[m.start() : m.end()],
                          self.kinds.get(_fold(m.group()), "place"))
                for m in self.pattern.finditer(folded)]

    def written_as(self, mention: str) -> str | None:
        """How the file writes a name or alias found in a text (its capitals), if it lists it."""
        return self.written.get(_fold(mention))


def _fold(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").lower().split())


def load_institutions(path: Path, extra: Iterable[tuple[str, str]] = ()) -> Institutions:
    """Read and check the institutions file; ``extra`` adds (name, kind) pairs (the districts).
    A bad file raises ConfigError naming the file and key."""
    parsed = validated(path, _InstitutionsFile, read_toml(path, "institutions"))
    kinds: dict[str, str] = {}
    cased: dict[str, str] = {}
    owners: dict[str, str] = {}  # folded name or alias -> the key of the entry that lists it
    for kind in ("university", "research", "hospital", "government", "company", "park", "place"):
        for name, aliases in getattr(parsed, kind).items():
            key = f"{kind}.{name}"
            for written in (name, *aliases):
                folded = _fold(written)
                if not folded:
                    raise ConfigError(path, "empty name or alias", key=key)
                if owners.setdefault(folded, key) != key:
                    raise ConfigError(path, f"{written!r} is also listed under {owners[folded]}",
                                      key=key)
                kinds.setdefault(folded, kind)
                cased.setdefault(folded, " ".join(written.split()))
    for name, kind in extra:
        kinds.setdefault(_fold(name), kind)
        cased.setdefault(_fold(name), " ".join(name.split()))
    body = alternation(sorted(kinds))
    pattern = re.compile(rf"(?<![\w'-])(?:{body})(?![\w-])", re.IGNORECASE)
    return Institutions(parsed.version, pattern, kinds, cased)


# A mention right after these words says where something happened, not who signed: "signed in
# Shanghai", "companies from Jiangsu". After "the city of" or "Government of" it is the party.
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|near|across|throughout|around|to|of|into|for|"
                           r"outside|inside|within)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}$"
                           r"|\bon\s+the\s+$"  # "a ceremony on the Bund"
                           r"|\bof\s+[A-Z][\w'-]*'s\s+$", re.I)  # "Yinzhou District of Zhejiang's"
_NAMED_PLACE = re.compile(r"(?:^|\bthe\s+|\band\s+|\bwith\s+|,\s*)(?:city|province|municipality|"
                          r"county|town|prefecture)\s+of\s+$"
                          r"|\bthe\s+(?:cities|provinces|municipalities|counties)\s+of\s+"
                          r"(?:[\w'-]+\s+and\s+)?$"
                          r"|\bgovernments?\s+of\s+(?:the\s+)?(?:[\w'-]+\s+and\s+)?$",
                          re.I)
# After a mention: "Shanghai-based", "Shanghai's Minhang District", a dateline "SHANGHAI, May 3".
_QUALIFIES = re.compile(r"^(?:-based|-headquartered|'s\s+\w|’s\s+\w)", re.I)
# A capitalised word right before or after: the mention is part of a longer name ("Shanghai
# Forum", "Harbor Shanghai Branch"), judged by the capitalised-word reader.
_INSIDE_AFTER = re.compile(r"^\s(?:[A-Z][a-z]|of\s+[A-Z])")
_INSIDE_BEFORE = re.compile(r"(?<!\bThe)(?<!\bA)(?<!\bAn)\b[A-Z][\w&'-]*\s$")
_DATELINE = re.compile(r"^\s*(?:[-–—(]|,\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))",
                       re.I)
# A place after a capitalised name and a comma qualifies it: "Chonggu Town, Qingpu District".
_QUALIFIED = re.compile(r"[A-Z][\w'-]*,\s$")
_PLACES = frozenset({"place", "district", "area"})
# Who held or saw the signing, not who signed: "witnessed by X", "hosted by the X" (a person and
# office before the name are blanked by then: "witnessed by [Li Ming, Party secretary of] X").
_WITNESSED = re.compile(r"\b(?:hosted|co-hosted|organi[sz]ed|co-organi[sz]ed|sponsored|witnessed|"
                        r"attended|chaired|presided\s+over)\s+by(?:\s+the)?$", re.IGNORECASE)
# A place before a lower-case noun describes it ("Shanghai supermarket chains", "Jiangsu firms");
# before these words it acts or is joined ("Shanghai signed", "Suzhou and", "Wuxi government").
_ACTS = frozenset({
    "and", "or", "will", "would", "has", "have", "had", "is", "are", "was", "were", "signed",
    "signs", "sign", "inked", "inks", "ink", "agreed", "agrees", "sealed", "seals", "renewed",
    "renews", "jointly", "also", "both", "then", "on", "in", "at", "with", "to", "for", "by",
    "government", "municipal", "district", "city", "county", "province", "town", "authorities",
    "side", "new", "people's"})
_NEXT_WORD = re.compile(r"\s+([a-z][a-z'-]*)")


def _describes(after: str) -> bool:
    word = _NEXT_WORD.match(after)
    return word is not None and word.group(1) not in _ACTS


def mentioned_parties(sentence: str, institutions: Institutions,
                      known: Iterable[str] = ()) -> list[str]:
    """The entries a deal sentence names as parties, as written, in order, less those that only
    say where, qualify another name, or stand inside a longer capitalised name (which the
    capitalised-word reader judges), and less those ``known`` parties already hold."""
    return list(dict.fromkeys(m.text for m in _party_mentions(sentence, institutions, known)))


# Between two coordinated names: "A, B", "A and B", "A, and B", "A as well as B".
_COORDINATED = re.compile(r"\s*,\s*(?:(?:and|as\s+well\s+as)\s+)?(?:the\s+)?"
                          r"|\s+(?:and|as\s+well\s+as)\s+(?:the\s+)?")


_JOINED_BEFORE = re.compile(r"[\w)](?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)(?:the\s+)?$")


def coordinated_places(sentence: str, institutions: Institutions,
                       spans: Iterable[tuple[int, int]], known: Iterable[str]) -> list[str]:
    """The places a deal sentence lists beside names already read as its parties ("Jiangsu,
    Zhejiang, Anhui and Shanghai signed"): a bare city the capitalised-word reader leaves out
    as a mere location is a party when it stands in the same list. ``spans`` are where the
    parties' names are written."""
    spans = list(spans)
    found = []
    for mention in _party_mentions(sentence, institutions, known):
        if mention.kind != "place":
            continue
        after = _COORDINATED.match(sentence, mention.end)
        joined = _JOINED_BEFORE.search(sentence, 0, mention.start) is not None
        if any((after is not None and after.end() == start)
               or ((gap := _COORDINATED.match(sentence, end)) is not None
                   and gap.end() == mention.start)
               or (joined and start < mention.start and mention.end <= end)  # "A and Shanghai"
               for start, end in spans):
            found.append(mention.text)
    return list(dict.fromkeys(found))


def _party_mentions(sentence: str, institutions: Institutions,
                    known: Iterable[str]) -> list[Mentioned]:
    held = [f" {_fold(name)} " for name in known]
    cased = not sentence.isupper()  # in an all-capital headline capitals tell nothing
    found = []
    for mention in institutions.find(sentence):
        start, end = mention.start, mention.end
        before, after = sentence[max(0, start - 40) : start], sentence[end : end + 24]
        if _PLACE_BEFORE.search(before) and not _NAMED_PLACE.search(before):
            continue
        if _QUALIFIES.match(after) or (mention.text.isupper() and _DATELINE.match(after)):
            continue
        if cased and (_INSIDE_AFTER.match(after) or _INSIDE_BEFORE.search(before)):
            continue
        if mention.kind in _PLACES and (_QUALIFIED.search(before) or _describes(after)):
            continue
        if _WITNESSED.search(sentence[max(0, start - 80) : start].rstrip()):
            continue
        if any(f" {_fold(mention.text)} " in name for name in held):
            continue
        found.append(mention)
    return found


# Words of a lower-case name: a word and its "'s"; a comma, semicolon or colon ends a name.
_LOWER_WORD = re.compile(r"[a-z0-9][\w'&-]*|[,;:()]")
# Words that are never part of a name: what joins, locates or acts around one.
_NOT_IN_NAMES = frozenset({
    "a", "an", "the", "and", "or", "with", "between", "by", "of", "in", "on", "at", "for", "to",
    "from", "as", "that", "which", "who", "its", "their", "his", "her", "this", "these", "it",
    "they", "has", "have", "had", "was", "were", "is", "are", "be", "been", "will", "would",
    "also", "jointly", "together", "both", "signed", "sign", "signs", "inked", "ink", "inks",
    "sealed", "seals", "set", "up", "launched", "unveiled", "said", "says", "under", "after"})


def lower_case_names(sentence: str, lex: Lexicon) -> list[str]:
    """The names of a sentence written all in lower case (a page or headline without capitals,
    which the capitalised-word reader cannot read): each run of words that ends on an
    organisation's head ("eastlake university", "minhang district government", "harbor
    robotics co"), up to four words before it; joining and acting words end a run."""
    if any(c.isupper() for c in sentence):
        return []
    sentence = _WITNESSES.split(sentence, 1)[0]  # who saw or hosted the signing signed nothing
    found: list[str] = []
    run: list[str] = []
    before = ""
    for word in [*_LOWER_WORD.findall(sentence), ","]:
        if word in _NOT_IN_NAMES or word in lex.verbs or not word[0].isalnum():
            if before not in _UNNAMED and not any(w in lex.roles or w in _MADE for w in run):
                found += _named_run(run, lex)
            run, before = [], word
        else:
            run.append(word)
    return list(dict.fromkeys(found))


_WITNESSES = re.compile(r"\b(?:(?:hosted|co-hosted|organi[sz]ed|co-organi[sz]ed|sponsored|witnessed|"
                        r"attended|chaired|guided|supported)\s+by|in\s+the\s+presence\s+of)\b")
# Before a run, words that make it no name ("a new lab", "an ai platform"); in a run, words of
# a thing the deal makes ("joint lab"), and roles ("deputy district director").
_UNNAMED = frozenset({"a", "an", "one", "another", "each", "every", "some", "any"})
_MADE = frozenset({"joint", "new", "jointly-built", "co-built"})


def _named_run(run: list[str], lex: Lexicon) -> list[str]:
    """The name a run of lower-case words makes: up to its last head (or its first legal form,
    "co" of "co ltd"), when a word that is no head stands before it."""
    company = next((i for i, word in enumerate(run) if word.rstrip(".") in lex.company_heads
                    and i > 0), None)
    last = company if company is not None else max(
        (i for i, word in enumerate(run) if word in lex.heads), default=-1)
    words = run[max(0, last - 4) : last + 1]
    if last < 1 or words[0] in lex.heads or all(word in lex.heads for word in words[:-1]):
        return []
    return [" ".join(words)]
