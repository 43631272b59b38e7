"""Read the organisations a deal sentence names, and resolve short forms to the names used earlier.

A name is a run of capitalised words ("Eastlake University", "Ministry of Science and Technology"),
perhaps with lower-case tails ("Minhang district government"). Around a deal verb the parties are
the coordinated subject before it ("A, B and C signed"), the lists after "with", "between" and
"by", and, for a batch of deals, the place that hosts it and the companies named. Reading is
deliberately shallow: no parser, only the punctuation and small words a news sentence uses to
join names, so a user can follow why a party was or was not read.

The word lists that judge a candidate (heads such as "university", roles such as "mayor",
documents such as "plan") come from the [parties] table of the rules file and are compiled once
into a ``Lexicon``. A ``Reader`` reads the sentences of one article and remembers what it has
read, because titles, ledes and first paragraphs repeat the same names.

The pattern helpers both use (``alternation``, ``words_of``, ``Anchored``, ...) live in
monitor.tag.patterns; they are named here too, where callers have always found them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from monitor.tag.districts import Gazetteer, find_mentions
from monitor.tag.patterns import (
    Anchored,
    Phrases,
    alternation,
    at_start,
    last_words,
    lower,
    words_of,
)

__all__ = [
    "Anchored",
    "Lexicon",
    "Name",
    "Names",
    "PartiesTable",
    "Phrases",
    "Reader",
    "alternation",
    "around",
    "at_start",
    "build_lexicon",
    "companies",
    "cue_lists",
    "final_parties",
    "host",
    "indirect",
    "is_generic",
    "last_words",
    "leading_names",
    "list_after",
    "lower",
    "members",
    "merge",
    "same_party",
    "subject_before",
    "tokens",
    "unique",
    "verdict_parties",
    "words_of",
]


# ---- the lexicon ---------------------------------------------------------------------------------


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
    numbers: frozenset[str]
    verbs: frozenset[str]
    place_qualifiers: frozenset[str]
    owned_words: frozenset[str]
    operator_words: frozenset[str]
    field_heads: frozenset[str]
    government_words: frozenset[str]
    office_holder: re.Pattern[str]  # "Li Ming, president of ": a person before the body named


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
    numbers: list[str] = []
    verbs: list[str] = []
    place_qualifiers: list[str] = []
    owned_words: list[str] = []
    operator_words: list[str] = []
    field_heads: list[str] = []
    government_words: list[str] = []


def build_lexicon(table: PartiesTable | Mapping[str, list[str]]) -> Lexicon:
    """Compile the [parties] table. The name pattern: capitalised words joined by "of", "and",
    "&" ..., a possessive ("Jiangsu's") in front, lower-case tails ("district government")
    behind. Raises re.error only if the word lists make a bad pattern (they are escaped)."""
    words: Mapping[str, list[str]] = table.model_dump() if isinstance(table, PartiesTable) else table
    cap = r"(?:Co\.|Ltd\.|Inc\.|Corp\.|[A-Z][\w'’&-]*(?![\w$])|\d+[A-Z][\w-]*)"  # "US$": money
    chain = (rf"{cap}(?:\s+(?:{cap}|\([A-Z][a-z]+\))|\s+(?:{alternation(words['joiners'])})\s+"
             rf"{cap})*")
    # "the Shanghai branch of Harbor Bank": a tail with "of" and the owner's name behind it is
    # tried before the tail alone, so the owner stays in the name.
    owner = (rf"(?:{alternation(words['of_tails'])})\s+of\s+(?:the\s+)?{chain}|"
             if words.get("of_tails") else "")
    core = rf"{chain}(?:\s+(?:{owner}(?:{alternation(words['tails'])})\b))*"
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
        numbers=folded("numbers"),
        verbs=folded("verbs"), place_qualifiers=folded("place_qualifiers"),
        owned_words=folded("owned_words"), operator_words=folded("operator_words"),
        field_heads=folded("field_heads"), government_words=folded("government_words"),
        office_holder=_office_holder(words.get("roles", [])))


def _office_holder(roles: list[str]) -> re.Pattern[str]:
    """A person and their office before the organisation it is of: "Li Ming, president of
    Eastlake University" names Eastlake University as the party."""
    role = alternation(roles) or "(?!)"
    return re.compile(rf"\b[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){{1,2}},\s+(?:the\s+)?(?i:{role})"
                      rf"(?:\s+(?i:{role}|and|general))*\s+(?:of|at)\s+(?:the\s+)?(?=[A-Z])")


