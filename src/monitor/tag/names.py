"""Read the capitalised names of a sentence, and tell which of them can name a party.

A name is a run of capitalised words ("Eastlake University", "Ministry of Science and Technology"),
perhaps with lower-case tails ("Minhang district government"). Each phrase is split where "and"
joins two names and trimmed of what is not part of a name (a leading "The", a headline verb, a
person, an office); asides ("(US$1 billion)", ", a unit of X,") and datelines are blanked first,
offsets kept. Two names are one where small words join two bodies ("the Management Committee of
the X", "Y Hospital affiliated to Z University"). A ``Reader`` reads the sentences of one article
and remembers what it has read, because titles, ledes and first paragraphs repeat the same names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from monitor.tag.lexicon import Lexicon
from monitor.tag.patterns import Anchored, lower

__all__ = ["Name", "Names", "Reader", "plain_tokens", "tokens"]


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


_CUE = Anchored(re.compile(r"\b(with|between|by)\s+", re.IGNORECASE))
_PARENTHESIS = re.compile(r"\((?![A-Z][a-z]+\))[^()]*\)")
# An aside between commas (", a unit of X,", ", the state-owned developer of the park," in lower
# case: ", the bases of X and Y," lists) but not a clause (", a plan was released,").
_APPOSITIVE = re.compile(r",\s+(?:a|an|both|which|who|whose|located|based|headquartered|one\s+of|"
                         r"each|its|their|the\s+\w+'s|the\s+(?=[a-z][\w-]*\s+[a-z][^,;A-Z]*,)|home\s+to|"
                         r"known\s+as|part\s+of|formerly)\b"
                         r"(?:(?!\b(?:was|were|is|are|has|have|had|will)\b)[^,;]){0,120},")
# Where a place is, as news agencies write it after the place: "Hangzhou, east China's Zhejiang
# Province, signed" (an aside: the subject goes on after it).
_CHINA_REGION = re.compile(r",\s+(?:(?:[Ee]ast|[Ww]est|[Nn]orth|[Ss]outh|[Cc]entral|[Nn]orth-?[Ee]ast|"
                           r"[Nn]orth-?[Ww]est|[Ss]outh-?[Ee]ast|[Ss]outh-?[Ww]est)(?:ern)?\s+)?"
                           r"China's\s+(?:[A-Z][\w'-]*\s+){1,4}(?:[Pp]rovince|[Rr]egion|"
                           r"[Mm]unicipality)\b,?")
# The possessive an aside opens with: ", the People's ..." (is it a name's own word?).
_OWNER = re.compile(r",\s+the\s+(\w+)'s\b")
# Where an unnamed party is: "a county in Yunnan Province", "an AI startup based in Xuhui's West
# Bund" (the place is said of a body the sentence does not name, so it is no party itself).
_UNNAMED_IN = re.compile(r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[a-z][\w-]*\s+){0,3}?"
                         r"(?:county|district|town|township|village|city|company|firm|start-?up|"
                         r"university|hospital|school|enterprise|maker|manufacturer|based|located|"
                         r"headquartered|situated)\s+(?:in|from)\s+(?:the\s+)?"
                         r"((?:[A-Z][\w'’-]*\s+)*[A-Z][\w'’-]*)")
# A place that describes an unnamed body: "a Lingang hydrogen firm", "a Yunnan county".
_UNNAMED_OF = re.compile(r"(?<![\w'’-])(?:[Aa](?:n|nother)?|[Oo]ne)\s+((?:[A-Z][\w'’-]*\s+){1,3})"
                         r"(?=(?:[a-z][\w-]*\s+){0,3}?(?:county|district|town|township|village|"
                         r"city|company|firm|start-?up|enterprise|maker|manufacturer|producer|"
                         r"supplier|developer|operator)\b)")
# The same in a headline, which drops the article: "Jiading company and German university open
# a lab" (at the start, or after "and" or a comma).
_UNNAMED_HEADLINE = re.compile(r"(?:^|(?<=,\s)|(?<=\band\s))([A-Z][\w'’-]*\s+)(?=(?:[a-z][\w-]*\s+)"
                               r"{0,2}?(?:company|firm|start-?up|enterprise|maker|manufacturer|"
                               r"producer|supplier|developer|operator|university|hospital|"
                               r"school)\b)")
_AFFILIATED = re.compile(r"\bAffiliated\s+(?:to|with)\b")
# Who a sentence is attributed to, at its end: "..., the Harbor Zone administration said." The
# source of the news, not a party to it.
_ATTRIBUTED = re.compile(r",\s+(?:the\s+)?(?:[A-Za-z][\w'’&-]*\s+){1,8}?(?:said|says|reported|"
                         r"announced|confirmed)\s*[.!]?\s*$")
_SAYING = ("said", "says", "reported", "announced", "confirmed")  # found at the end first
# A dateline before the story: "DUBAI, United Arab Emirates — ", "BEIJING, Dec 1 (Xinhua) -- ".
_DASHES = re.compile(r"—|–|--| - ")
_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*"
                       r"(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})?"
                       r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s*\([^)]*\))?\s*(?:—|–|--|-)\s*")
# Words that open a sentence: a capitalised phrase ending in one ran into the next line.
_OPENERS = frozenset({"The", "A", "An", "Under", "In", "At", "On", "After", "During", "According",
                      "This", "These", "It", "They", "Its", "Their", "Following", "Meanwhile"})
# "Jiangsu-based Harbor Co": where a company is based is not part of its name.
_BASED = ("-based", "-headquartered", "-listed", "-registered")
_COMPOUND = re.compile(r"[A-Z][a-z]+-[a-z-]+")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _blank_place(match: re.Match[str]) -> str:
    start = match.start(1) - match.start()
    return match.group()[:start] + " " * (match.end(1) - match.start(1))


class Reader:
    """Reads the names of one article's sentences, remembering each capitalised phrase it has
    judged: the same phrase ("Minhang District") comes back in title, lede and paragraphs. One
    Reader per article keeps memory bounded by the article."""

    __slots__ = ("_names", "_parts", "_places", "_plain", "_sentences", "_tokens", "judged", "lex",
                 "text")

    def __init__(self, lex: Lexicon, text: str = "") -> None:
        self.lex, self.text = lex, text  # text: the article's, for ``is_name``
        self._parts: dict[str, tuple[str, ...]] = {}
        self._sentences: dict[str, Names] = {}
        self._tokens: dict[str, list[str]] = {}
        self._plain: dict[str, list[str]] = {}
        self.judged: dict[tuple[str, str], bool] = {}  # same_party's answers
        self._names: dict[str, bool] = {}
        self._places: dict[str, bool] = {}

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

    def is_place_word(self, word: str) -> bool:
        """Whether the article names a word as a place: "Baoshan" where it also writes
        "Baoshan District" (so "Baoshan and Huashan Hospital" are two names, while
        "Obstetrics and Gynecology Hospital" is one)."""
        found = self._places.get(word)
        if found is None:
            found = self._places[word] = re.search(
                rf"(?<![\w-]){re.escape(word)}\s+(?:District|County|City|Town|Province)\b",
                self.text) is not None
        return found

    def tokens(self, name: str) -> list[str]:
        """``tokens(name)``, once per name and article (names are compared many times)."""
        found = self._tokens.get(name)
        if found is None:
            found = self._tokens[name] = tokens(name)
        return found

    def plain(self, name: str) -> list[str]:
        """``plain_tokens(name)``, once per name and article."""
        found = self._plain.get(name)
        if found is None:
            found = self._plain[name] = plain_tokens(name)
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
            if "Affiliated" in text:  # a hospital's official title, often capitalised
                text = _AFFILIATED.sub(lambda m: m.group().lower(), text)
            if "," in text and text.rstrip(" .!\n").endswith(_SAYING):
                text = _ATTRIBUTED.sub(_blank, text)
            if " in " in text or " from " in text:
                text = _UNNAMED_IN.sub(_blank_place, text)
            text = _UNNAMED_OF.sub(_blank_place, text)
            text = _UNNAMED_HEADLINE.sub(_blank_place, text)
            if "China's" in text:
                text = _CHINA_REGION.sub(_blank, text)
            if "," in text:
                text = _APPOSITIVE.sub(self._blank_aside, text)
                if " of " in text or " at " in text:
                    text = self.lex.office_holder.sub(_blank, text)
            found = self._sentences[sentence] = Names(text, self.names(text), lower(text))
        return found

    def _blank_aside(self, match: re.Match[str]) -> str:
        """An aside blanked, unless what looked like one is a name that opens on a possessive
        of its own (", the People's Government of X,", ", the Children's Hospital of Y,")."""
        owner = _OWNER.match(match.group())
        if owner and owner.group(1).lower() in self.lex.owned_words:
            return match.group()
        return _blank(match)

    def names(self, text: str) -> tuple[Name, ...]:
        """Every name in ``text`` as it stands (no asides blanked)."""
        names: list[Name] = []
        memo, lex = self._parts, self.lex
        # Without "'s" the possessive part cannot match: the pattern without it is quicker.
        regex = lex.regex if "'s" in text or "’s" in text else lex.plain
        pos = 0
        while (match := regex.search(text, pos)) is not None:
            pos = match.end()
            core = match.group("core")
            poss = match.groupdict().get("poss")
            if poss and _owns(poss.split()[-1][:-2].lower(), lex):
                core = poss + core  # "People's Government of X", "Eastlake University's School"
            elif poss and _unit_of_acronym(poss, core, lex):
                core = poss.split()[-1][:-2]  # "HKTDC's Mainland business division": HKTDC
            parts = memo.get(core)
            if parts is None:
                words = core.split()
                while len(words) > 1 and words[0] in lex.not_names:
                    words = words[1:]  # "The A and B": "and" is judged on "A", not "The A"
                split = _split(words, lex, self.is_place_word) if "and" in words else (words,)
                parts = memo[core] = tuple(name for part in split if (name := _tidy(part, lex)))
            if parts:
                start = _first_kept(text, match.start(), match.end(), parts[0])
                pos = _legal_form_end(text, pos)  # the next name starts after "Co., Ltd."
                names.append(_with_body(text, Name(start, pos, parts)))
        return _joined(text, names, lex) if len(names) > 1 else tuple(names)


# The second half of a legal form that a comma splits: "Harbor Robotics Co., Ltd.",
# and the short form in parentheses that may follow it ("Co., Ltd. (Harbor)").
_LEGAL_TAIL = re.compile(r"\.?,\s?(?:Ltd|Limited)\b\.?(?:\s\([A-Z][\w-]*\))?")


def _legal_form_end(text: str, end: int) -> int:
    """Where a company's name ends when its legal form goes on after a comma (", Ltd."): the
    name covers it, so that nothing stands between the name and its verb or the next name."""
    if not text.endswith(("Co", "Co."), 0, end):
        return end
    tail = _LEGAL_TAIL.match(text, end)
    return tail.end() if tail else end


# After a place's possessive, the lower-case body of that place: "Jiading's commerce commission".
_BODY_OF = re.compile(r"(?<=['’]s)\s+((?:[a-z][\w-]*\s+){0,3}?(?:commission|bureau|committee|"
                      r"government|administration|department|office))\b")


def _with_body(text: str, name: Name) -> Name:
    """The name, with the lower-case body its possessive owns read into it."""
    body = _BODY_OF.match(text, name.end)
    if body is None or len(name.parts) != 1:
        return name
    return Name(name.start, body.end(), (f"{name.parts[0]}'s {' '.join(body.group(1).split())}",))


def _unit_of_acronym(poss: str, core: str, lex: Lexicon) -> bool:
    """Whether a name after an acronym's possessive is a unit of that body, not a body of its
    own: no organisation word in it ("HKTDC's Mainland", but "SIPG's Yangshan Port")."""
    owner = poss.split()[-1][:-2]
    return (len(poss.split()) == 1 and owner.isupper() and len(owner) > 1
            and lex.heads.isdisjoint(word.lower() for word in core.split()))


def _owns(word: str, lex: Lexicon) -> bool:
    """Whether a possessive belongs to the name after it: a word of the name ("People's") or an
    organisation whose unit is named ("Eastlake University's School of Design"); a place's
    possessive only says where ("Jiangsu's Wuxi")."""
    return word in lex.owned_words or (word in lex.heads and word not in lex.place_heads)


# Between two names that are one: "the Management Committee of the Harbor Zone", "Lakeside
# Hospital affiliated to Eastlake University" (the name such hospitals officially bear).
_ONE_NAME = re.compile(r"\s+(?:of\s+the|affiliated\s+(?:to|with)(?:\s+the)?)\s+")
# A school or faculty "at" its university is one name: "School of Design at Eastlake University".
_UNIT_AT = re.compile(r"\s+at\s+(?:the\s+)?")
_UNITS = frozenset({"school", "college", "faculty", "department", "institute"})
_HOSTS = frozenset({"university", "academy", "college"})
# A hospital or institute and, after a comma, the university or academy it belongs to: the
# official names of affiliated bodies ("Huashan Hospital, Fudan University"; "Shanghai Institute
# of Organic Chemistry, Chinese Academy of Sciences") are one name.
_PARENT_GAP = re.compile(r",\s+(?:the\s+)?")
_AFFILIATES = frozenset({"hospital", "institute", "school", "college", "laboratory"})
_PARENTS = frozenset({"university", "academy"})


def _has_head(words: list[str], lex: Lexicon) -> bool:
    return any(word.lower() in lex.heads for word in words)


def _joined(text: str, names: list[Name], lex: Lexicon) -> tuple[Name, ...]:
    """The names with those that are one name joined, when both name a body ("the Institute of
    Optics of the Eastland Academy of Sciences")."""
    joined = [names[0]]
    for name in names[1:]:
        last = joined[-1]
        gap = text[last.end : name.start]
        words = last.parts[-1].split()
        if _region_of(text, gap, words, name) and text.endswith(last.parts[-1], 0, last.end):
            whole = f"{last.parts[-1]}, {name.parts[0]}"  # "Zunyi City, Guizhou Province"
            joined[-1] = Name(last.start, name.end, (*last.parts[:-1], whole, *name.parts[1:]))
        elif ((_ONE_NAME.fullmatch(gap) or _unit_at(gap, words, name)
             or _affiliate_of(gap, words, name))
                and text[last.start : last.end].endswith(words[-1])
                and _has_head(words, lex) and _has_head(name.parts[0].split(), lex)):
            # the second name's first part joins ("... of the Eastland Academy of Sciences and
            # Harbor Co" keeps Harbor Co apart)
            whole = " ".join(f"{last.parts[-1]}{gap}{_as_written(text, name)}".split())
            joined[-1] = Name(last.start, name.end,
                              (*last.parts[:-1], whole.rstrip("."), *name.parts[1:]))
        else:
            joined.append(name)
    return tuple(joined)


# A place a province or region holds, and the words that end the name of a region.
_HELD = frozenset({"district", "city", "county", "town", "township", "village"})
_REGION_END = re.compile(r"\s(?:Province|Autonomous\s+Region|Region)$")


def _region_of(text: str, gap: str, words: list[str], name: Name) -> bool:
    """Whether a region set off by a comma is part of the official name of the place before it
    ("the People's Government of Zunyi City, Guizhou Province", "Marsh County, Upland
    Province"), as titles of local governments are written; "Zunyi in Guizhou Province" only
    says where Zunyi is."""
    region = name.parts[0]
    place = len(words) == 2 or "Government" in words  # not a park ("Harbor Medical City")
    return (gap == ", " and place and words[-1].lower() in _HELD and _REGION_END.search(region) is not None
            and text.startswith(region, name.start))


def _unit_at(gap: str, words: list[str], name: Name) -> bool:
    """Whether the gap joins a unit to the university it belongs to ("School of Design at
    Eastlake University")."""
    host = name.parts[0].split()
    return (bool(_UNIT_AT.fullmatch(gap)) and words[0].lower() in _UNITS
            and host[-1].lower() in _HOSTS)


def _affiliate_of(gap: str, words: list[str], name: Name) -> bool:
    """Whether the gap is the comma between an affiliated body and the university or academy
    it belongs to ("Huashan Hospital, Fudan University"); two universities, or two hospitals
    ("X Hospital, the First Affiliated Hospital of Y University"), are two names."""
    own = {word.lower() for word in words}
    parent = {word.lower() for word in name.parts[0].split()}
    return (bool(_PARENT_GAP.fullmatch(gap)) and bool(own & _AFFILIATES)
            and not own & _PARENTS and bool(parent & _PARENTS) and "hospital" not in parent)


_DROPPED_AND = re.compile(r"[\w'’.-]+(?:\s+[\w'’.-]+){0,3}\s+(?:and|&)\s+$")


def _first_kept(text: str, start: int, end: int, first: str) -> int:
    """Where a name starts when what stood before "and" in its phrase names no party: in
    "China and Harbor City", "Harbor City" (so "A in China and B" still coordinates A and B)."""
    at = text.find(first, start, end)
    return at if at > start and _DROPPED_AND.match(text, start, at) else start


def _as_written(text: str, name: Name) -> str:
    """A name as the sentence writes it up to where its reading ends: "Chinese" opens no name
    after "of the", but "on Monday" after "... Trade Zone" is still no part of it."""
    written = text[name.start : name.end]
    part = name.parts[0]
    at = written.find(part)
    return written[: at + len(part)] if at >= 0 else written


def _inside_sentence(text: str, pos: int) -> bool:
    before = text[max(0, pos - 40) : pos].rstrip(" \t\"“‘'(")
    return bool(before) and before[-1] not in ".!?\n"


def _split(words: list[str], lex: Lexicon,
           is_place: Callable[[str], bool]) -> list[list[str]]:
    """Split "A University and B Group" but not "Ministry of Science and Technology".
    ``is_place``: whether the article names a word as a place ("X District")."""
    parts: list[list[str]] = [[]]
    for index, word in enumerate(words):
        if word == "and" and parts[-1] and _ends_name(parts[-1], words[index + 1 :], lex,
                                                      is_place):
            parts.append([])
        else:
            parts[-1].append(word)
    return parts


def _ends_name(left: list[str], right: list[str], lex: Lexicon,
               is_place: Callable[[str], bool]) -> bool:
    if right and right[0].lower().endswith(_BASED):
        return True  # "A and Zurich-based B": where B is based opens a new name
    if len(right) > 2 and right[1] == "Autonomous":
        return False  # "Luquan Yi and Miao Autonomous County": the peoples of one place
    if len(left) == 1:  # "Culture and Tourism Bureau", but "Baoshan and Huashan Hospital"
        return not _joins_fields(left[0], right, lex) or is_place(left[0])
    if _is_person(left, lex) or any(word.lower() in lex.roles for word in left[1:]):
        return True  # "Eastlake University President Li Ming and Harbor Group ..."
    nxt = right[: right.index("and")] if "and" in right else right
    if _fields_of_a_place(left, nxt, lex):
        return False  # "Jiading District Culture and Tourism Bureau": one bureau, two fields
    if left[-2] == "of" and len(nxt) > 2 and nxt[1] == "of" and not _names_a_body(left[-1], lex):
        return False  # "School of Agriculture and Biology of X University": two fields
    if _is_complete(nxt, lex) and ("&" in left or any(_names_a_body(w, lex) for w in left)):
        return True  # "Government of Qingpu District and Shanghai University of Medicine"
    if "of" in left:  # inside "University of X and Y" only a whole name splits, or one after a
        # body complete on the left ("Committee of X District and Invest Harbor"), one that
        # opens on a region ("University of Finance and Economics and Shanghai X Co"), or one
        # after a body whose "of" has had its "and" ("Commission of Economy and IT and Huawei")
        return ((_names_a_body(left[-1], lex) and len(nxt) >= 2 and nxt[0][:1].isupper())
                or nxt[0].lower() in lex.regions or "and" in left[left.index("of") :])
    return left[-1].lower() in lex.heads


# Heads that end a company's name but also name a field: "Information Technology" after "and"
# is the second half of "Ministry of Industry and Information Technology", not a body.
_FIELD_WORDS = frozenset({"technology", "technologies", "engineering", "energy", "power", "electric",
                          "pharmaceutical", "pharma", "biotech", "telecom", "mobile", "motor",
                          "motors", "international", "media", "news", "network", "daily", "state"})


def _names_a_body(word: str, lex: Lexicon) -> bool:
    low = word.lower()
    return low in lex.heads and low not in _FIELD_WORDS


def _is_complete(words: list[str], lex: Lexicon) -> bool:
    """Whether words are a whole organisation's name on their own: a first word that is not a
    head ("Technology of China" is the tail of a longer name), then a body's head ("Shanghai
    University of Medicine", "Harbor Biotechnology Co")."""
    return (len(words) >= 2 and words[0][:1].isupper() and words[0].lower() not in lex.heads
            and any(_names_a_body(word, lex) for word in words[1:]))


def _fields_of_a_place(left: list[str], right: list[str], lex: Lexicon) -> bool:
    """Whether "and" joins two fields in the name of a place's bureau ("Chongming District
    Agriculture and Rural Affairs Committee"): a place, then words that are no body's head, and
    after "and" more such words and the head of a government body."""
    low = [word.lower() for word in left]
    place = max((i for i, word in enumerate(low) if word in lex.place_heads), default=-1)
    if not 0 < place < len(low) - 1 or any(word in lex.heads for word in low[place + 1 :]):
        return False
    words = right[: next((i for i, w in enumerate(right) if not w[:1].isupper()), len(right))]
    return (len(words) >= 2 and words[-1].lower() in lex.field_heads  # up to "on Monday"
            and not any(word.lower() in lex.heads for word in words[:-1]))


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
    if len(words) == 1:  # most phrases are one word ("The", "Shanghai")
        return _tidy_word(words[0], lex)
    low = [w.lower() for w in words]
    start = _front(words, low, lex)
    if start < len(words) and words[start].startswith("("):
        return ""  # "(Harbor)": a short form in parentheses, the name is before it
    if len(words) - start > 1 and words[-1] in _OPENERS and not words[-2].endswith("."):
        return ""  # "Ti Gong The new deal ...": a photo credit run into the next line
    end = _back(words, low, start, lex)
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
    words, low = _before_role(*_past_owner(words, low, lex), lex)
    end = _person_after(words, low, 0, lex)  # "deputy head of Harbor City Li Ming"
    words, low = words[:end], low[:end]
    return " ".join(words) if words and _names_a_party(words, low, lex) else ""


def _tidy_word(word: str, lex: Lexicon) -> str:
    if word in lex.not_names or word.lower() in lex.joiners or len(word) == 1:
        return ""  # a single letter: "U" of "U.S."
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    low = word.lower()
    if (low in lex.roles or low in lex.not_parties or low in lex.not_alone
            or _COMPOUND.fullmatch(word) or _counts(low, lex)):
        return ""
    return word


def _front(words: list[str], low: list[str], lex: Lexicon) -> int:
    """Where the name starts: after "The", "On Monday", "Hong Kong-based" and a legal form
    that a comma split from its company ("Co., Ltd. (Harbor)")."""
    count, start = len(words), 0
    while start < count and (words[start] in lex.not_names
                             or (low[start] in lex.joiners and words[start] == low[start])):
        start += 1
    based = max((index for index in range(start, count - 1) if low[index].endswith(_BASED)),
                default=-1)
    start = max(start, based + 1)
    while start < count and low[start].rstrip(".") in lex.company_heads:
        start += 1
    return start


def _back(words: list[str], low: list[str], start: int, lex: Lexicon) -> int:
    """Where the name ends: before a headline verb ("X Park Holds ..."), and then before the
    small and not-name words left at its end."""
    count = len(words)
    end = next((index for index in range(start + 1, count) if low[index] in lex.verbs), count)
    if start < count and (end < count or words[-1] in lex.not_names):
        while end > start and (words[end - 1] in lex.not_names or words[end - 1] in lex.joiners):
            end -= 1
    return end


def _names_a_party(words: list[str], low: list[str], lex: Lexicon) -> bool:
    """Whether trimmed words can name a party: not a compound opening a sentence ("On-site"), a
    person ("Li Ming"), an event or document, a bare country or city, or a count."""
    if len(words) == 1 and (_COMPOUND.fullmatch(words[0]) or words[0] in lex.surnames):
        return False  # a family name alone is a person whose given name was trimmed ("Chen Jun")
    if (2 <= len(words) <= 3 and words[0] in lex.surnames
            and all(w.isalpha() and w.istitle() for w in words) and lex.heads.isdisjoint(low)):
        return False
    return not (low[-1] in lex.not_parties or low[0] in lex.not_parties
                or " ".join(low) in lex.not_alone or all(_counts(word, lex) for word in low))


def _past_owner(words: list[str], low: list[str], lex: Lexicon) -> tuple[list[str], list[str]]:
    """A name after a possessive owner: "Zhejiang's Jiaxing" is Jiaxing, "China's Ministry of
    Commerce" the ministry; a possessive that belongs to the name stays ("People's Government",
    "Eastlake University's School of Design")."""
    for index in range(len(words) - 1):
        if low[index].endswith(("'s", "’s")) and not _owns(low[index][:-2], lex):
            return words[index + 1 :], low[index + 1 :]
    return words, low


# The people a body sends, who open a capitalised phrase: "Officials of X", "Leaders of X".
_ENVOYS = frozenset({"officials", "representatives", "leaders", "delegates", "delegation",
                     "delegations", "executives"})


def _before_role(words: list[str], low: list[str], lex: Lexicon) -> tuple[list[str], list[str]]:
    """The organisation before an office-holder: "Eastlake University President Li Ming" is
    Eastlake University. Without an organisation word before the role the whole name is a
    person's ([], []); "Consulate General" is a head of its own, not a role."""
    if low[0] in _ENVOYS and "of" in low:  # "Representatives of Harbor District"
        return _after_of(words, low, 0, lex)
    for index, word in enumerate(low):
        if word in lex.roles and not (index and f"{low[index - 1]} {word}" in lex.heads):
            if index and low[index - 1] in lex.heads:
                return words[:index], low[:index]
            return _after_of(words, low, index, lex)
    return words, low


def _after_of(words: list[str], low: list[str], role: int,
              lex: Lexicon) -> tuple[list[str], list[str]]:
    """The organisation after a person's title and name: "Professor Li Ming of Eastlake
    University" is Eastlake University; with none named, the phrase is a person's ([], [])."""
    of = low.index("of", role) if "of" in low[role:] else -1
    if of > role and any(word in lex.heads for word in low[of + 1 :]):
        return words[of + 1 :], low[of + 1 :]
    return [], []


def _person_after(words: list[str], low: list[str], start: int, lex: Lexicon) -> int:
    """Where an organisation's name ends when a person's name follows it ("X District Li
    Ming", as "Vice Mayor of X District Li Ming" writes): before a family name right after
    a head, else at the end (``start``: where the name starts)."""
    for index in range(start + 1, len(words) - 1):
        if low[index - 1] in lex.heads and _is_person(words[index:], lex):
            return index
    return len(words)


def _counts(word: str, lex: Lexicon) -> bool:
    """A spelled-out number or quantity ("twelve", "twenty-three", "hundreds"): a name made of
    these counts something and is never an organisation."""
    return all(part in lex.numbers for part in word.split("-")) if word else False


def tokens(name: str) -> list[str]:
    """The words that identify a name: lower case, one apostrophe, no "the"."""
    return [t for t in name.lower().replace("’", "'").split() if t != "the"]


def plain_tokens(name: str) -> list[str]:
    """The tokens compared without what spelling varies: parentheses, hyphens and "of"
    ("Zhangjiang (Group) Co", "Lin-gang", "People's Government of Qingpu District")."""
    plain = (word.strip("(),").replace("-", "") for word in tokens(name) if word != "of")
    return [word for word in plain if word]
