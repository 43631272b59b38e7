"""Which of Shanghai's 16 districts a text mentions, from a gazetteer kept in config/districts.toml.

The data (district names, aliases, sub-areas such as Lingang or Caohejing, false friends such as
Yunnan's Baoshan) lives in the TOML file so a user can extend it without touching code. There is no
module-level default: callers load a Gazetteer once with ``load_gazetteer(path)`` and pass it
around, which keeps tests and several configurations in one process independent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from monitor.errors import ConfigError
from monitor.tag.tomlfile import read_toml, validated

__all__ = ["Gazetteer", "Mention", "aliases", "find_districts", "find_mentions", "load_gazetteer"]

# A mention starts at a capitalised word (or a number: "G60"); its first word, up to an
# apostrophe or hyphen, keys the alias groups ("Jing'an" under "jing", "Lin-gang" under "lin").
_FIRST_WORD = re.compile(r"[A-Z0-9][^\W_]*")


class _Place(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=1)
    districts: list[str] = Field(min_length=1)
    aliases: list[str] = Field(min_length=1)
    emit: bool | None = None
    not_followed_by: list[str] = Field(default_factory=list)

    @field_validator("aliases")
    @classmethod
    def _proper_names(cls, aliases: list[str]) -> list[str]:
        for alias in aliases:
            if not _FIRST_WORD.match(alias):
                raise ValueError(f"alias {alias!r} must start with a capital letter or a digit")
        return aliases

    @property
    def is_district(self) -> bool:
        return self.districts == [self.label]


class _FalseFriend(BaseModel):
    model_config = ConfigDict(extra="forbid")

    district: str
    context: list[str] = Field(min_length=1)
    confirm: list[str] = Field(default_factory=list)

    @field_validator("context", "confirm")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"bad regular expression {pattern!r}: {error}") from None
        return patterns


class _GazetteerFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    place: list[_Place] = Field(min_length=1)
    false_friend: list[_FalseFriend] = Field(default_factory=list)


@dataclass(frozen=True)
class Mention:
    """One alias found in a text: where, as written, and which districts it stands for."""

    label: str
    districts: tuple[str, ...]
    emit: bool
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _FalseFriendCheck:
    district: str
    context: tuple[re.Pattern[str], ...]
    confirm: tuple[re.Pattern[str], ...]

    def drops(self, text: str) -> bool:
        """True when the text means the other place of that name and never the district."""
        if not any(pattern.search(text) for pattern in self.context):
            return False
        return not any(pattern.search(text) for pattern in self.confirm)


@dataclass(frozen=True)
class _Hit:
    """Where an alias was found (as a ``re.Match`` would say) and the place it names."""

    start: int
    end: int
    written: str
    place: _Place


@dataclass(frozen=True)
class Gazetteer:
    """Compiled gazetteer: aliases found by their first word, each word as written or in capitals.

    Aliases are proper names, so a mention starts with its first word capitalised as written or
    in capitals ("Baoshan", "BAOSHAN"); the rest matches in any case. One pattern of the first
    words alone finds where a mention may start, which lets the regular-expression engine skip
    quickly to candidate letters; the rest of the aliases of that word is compiled the first time
    the word is met. Compiling every alias in full took most of a command's start-up, and an
    article names a few districts, not all of them. ``_places`` maps a folded mention back to its
    place.
    """

    version: int
    districts: tuple[str, ...]
    _starts: re.Pattern[str]  # every first word, longest first where one begins another
    _shorter: dict[str, tuple[str, ...]]  # first word -> it and the first words it begins with
    _tails: dict[str, str]  # first word -> the pattern of what may follow it
    _places: dict[str, _Place]
    _exact: dict[str, _Place]  # an alias as written in the file: no folding needed
    _emits: dict[str, bool]  # label -> whether a mention reports the place itself
    _stops: dict[str, re.Pattern[str]]
    _false_friends: tuple[_FalseFriendCheck, ...]
    _compiled_tails: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False)

    def tail(self, word: str) -> re.Pattern[str]:
        """The compiled rest of the aliases that start with ``word``, compiled once."""
        pattern = self._compiled_tails.get(word)
        if pattern is None:
            pattern = self._compiled_tails[word] = re.compile(self._tails[word])
        return pattern


def load_gazetteer(path: Path) -> Gazetteer:
    """Read and check config/districts.toml; a bad file raises ConfigError naming file and key."""
    parsed = validated(path, _GazetteerFile, read_toml(path, "gazetteer"))
    _check_references(path, parsed)
    return _compile(parsed)


def _check_references(path: Path, parsed: _GazetteerFile) -> None:
    """Every district a place or false friend names must be one of the districts listed."""
    known = {place.label for place in parsed.place if place.is_district}
    for index, place in enumerate(parsed.place):
        unknown = sorted(set(place.districts) - known)
        if unknown:
            raise ConfigError(path, f"place {place.label!r} names unknown districts {unknown}",
                              key=f"place.{index}.districts")
    for index, friend in enumerate(parsed.false_friend):
        if friend.district not in known:
            raise ConfigError(path, f"unknown district {friend.district!r}",
                              key=f"false_friend.{index}.district")


def find_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Every alias mention in order, false friends and "Huangpu River"-style names left out."""
    found = _found(text, gazetteer)
    dropped = _dropped(text, found, gazetteer)
    mentions = []
    for hit in found:
        districts = tuple(d for d in hit.place.districts if d not in dropped)
        if districts:
            mentions.append(Mention(hit.place.label, districts, gazetteer._emits[hit.place.label],
                                    hit.start, hit.end, hit.written))
    return mentions