# ---- names in a sentence -------------------------------------------------------------------------


class Name(NamedTuple):
    """A capitalised phrase at [start, end) of a sentence; ``parts`` are its names once "A and
    B" is split and each is trimmed; a phrase that names no party is not kept. (Tuples: a
    sentence has several, and an article dozens.)"""

    start: int
    end: int
    parts: tuple[str, ...]


class Names:
    """A sentence with its asides blanked out (offsets kept) and the names in it, in order;
    ``low`` is ``lower(masked)``; ``cues`` the "with", "between" and "by" in it, found once
    (every hit in the sentence asks for them)."""

    __slots__ = ("_cues", "low", "masked", "names")

    def __init__(self, masked: str, names: tuple[Name, ...], low: str | None) -> None:
        self.masked, self.names, self.low = masked, names, low
        self._cues: list[tuple[str, int, int]] | None = None

    @property
    def cues(self) -> list[tuple[str, int, int]]:
        """(cue word in lower case, start, end of the cue and its white space), in order."""
        if self._cues is None:
            self._cues = [(cue.group(1).lower(), cue.start(), cue.end())
                          for cue in _CUE.finditer(self.masked, self.low)]
        return self._cues


_PARENTHESIS = re.compile(r"\((?![A-Z][a-z]+\))[^()]*\)")
# An aside between commas (", a unit of X,") but not a clause (", a plan was released,").
_APPOSITIVE = re.compile(r",\s+(?:a|an|both|which|who|whose|located|based|headquartered|one\s+of|"
                         r"each|its|their|the\s+\w+'s|home\s+to|known\s+as|part\s+of|formerly)\b"
                         r"(?:(?!\b(?:was|were|is|are|has|have|had|will)\b)[^,;]){0,120},")
# A dateline before the story: "DUBAI, United Arab Emirates — ", "BEIJING, Dec 1 (Xinhua) -- ".
_DASHES = re.compile(r"—|–|--| - ")
_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*"
                       r"(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})?"
                       r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s*\([^)]*\))?\s*(?:—|–|--|-)\s*")
_COMPOUND = re.compile(r"[A-Z][a-z]+-[a-z-]+")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


