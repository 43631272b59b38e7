"""The word lists that judge a candidate party name, compiled once from the rules file.

The [parties] table of the rules file lists heads ("university"), roles ("mayor"), documents
("plan") and the other small words a name is judged by; ``build_lexicon`` turns it into one
``Lexicon``: the name pattern and frozen word sets, read for every word of every name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from monitor.tag.patterns import alternation, words_of

__all__ = ["Lexicon", "PartiesTable", "build_lexicon"]


@dataclass(frozen=True)
class Lexicon:
    """The name pattern and the word sets of [parties] that judge a candidate name.

    ``not_names`` and ``surnames`` keep their case (they are compared with words as written); the
    other sets are lower case. Attributes rather than a mapping: they are read for every word of
    every name, and attribute access is the cheapest lookup Python has."""

    regex: re.Pattern[str]
    plain: re.Pattern[str]  # the same without the possessive: for a text without "'s"
    heads: frozenset[str]
    joiners: frozenset[str]
    not_names: frozenset[str]
    roles: frozenset[str]
    surnames: frozenset[str]
    not_parties: frozenset[str]
    not_alone: frozenset[str]
    generic: frozenset[str]
    company_heads: frozenset[str]
    company_words: frozenset[bytes] | None  # first word (words_of) of each; None: one has none
    place_heads: frozenset[str]
    within_district: frozenset[str]
    regions: frozenset[str]
    numbers: frozenset[str]
    verbs: frozenset[str]
    place_qualifiers: frozenset[str]
    owned_words: frozenset[str]
    operator_words: frozenset[str]
    field_heads: frozenset[str]
    government_words: frozenset[str]
    on_heads: frozenset[str]
    name_openers: frozenset[str]  # as written, like not_names
    office_holder: re.Pattern[str]  # "Li Ming, president of ": a person before the body named
    holder_after: re.Pattern[str]  # "the president of X, Li Ming,": group 1 the person after it
    # countries and China's regions (not_alone, regions) in lower case, on word boundaries: the
    # names a page without capitals writes that always take them
    countries: re.Pattern[str]

    def opens_name(self, words: list[str], at: int) -> bool:
        """Whether ``words[at]`` (a nationality, "Chinese", "Global") opens the name that follows
        it: a body's head comes later in the phrase ("Chinese Service Center for ..."), and the
        next word is no office ("Chinese Premier") or place's head."""
        if words[at] not in self.name_openers or at + 1 >= len(words):
            return False
        nxt = words[at + 1].lower()
        if nxt in self.roles or nxt in self.place_heads or words[at + 1] in self.not_names:
            return False
        return any((low := w.lower()) in self.heads and low not in self.place_heads
                   for w in words[at + 1 :])


class PartiesTable(BaseModel):
    """The [parties] table of the rules file (every key is described there)."""

    model_config = ConfigDict(extra="forbid")

    heads: list[str]
    tails: list[str]
    joiners: list[str]
    dropped_tails: list[str] = []
    of_tails: list[str] = []
    not_names: list[str] = []
    roles: list[str] = []
    surnames: list[str] = []
    not_parties: list[str] = []
    not_alone: list[str] = []
    generic: list[str] = []
    company_heads: list[str] = []
    place_heads: list[str] = []
    within_district: list[str] = []
    regions: list[str] = []
    numbers: list[str] = []
    verbs: list[str] = []
    place_qualifiers: list[str] = []
    owned_words: list[str] = []
    operator_words: list[str] = []
    field_heads: list[str] = []
    government_words: list[str] = []
    on_heads: list[str] = []
    name_openers: list[str] = []