def aliases(gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """Every alias as written, with "district" or "area" (a sub-area): the party gazetteer
    (monitor.tag.institutions) reads districts in any case, where this one needs capitals."""
    return [(alias, "district" if place.is_district else "area")
            for alias, place in gazetteer._exact.items()]


def find_districts(text: str, gazetteer: Gazetteer) -> list[str]:
    """District labels, plus emitted sub-area labels ("Lingang"), in order of first mention.

    The same as reading the labels off ``find_mentions``, without building a Mention for each:
    every article is scanned for districts, most of them far past their principal part."""
    found = _found(text, gazetteer)
    dropped = _dropped(text, found, gazetteer)
    labels: dict[str, None] = {}
    for hit in found:
        place = hit.place
        districts = [d for d in place.districts if d not in dropped] if dropped else place.districts
        if districts:
            labels.update(dict.fromkeys(districts))
            if gazetteer._emits[place.label]:
                labels.setdefault(place.label)
    return list(labels)


def _found(text: str, gazetteer: Gazetteer) -> list[_Hit]:
    """Alias matches that start a word, with their places, less those a stop word follows
    ("Huangpu River": the alias names something else there)."""
    found = []
    places, exact, stops = gazetteer._places, gazetteer._exact, gazetteer._stops
    for start, end in _matches(text, gazetteer):
        if start and text[start - 1].isalnum():
            continue
        written = text[start:end]
        place = exact.get(written) or places[_fold(written)]
        stop = stops.get(place.label)
        if stop is not None and stop.match(text, end):
            continue
        found.append(_Hit(start, end, written, place))
    return found


def _matches(text: str, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """(start, end) of every alias, left to right, as one alternation of all aliases would
    find them: at each place the longest first word whose aliases go on to match, the first
    alias of that word that does, and the search going on after it."""
    search, shorter, compiled = gazetteer._starts.search, gazetteer._shorter, gazetteer._compiled_tails
    spans = []
    position = 0
    while (candidate := search(text, position)) is not None:
        start = position = candidate.start()
        for word in shorter[candidate.group()]:
            tail = compiled.get(word) or gazetteer.tail(word)
            if (rest := tail.match(text, start + len(word))) is not None:
                position = rest.end()
                spans.append((start, position))
                break
        else:
            position += 1
    return spans


def _fold(alias: str) -> str:
    return " ".join(alias.replace("\u2019", "'").replace("\u2018", "'").lower().split())


def _dropped(text: str, found: list[_Hit], gazetteer: Gazetteer) -> set[str]:
    """The districts a false friend rules out: the text means the other place of that name."""
    if not gazetteer._false_friends:
        return set()
    named = {district for hit in found for district in hit.place.districts}
    checks = [f for f in gazetteer._false_friends if f.district in named]
    if not checks:
        return set()
    folded = text.replace("\u2019", "'").replace("\u2018", "'")
    return {f.district for f in checks if f.drops(folded)}


def _alias_tail(alias: str, word: str) -> str:
    """What follows the first word: any white space, either apostrophe, any case."""
    rest = alias[len(word) :].replace("\u2019", "'")
    pieces = [re.escape(piece).replace("'", "['’]") for piece in rest.split()]
    return (r"\s+" if rest[:1].isspace() else "") + r"\s+".join(pieces)


def _first_word_tails(aliases: list[str]) -> dict[str, str]:
    """Each first word, as written and in capitals, with the pattern of what may follow it: its
    aliases' tails, longest alias first, in any case, ending where a word ends."""
    tails: dict[str, list[str]] = {}
    for alias in sorted(aliases, key=len, reverse=True):
        first = _FIRST_WORD.match(alias)
        assert first is not None  # checked by _Place._proper_names
        for spelling in dict.fromkeys([first.group(), first.group().upper()]):
            tails.setdefault(spelling, []).append(_alias_tail(alias, first.group()))
    return {word: "(?i:" + "|".join(dict.fromkeys(t)) + r")(?![^\W_])" for word, t in tails.items()}


def _starts_pattern(words: list[str]) -> re.Pattern[str]:
    """The first words as a trie: a search stops where one begins, on the longest that does.
    Factoring by prefix keeps the engine from trying hundreds of words at every capital."""
    return re.compile(_trie(dict.fromkeys(words, "")))


def _shorter_words(words: list[str]) -> dict[str, tuple[str, ...]]:
    """Each first word, then the first words it begins with, longest first: where the aliases
    of the longest word found fail, those of a shorter one may still match."""
    known = set(words)
    return {word: (word, *(word[:n] for n in range(len(word) - 1, 0, -1) if word[:n] in known))
            for word in words}


def _trie(leaves: dict[str, str], words: list[str] | None = None, prefix: str = "") -> str:
    """The alternation of ``leaves`` (first word -> what follows it) factored by common prefixes.
    ``words`` are the first words below ``prefix``: each level splits only its own, so the
    pattern is built in one pass over the words rather than one per trie node."""
    below: dict[str, list[str]] = {}
    for word in leaves if words is None else words:
        if len(word) > len(prefix):
            below.setdefault(word[len(prefix)], []).append(word)
    branches = [re.escape(char) + _trie(leaves, below[char], prefix + char) for char in sorted(below)]
    if (here := leaves.get(prefix)) is not None:
        branches.append(here)
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _compile(parsed: _GazetteerFile) -> Gazetteer:
    places: dict[str, _Place] = {}
    for place in parsed.place:
        for alias in place.aliases:
            places.setdefault(_fold(alias), place)
    tails = _first_word_tails([a for place in parsed.place for a in place.aliases])
    stops = {place.label: re.compile(r"\s+(?i:" + "|".join(
        r"\s+".join(re.escape(w) for w in stop.split()) for stop in place.not_followed_by)
        + r")(?![^\W_])") for place in parsed.place if place.not_followed_by}
    friends = tuple(
        _FalseFriendCheck(f.district, tuple(re.compile(p) for p in f.context),
                          tuple(re.compile(p) for p in f.confirm))
        for f in parsed.false_friend
    )
    districts = tuple(place.label for place in parsed.place if place.is_district)
    exact = {alias: places[_fold(alias)] for place in parsed.place for alias in place.aliases}
    emits = {place.label: place.emit if place.emit is not None else place.is_district
             for place in parsed.place}
    words = list(tails)
    return Gazetteer(parsed.version, districts, _starts_pattern(words), _shorter_words(words),
                     tails, places, exact, emits, stops, friends)