class Reader:
    """Reads the names of one article's sentences, remembering each capitalised phrase it has
    judged: the same phrase ("Minhang District") comes back in title, lede and paragraphs. One
    Reader per article keeps memory bounded by the article."""

    __slots__ = ("_names", "_parts", "_same", "_sentences", "_tokens", "lex", "text")

    def __init__(self, lex: Lexicon, text: str = "") -> None:
        self.lex, self.text = lex, text  # text: the article's, for ``is_name``
        self._parts: dict[str, tuple[str, ...]] = {}
        self._sentences: dict[str, Names] = {}
        self._tokens: dict[str, list[str]] = {}
        self._same: dict[tuple[str, str], bool] = {}
        self._names: dict[str, bool] = {}

    def is_name(self, word: str) -> bool:
        """Whether a capitalised word that opens a sentence is a name: an acronym, an
        organisation word, or a word the article also capitalises inside a sentence. Every
        sentence's first word is capitalised; "Life" in "Life science is ..." is not a name."""
        found = self._names.get(word)
        if found is None:
            found = self._names[word] = (
                (word.isupper() and len(word) > 1) or word.lower() in self.lex.heads
                or any(_inside_sentence(self.text, m.start()) for m in
                       re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", self.text)))
        return found

    def is_common_word(self, party: str) -> bool:
        """Whether a one-word party is an ordinary word that only a sentence's or headline's
        start capitalised: the article also writes it in lower case, and never capitalises it
        inside a sentence ("Service" above "a new service center opened", "Club" above "the
        club said"). A single-word company ("Tesla") is never written in lower case."""
        if " " in party or "-" in party or not party[:1].isupper() or party.isupper():
            return False
        low = party.lower()
        if low in self.lex.heads or not re.search(rf"(?<![\w-]){re.escape(low)}(?![\w-])",
                                                  self.text):
            return False
        return not self.is_name(party)

    def tokens(self, name: str) -> list[str]:
        """``tokens(name)``, once per name and article (names are compared many times)."""
        found = self._tokens.get(name)
        if found is None:
            found = self._tokens[name] = tokens(name)
        return found

    def read(self, sentence: str) -> Names:
        """The names of a sentence, asides ("(US$1 billion)", ", a unit of X,") left out."""
        found = self._sentences.get(sentence)
        if found is None:
            text = sentence.replace("’", "'")
            if "(" in text:
                text = _PARENTHESIS.sub(_blank, text)
            if _DASHES.search(text, 0, 60):
                text = _DATELINE.sub(_blank, text, count=1)
            if "," in text:
                text = _APPOSITIVE.sub(_blank, text)
                if " of " in text or " at " in text:
                    text = self.lex.office_holder.sub(_blank, text)
            found = self._sentences[sentence] = Names(text, self.names(text), lower(text))
        return found

    def names(self, text: str) -> tuple[Name, ...]:
        """Every name in ``text`` as it stands (no asides blanked)."""
        names = []
        memo, lex = self._parts, self.lex
        # Without "'s" the possessive part cannot match: the pattern without it is quicker.
        regex = lex.regex if "'s" in text or "’s" in text else lex.plain
        owned = lex.owned_words
        for match in regex.finditer(text):
            core = match.group("core")
            poss = match.groupdict().get("poss")
            if poss and poss.split()[-1][:-2].lower() in owned:  # "People's Government of X"
                core = poss + core
            parts = memo.get(core)
            if parts is None:
                words = core.split()
                split = _split(words, lex) if "and" in words else (words,)
                parts = memo[core] = tuple(name for part in split if (name := _tidy(part, lex)))
            if parts:
                names.append(Name(match.start(), match.end(), parts))
        return tuple(names)


def _inside_sentence(text: str, pos: int) -> bool:
    before = text[max(0, pos - 40) : pos].rstrip(" \t\"“‘'(")
    return bool(before) and before[-1] not in ".!?\n"


def _split(words: list[str], lex: Lexicon) -> list[list[str]]:
    """Split "A University and B Group" but not "Ministry of Science and Technology"."""
    parts: list[list[str]] = [[]]
    for index, word in enumerate(words):
        if word == "and" and parts[-1] and _ends_name(parts[-1], words[index + 1 :], lex):
            parts.append([])
        else:
            parts[-1].append(word)
    return parts


def _ends_name(left: list[str], right: list[str], lex: Lexicon) -> bool:
    if len(left) == 1:
        return not _joins_fields(left[0], right, lex)
    if _is_person(left, lex) or any(word.lower() in lex.roles for word in left[1:]):
        return True  # "Eastlake University President Li Ming and Harbor Group ..."
    if "of" in left:  # inside "University of X and Y" only a complete name on the right splits
        nxt = right[: right.index("and")] if "and" in right else right
        return len(nxt) >= 2 and nxt[-1].lower() in lex.heads
    return left[-1].lower() in lex.heads


def _joins_fields(first: str, right: list[str], lex: Lexicon) -> bool:
    """Whether "First and Second Head" is one body named for two fields ("Culture and Tourism
    Bureau", "Obstetrics and Gynecology Hospital"): one word on each side of "and", then the
    head of a body such names are given ("Jiading and Tongji University" are two parties)."""
    return (len(right) >= 2 and right[0] != "and" and right[0].lower() not in lex.heads
            and right[1].lower() in lex.field_heads and first.lower() not in lex.not_alone)


def _is_person(words: list[str], lex: Lexicon) -> bool:
    return (2 <= len(words) <= 3 and words[0] in lex.surnames
            and all(w.isalpha() and w.istitle() and w.lower() not in lex.heads for w in words))


def _tidy(words: list[str], lex: Lexicon) -> str:
    """The name as written, trimmed of what is not part of it, or "" when it names no party.

    Trimmed: leading "The"/"On Monday" words, a headline verb and what follows ("X Park Holds
    ..."), a sentence run on ("Co. The factory"), a place qualifier ("Ningbo of Zhejiang
    Province") and a possessive "'s". No party: a person, an office-holder, an event, a document
    or a bare country or city. (One pass over the words and their lower case: this runs for
    every capitalised phrase of every sentence read.)"""
    not_names, joiners = lex.not_names, lex.joiners
    if len(words) == 1:  # most phrases are one word ("The", "Shanghai")
        word = words[0]
        if word in not_names or word.lower() in joiners:
            return ""
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        low_word = word.lower()
        if (low_word in lex.roles or low_word in lex.not_parties or low_word in lex.not_alone
                or _COMPOUND.fullmatch(word) or _counts(low_word, lex)):
            return ""
        return word
    low = [w.lower() for w in words]
    count, start = len(words), 0
    while start < count and (words[start] in not_names
                             or (low[start] in joiners and words[start] == low[start])):
        start += 1
    end, verbs = count, lex.verbs
    for index in range(start + 1, count):
        if low[index] in verbs:
            end = index
            break
    cut = start < count and (end < count or words[-1] in not_names)
    if cut:
        while end > start and (words[end - 1] in not_names or words[end - 1] in joiners):
            end -= 1
    if end <= start:
        return ""
    words, low = words[start:end], low[start:end]
    if words[-1].endswith("."):  # "Co." ending a sentence: which period is whose cannot be told
        words[-1] = words[-1].rstrip(".")
        low[-1] = words[-1].lower()
        if not words[-1]:
            return ""
    if "of" in words[1:] and low[-1] in lex.place_qualifiers:
        of = words.index("of")
        if low[of - 1] not in lex.heads or low[of - 1] in lex.place_heads:  # "X City of Y"
            words, low = words[:of], low[:of]
    if words[-1].endswith(("'s", "’s")):
        words[-1] = words[-1][:-2]
        low[-1] = words[-1].lower()
    words, low = _past_owner(words, low, lex)
    words, low = _before_role(words, low, lex)
    if not words:
        return ""
    if len(words) == 1 and _COMPOUND.fullmatch(words[0]):
        return ""  # "On-site", "High-end": a sentence-initial compound, not a name
    if (2 <= len(words) <= 3 and words[0] in lex.surnames
            and all(w.isalpha() and w.istitle() for w in words) and lex.heads.isdisjoint(low)):
        return ""  # a person: "Li Ming"
    if (low[-1] in lex.not_parties or low[0] in lex.not_parties
            or " ".join(low) in lex.not_alone or all(_counts(word, lex) for word in low)):
        return ""
    return " ".join(words)


def _past_owner(words: list[str], low: list[str], lex: Lexicon) -> tuple[list[str], list[str]]:
    """A name after a possessive owner: "Zhejiang's Jiaxing" is Jiaxing, "China's Ministry of
    Commerce" the ministry; a possessive that belongs to the name stays ("People's Government")."""
    for index in range(len(words) - 1):
        if low[index].endswith(("'s", "’s")) and low[index][:-2] not in lex.owned_words:
            return words[index + 1 :], low[index + 1 :]
    return words, low


def _before_role(words: list[str], low: list[str], lex: Lexicon) -> tuple[list[str], list[str]]:
    """The organisation before an office-holder: "Eastlake University President Li Ming" is
    Eastlake University. Without an organisation word before the role the whole name is a
    person's ([], []); "Consulate General" is a head of its own, not a role."""
    for index, word in enumerate(low):
        if word in lex.roles and not (index and f"{low[index - 1]} {word}" in lex.heads):
            if index and low[index - 1] in lex.heads:
                return words[:index], low[:index]
            return [], []
    return words, low


def _counts(word: str, lex: Lexicon) -> bool:
    """A spelled-out number or quantity ("twelve", "twenty-three", "hundreds"): a name made of
    these counts something and is never an organisation."""
    return all(part in lex.numbers for part in word.split("-")) if word else False


# ---- lists of names around a verb ----------------------------------------------------------------


# "the city of" before a name: "Qingpu District and the city of Jiaxing signed ...".
_PLACE_OF = r"(?:(?:city|province|municipality|county|prefecture)\s+of\s+)?"
_COORDINATOR = re.compile(r"^\s*,?\s*(?:(?:and|or|&|together\s+with|along\s+with|as\s+well\s+as)"
                          rf"\s+)?(?:the\s+)?{_PLACE_OF}$", re.IGNORECASE)
_JOINING = re.compile(r"&|\band\b|\bor\b|\bwith\b")
_MODIFIER = re.compile(r"^\s+(?:in|from|of|at|under)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}$")
# Between a subject and its deal verb: auxiliaries, adverbs, and a light verb taking the deal as
# its object ("A and B have announced the renewal of ...", "held a ... signing ceremony").
_AUXILIARY = re.compile(r"^(?:\s+(?:have|has|had|was|were|is|are|also|now|just|both|all|then|"
                        r"today|yesterday|together|\w+ly|on\s+\w+day))*(?:\s+(?:announced|"
                        r"announces?|held|holds?|celebrated|witnessed|completed|marked|hosted|"
                        r"conducted|attended)(?:\s+(?:the|a|an|their|its))?"
                        r"(?:\s+[a-z][\w-]*){0,3})?\s*$", re.IGNORECASE)
_CUE = Anchored(re.compile(r"\b(with|between|by)\s+", re.IGNORECASE))
_MEMBER_CUE = Anchored(re.compile(r"\b(?:such\s+as|including|includes|include)\s+", re.I))
# Before the first name of a list: nothing, "the", an unnamed party joined to the names ("by the
# local chamber and A University"), or a count and its examples ("a dozen firms such as A").
# Or the people who signed for them ("by officials from A and B") or a count and a colon ("with
# three universities: A, B and C").
_LIST_START = re.compile(r"^\s*(?:the\s+)?(?:(?:[a-z][\w-]*\s+){0,4}[a-z][\w-]*\s*(?:,|:|\s+and)\s+"
                         r"(?:the\s+)?|(?:[\w-]+\s+){0,6}?(?:such\s+as|including)\s+(?:the\s+)?"
                         r"|(?:[a-z][\w-]*\s+){0,2}(?:officials|representatives|leaders|heads|"
                         r"delegates|delegations)\s+(?:of|from)\s+(?:the\s+)?)?"
                         rf"{_PLACE_OF}$")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|of|from|for|on|by|with|to|near)\s+(?:the\s+)?$", re.I)
_HOSTED = re.compile(r"\b(?:in|for)\s+(?:the\s+)?$")


def _is_coordinator(gap: str) -> bool:
    return bool(_COORDINATOR.match(gap)) and ("," in gap or bool(_JOINING.search(gap)))


def _parts(chain: Iterable[Name]) -> list[str]:
    return [part for name in chain for part in name.parts]


def subject_before(read: Names, pos: int, reader: Reader) -> tuple[list[str], bool]:
    """The coordinated subject ending right before ``pos`` ("A, B and C signed"), and whether it
    was coordinated. A headline capitalises its verb ("X Government Signs Y"): a name running
    into the verb is cut there."""
    masked, names = read.masked, read.names
    before = [n for n in names if n.end <= pos]
    for name in (n for n in names if n.start < pos < n.end):
        cut = reader.names(masked[name.start : pos].rstrip())
        before += [Name(name.start + n.start, name.start + n.end, n.parts) for n in cut]
    if not before or not _AUXILIARY.match(masked[before[-1].end : pos]):
        return [], False
    chain, joined = [before[-1]], len(before[-1].parts) > 1
    for prev in reversed(before[:-1]):
        gap = masked[prev.end : chain[0].start]
        if _MODIFIER.match(gap):  # "Ningbo in Zhejiang Province": the first name is the subject
            chain[0], joined = prev, joined or len(prev.parts) > 1
        elif _is_coordinator(gap):
            chain.insert(0, prev)
            joined = joined or bool(_JOINING.search(gap))
        else:
            break
    # "In X, Y signed": a comma alone joins nothing, except in a list that opens the sentence,
    # as headlines write "and" ("Minhang, Eastlake University sign AI deal").
    first = chain[0]
    if (not joined and len(chain) > 1 and not masked[: first.start].strip(" \"“'‘")
            and masked.startswith(first.parts[0], first.start)):
        joined = True
    chain = chain if joined else chain[-1:]
    return _parts(chain), joined


def around(read: Names, start: int, end: int, reader: Reader) -> tuple[list[str], bool]:
    """The parties a deal verb at [start, end) names: its coordinated subject, then the lists
    after "with", "by" and "between"; and whether the subject was coordinated."""
    subject, joined = subject_before(read, start, reader)
    return unique(subject + cue_lists(read, end)), joined


def list_after(read: Names, pos: int) -> list[str]:
    """The coordinated list starting at ``pos`` ("with A, B and C in D" gives A, B, C)."""
    masked = read.masked
    after = [n for n in read.names if n.start >= pos]
    if not after or not _LIST_START.match(masked[pos : after[0].start]):
        return []
    chain, end = [after[0]], after[0].end
    for nxt in after[1:]:
        gap = masked[end : nxt.start]
        modifier = _MODIFIER.match(gap)
        if not (modifier or _is_coordinator(gap)):
            break
        if not modifier:
            chain.append(nxt)
        end = nxt.end
    return _parts(chain)


def cue_lists(read: Names, end: int) -> list[str]:
    """The first "with ..." and "by ..." lists after ``end`` and any "between ..." list. A
    "with" after a comma starts an aside ("..., with the park as its centrepiece")."""
    found: list[str] = []
    taken: set[str] = set()
    masked = read.masked
    for word, start, stop in read.cues:
        if word in taken or (word != "between" and start < end):
            continue
        if word == "with" and masked[:start].rstrip().endswith(","):
            continue
        chain = list_after(read, stop)
        if chain:
            found += chain
            taken.add(word)
    return found


def leading_names(read: Names, reader: Reader) -> list[str]:
    """The names a sentence opens with: what "they" or "the two sides" later points back to."""
    masked, names = read.masked, read.names
    if not names or len(masked[: names[0].start].split()) > 5:
        return []
    if _PLACE_BEFORE.search(masked[: names[0].start]):
        return []  # "Located in Ningbo, X signed ...": the first name is a place, not a subject
    first = names[0]
    written = masked[first.start : first.end].strip()
    opens = not masked[: first.start].strip(" \"“'‘")
    if opens and first.parts == (written,) and not reader.is_name(written):
        return []  # "Life science and energy are ...": every sentence's first word is capitalised
    return list_after(read, first.start)


def indirect(parties: list[str], read: Names, context: list[str] | None,
             earlier: Iterable[Names], reader: Reader, *, pronoun: bool, needs: bool) -> list[str]:
    """The parties of a deal sentence that names fewer than two itself. A pronoun ("they", "the
    two sides") stands for ``context`` (the parties of the latest deal sentence), else for the
    names the latest sentence opened with (``earlier``: the sentences before, nearest first);
    a deal that needs parties also takes those the sentence opens with and those after "with"
    or "by" outside its clause ("A will deepen ties with B after the signing of a deal")."""
    if pronoun:
        context = context or next(
            (c for names in earlier if (c := leading_names(names, reader))), [])
        parties = unique(context + parties)
    if needs and len(parties) < 2:
        parties = unique(parties + leading_names(read, reader) + cue_lists(read, 0))
    return parties


def unique(items: list[str]) -> list[str]:
    """The items in order, each once."""
    return list(dict.fromkeys(items))


def members(read: Names) -> list[str]:
    """The members a batch sentence lists: "a dozen firms such as A, B and C"."""
    return [p for cue in _MEMBER_CUE.finditer(read.masked, read.low)
            for p in list_after(read, cue.end())]


def host(read: Names, reader: Reader, gazetteer: Gazetteer | None) -> list[str]:
    """The first place a sentence puts the deals in or for: "signed in Minhang", "projects in
    Malu Town", "a partnership plan for Lingang"."""
    masked, place_heads = read.masked, reader.lex.place_heads
    for name in read.names:
        if _HOSTED.search(masked[max(0, name.start - 9) : name.start]):
            for part in name.parts:
                if reader.tokens(part)[-1] in place_heads or _is_place(part, gazetteer):
                    return [part]
    return []


def _is_place(name: str, gazetteer: Gazetteer | None) -> bool:
    mentions = find_mentions(name, gazetteer) if gazetteer else []
    return len(mentions) == 1 and mentions[0].text == name


# ---- one entry per organisation ------------------------------------------------------------------


def tokens(name: str) -> list[str]:
    """The words that identify a name: lower case, one apostrophe, no "the"."""
    return [t for t in name.lower().replace("’", "'").split() if t != "the"]


def same_party(a: str, b: str, reader: Reader) -> bool:
    """Same organisation: "Fudan" / "Fudan University"; "Minhang (District) Government";
    "ECU" / "Eastlake Coastal University". Each pair is judged once per article: the same
    parties are merged again for every hit and for the verdict."""
    found = reader._same.get((a, b))
    if found is None:
        found = reader._same[a, b] = _same(a, reader.tokens(a), b, reader.tokens(b), reader.lex)
    return found


def _same(a: str, a_words: list[str], b: str, b_words: list[str], lex: Lexicon) -> bool:
    short, long = (b_words, a_words) if len(b_words) < len(a_words) else (a_words, b_words)
    if short == long:
        return True
    acronym, full = (b, a) if len(b) < len(a) else (a, b)
    if acronym.isupper() and " " not in acronym:
        initials = "".join(w[0] for w in full.replace("-", " ").split() if w[0].isupper())
        if acronym == initials:
            return True
    if short and long[: len(short)] == short and (
            short[-1] not in lex.heads or all(w in lex.operator_words for w in long[len(short):])):
        return True
    if set(short) < set(long) and set(long) - set(short) <= lex.generic:
        return True
    return _same_place(short, long, lex.government_words)


def _same_place(a_words: list[str], b_words: list[str], government: frozenset[str]) -> bool:
    """"Chonggu Town" and "Chonggu government": one place, named once by its kind and once by
    its government (differing only in such words, and both saying one of them)."""
    a_core = [w for w in a_words if w not in government]
    b_core = [w for w in b_words if w not in government]
    return bool(a_core) and a_core == b_core and len(a_core) < min(len(a_words), len(b_words))


def merge(parties: list[str], reader: Reader) -> list[str]:
    """One entry per organisation, in the fullest form the article used."""
    merged: list[str] = []
    judged = reader._same
    for party in parties:
        same = None
        for index, kept in enumerate(merged):
            found = party == kept or judged.get((party, kept))
            if found is None:
                found = same_party(party, kept, reader)
            if found:
                same = index
                break
        if same is None:
            merged.append(party)
        elif len(reader.tokens(party)) > len(reader.tokens(merged[same])):
            merged[same] = party
    return merged


def is_generic(party: str, reader: Reader) -> bool:
    """Only organisation words ("District Government"): a reference, not a name."""
    return _generic(reader.tokens(party), reader.lex)


def _generic(words: list[str], lex: Lexicon) -> bool:
    heads = lex.heads
    return all(t in heads or t in ("the", "municipal", "people's") for t in words)


def verdict_parties(named: list[str], batches: list[tuple[Names, bool]], blocks: Sequence[str],
                    sentences: Callable[[int], Sequence[str]], lead_text: str, reader: Reader,
                    gazetteer: Gazetteer | None) -> list[str]:
    """The parties of a verdict: those the deal sentences name, and for each batch of deals
    (its sentence, and whether its host counts) the place that hosts it, the members it lists
    ("such as A, B and C") and the companies the principal part names; then resolved and
    merged by ``final_parties``."""
    if batches:
        found = []
        for read, hosted in batches:
            if hosted:
                found += host(read, reader, gazetteer)
            found += members(read)
        named = named + unique(found + companies(blocks, sentences, reader))
    return final_parties(named, blocks, sentences, lead_text, reader, gazetteer)


def final_parties(named: list[str], blocks: Sequence[str], sentences: Callable[[int], Sequence[str]],
                  lead_text: str, reader: Reader, gazetteer: Gazetteer | None) -> list[str]:
    """The parties of a verdict: short forms as the fuller names the article used ("Fudan" →
    "Fudan University", "the District Government" → the district it names), generic references
    that stay unresolved dropped, one entry per organisation.

    ``blocks`` are the texts of the principal part, ``sentences(i)`` the sentences of block i.
    A fuller name can only come from a sentence holding the word it shares with the short form,
    so only those blocks are split and only those sentences read."""
    lex = reader.lex
    if any(reader.tokens(p)[-1] not in lex.heads or is_generic(p, reader) for p in named if p):
        keys = {key for p in named if (key := _key(reader.tokens(p), lex, gazetteer))}
        known = [(n, reader.tokens(n)) for index, block in enumerate(blocks)
                 if _holds(block.replace("’", "'"), keys)
                 for text in sentences(index) if _holds(text, keys)
                 for name in reader.read(text).names for n in name.parts]
        by_first: dict[str, list[tuple[str, list[str]]]] = {}
        by_last: dict[str, list[tuple[str, list[str]]]] = {}
        for name, words in known:  # in order: the first or most frequent fuller name wins
            if words:
                by_first.setdefault(words[0], []).append((name, words))
                by_last.setdefault(words[-1], []).append((name, words))
        resolved: dict[str, str] = {}  # hits repeat their parties: each is resolved once
        for party in named:
            if party not in resolved:
                resolved[party] = _resolve(party, by_first, by_last, lead_text, lex, gazetteer)
        named = [resolved[party] for party in named]
    named = [p for p in named if not is_generic(p, reader)]
    return merge([p for p in named if not _describes(p, named, reader, gazetteer)], reader)


def _describes(party: str, named: list[str], reader: Reader, gazetteer: Gazetteer | None) -> bool:
    """Whether a party only describes another: a district's name and a lower-case kind of
    place it holds ("Fengxian town": a town in Fengxian) is the place of that kind the article
    names ("Zhuanghang Town government"), not a party of its own. Without one it stays."""
    *place, kind = party.split() or [""]
    if not (place and kind.islower() and kind in reader.lex.within_district and gazetteer):
        return False
    mentions = find_mentions(" ".join(place), gazetteer)
    if not (len(mentions) == 1 and mentions[0].text == " ".join(place)
            and mentions[0].label in gazetteer.districts):
        return False
    return any(other != party and any(word.lower() == kind and not word.islower()
                                      for word in other.split()) for other in named)


def _holds(text: str, keys: set[str]) -> bool:
    low = text.lower()
    return any(key in low for key in keys)


def _key(words: list[str], lex: Lexicon, gazetteer: Gazetteer | None) -> str | None:
    """The word a fuller name of a party must contain, as ``_resolve`` matches it: the last word
    of a generic reference, the first of a short form; None when no name is looked up."""
    if words and _generic(words, lex):
        return None if words[-1] in ("district", "government") and gazetteer else words[-1]
    return None if not words or words[-1] in lex.heads else words[0]


def companies(blocks: Sequence[str], sentences: Callable[[int], Sequence[str]],
              reader: Reader) -> list[str]:
    """The companies the principal part names ("... Co", "... Group"), in order. A name's last
    word is also a word of its sentence, so a block or sentence without any company word is not
    read (nor a block split)."""
    lex, found = reader.lex, []
    keys = lex.company_words
    for index, block in enumerate(blocks):
        if keys is not None and keys.isdisjoint(words_of(block)):
            continue
        for text in sentences(index):
            if keys is not None and keys.isdisjoint(words_of(text)):
                continue
            found += [part for name in reader.read(text).names for part in name.parts
                      if reader.tokens(part)[-1] in lex.company_heads]
    return found


def _resolve(party: str, by_first: dict[str, list[tuple[str, list[str]]]],
             by_last: dict[str, list[tuple[str, list[str]]]], lead_text: str, lex: Lexicon,
             gazetteer: Gazetteer | None) -> str:
    """A short form as the fuller name the principal part uses: "Fudan" → "Fudan University";
    "the District Government" → the district the article names. The names the principal part
    uses (with their tokens, in order) come by their first and by their last token."""
    words = tokens(party)
    if words and _generic(words, lex):
        if words[-1] in ("district", "government") and gazetteer is not None:
            return _district(lead_text, gazetteer) or party
        return next((n for n, n_words in by_last.get(words[-1], ())
                     if not _generic(n_words, lex)), party)
    if not words or words[-1] in lex.heads:
        return party
    size = len(words)
    fuller = Counter(n for n, n_words in by_first.get(words[0], ())
                     if len(n_words) - size in (1, 2) and n_words[:size] == words
                     and n_words[-1] in lex.heads)
    return fuller.most_common(1)[0][0] if fuller else party


def _district(lead_text: str, gazetteer: Gazetteer) -> str | None:
    """The first district the principal part names, with "District" if it is written so."""
    for mention in find_mentions(lead_text, gazetteer):
        if mention.label in gazetteer.districts:
            written = re.search(rf"\b{re.escape(mention.text)}\s+District\b", lead_text, re.I)
            return written.group() if written else f"{mention.label} District"
    return None