def build_lexicon(table: PartiesTable | Mapping[str, list[str]]) -> Lexicon:
    """Compile the [parties] table. The name pattern: capitalised words joined by "of", "and",
    "&" ..., a possessive ("Jiangsu's") in front, lower-case tails ("district government")
    behind. Raises re.error only if the word lists make a bad pattern (they are escaped)."""
    words: Mapping[str, list[str]] = table.model_dump() if isinstance(table, PartiesTable) else table
    cap = r"(?:Co\.|Ltd\.|Inc\.|Corp\.|A/S\b|[A-Z][\w'’&-]*(?![\w$])|\d+[A-Z][\w-]*)"  # "US$": money
    # inside a name, an ordinal: "Shanghai 7th People's Hospital", "China Railway No. 4
    # Engineering Group"
    inner = rf"(?:N[Oo]\.\s?\d{{1,3}}(?![\w$.,])|{cap}|\d{{1,3}}(?:st|nd|rd|th)(?![\w$]))"
    # One space between words: a run of spaces is an aside blanked out, which no name crosses.
    chain = (rf"{cap}(?:\s(?:{inner}|\([A-Z][a-z]+\))|\s(?:{alternation(words['joiners'])})\s"
             rf"{cap})*")
    # "the Shanghai branch of Harbor Bank": a tail with "of" and the owner's name behind it is
    # tried before the tail alone, so the owner stays in the name.
    owner = (rf"(?:{alternation(words['of_tails'])})\s+of\s+(?:the\s+)?{chain}|"
             if words.get("of_tails") else "")
    # "Jiading district education bureau": a field in lower case before a field head, after a tail
    fields = alternation(words.get("field_heads", []))
    field = (rf"(?:(?!(?:and|or|the|of|with|to|for|in|on|at|by|from|as|its|their|has|have|had|was"
             rf"|were|is|are|will|signed|said)\b)[a-z]+\s+){{1,2}}(?:{fields})\b" if fields else "(?!)")
    core = (rf"{chain}(?:\s+(?:{owner}(?:{alternation(words['tails'])})\b))*(?:(?<!['’]s)\s+{field})?")
    dropped = alternation(words.get("dropped_tails", [])) or "(?!)"
    name = (rf"(?=[A-Z\d])(?<![\w'’-])(?P<poss>{cap}(?:\s+{cap}){{0,2}}['’]s\s+)?"
            rf"(?P<core>{core})(?:\s+(?:{dropped})\b)?")
    plain = name.replace(rf"(?P<poss>{cap}(?:\s+{cap}){{0,2}}['’]s\s+)?", "", 1)

    def folded(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in words.get(key, []))

    company = [words_of(head) for head in folded("company_heads")]

    return Lexicon(
        regex=re.compile(name), plain=re.compile(plain), heads=folded("heads"),
        joiners=folded("joiners"),
        not_names=frozenset(words.get("not_names", [])), roles=folded("roles"),
        surnames=frozenset(words.get("surnames", [])), not_parties=folded("not_parties"),
        not_alone=folded("not_alone"), generic=folded("generic"),
        company_heads=folded("company_heads"),
        company_words=frozenset(w[0] for w in company) if all(company) else None,
        place_heads=folded("place_heads"), within_district=folded("within_district"),
        regions=folded("regions"), numbers=folded("numbers"),
        verbs=folded("verbs"), place_qualifiers=folded("place_qualifiers"),
        owned_words=folded("owned_words"), operator_words=folded("operator_words"),
        field_heads=folded("field_heads"), government_words=folded("government_words"),
        on_heads=folded("on_heads"), name_openers=frozenset(words.get("name_openers", [])),
        office_holder=_office_holder(words.get("roles", [])),
        holder_after=_holder_after(words.get("roles", [])),
        countries=_countries([*words.get("not_alone", []), *words.get("regions", [])]))


def _countries(names: list[str]) -> re.Pattern[str]:
    """Countries and regions, without "the" and without "us" (also a pronoun)."""
    plain = {name.lower().removeprefix("the ") for name in names} - {"us"}
    return re.compile(rf"(?<![\w'’])(?:{alternation(sorted(plain)) or '(?!)'})(?!\w)")


def _office_holder(roles: list[str]) -> re.Pattern[str]:
    """A person and their office before the organisation it is of: "Li Ming, president of
    Eastlake University" (or "Nick Hale, Lord Mayor of Harbor City") names the organisation
    as the party."""
    role = alternation(roles) or "(?!)"
    # a word may qualify the role ("Lord Mayor", "executive director")
    # "Dennis Zhang, Head of Commodities Development at HKEX": the unit, then the body
    unit = (r"(?:[A-Z][\w&-]*\s+(?:and\s+)?){0,4}(?:Development|Affairs|Division|Department|Office"
            r"|Operations|Markets|Relations|Cooperation|Business|Sales|Research|Investment)\s+at\s+"
            r"(?:the\s+)?")
    return re.compile(rf"\b[A-Z][^\W\d_]+(?:[\s-][A-Z][^\W\d_]+){{1,2}},\s+(?:the\s+)?"
                      rf"(?:[A-Za-z]+\s+)?(?i:{role})"
                      rf"(?:\s+(?i:{role}|and|general))*\s+(?:of|at)\s+(?:the\s+)?(?:{unit})?(?=[A-Z])")


def _holder_after(roles: list[str]) -> re.Pattern[str]:
    """An office of an organisation, then the person who holds it: "the president of Eastlake
    University, Li Ming, signed"; group 1 is the person and the commas around (the one after
    unless a list goes on: ", and"), who is no party. The name is two or three capitalised
    words, a comma or verb after it."""
    role = alternation(roles) or "(?!)"
    body = r"(?:[A-Z][\w'.&-]*\s+(?:(?:of|for|and)\s+(?:the\s+)?)?){0,7}[A-Z][\w'.&-]*"
    return re.compile(rf"\b(?:[a-z]+-)?(?i:{role})\s+of\s+(?:the\s+)?{body}"
                      r"(,\s+(?:(?:Prof|Dr|Mr|Ms|Mrs)\.?\s+)?[A-Z][\w'-]*(?:[\s-][A-Z][\w'-]*){1,2}"
                      r"(?:,(?!\s+(?:and|or)\b))?)"
                      r"(?=[,.;]|\s+(?:and|signed|said|who|has|had|inked)\b|\s*$)")

