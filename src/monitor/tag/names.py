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
from typing import NamedTuple

from monitor.tag.lexicon import Lexicon
from monitor.tag.patterns import Anchored, lower
from monitor.tag.phrase import owns, split_names, tidy

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
                         r"[A-Z][\w-]*'s\s+(?=(?:[a-z][\w-]*\s+){0,3}?(?:[a-z]+est|leading|top|major)\b)|"
                         r"known\s+as|part\s+of|formerly)\b"
                         r"(?:(?!\b(?:was|were|is|are|has|have|had|will)\b)[^,;]){0,120},")
# A description between dashes: "with A — a teaching hospital of X — B and C" (a list goes on
# after it as after a comma).
_DASH_ASIDE = re.compile(r"\s*(?:—|\s–)\s*(?:a|an)\s[^—–;]{1,120}?\s*(?:—|–\s)\s*")


def _comma(match: re.Match[str]) -> str:
    """An aside replaced by the comma it stands for, offsets kept."""
    return "," + " " * (len(match.group()) - 1)


# A relative clause of place between commas: "X Hospital, where the three centers are, signed".
_WHERE_ASIDE = re.compile(r",\s+where\s+[^,;]{1,120},")
# Where a place is, as news agencies write it after the place: "Hangzhou, east China's Zhejiang
# Province, signed" (an aside: the subject goes on after it).
_CHINA_REGION = re.compile(r",\s+(?:(?:[Ee]ast|[Ww]est|[Nn]orth|[Ss]outh|[Cc]entral|[Nn]orth-?[Ee]ast|"
                           r"[Nn]orth-?[Ww]est|[Ss]outh-?[Ee]ast|[Ss]outh-?[Ww]est)(?:ern)?\s+)?"
                           r"China's\s+(?:[A-Z][\w'-]*\s+){1,4}(?:[Pp]rovince|[Rr]egion|"
                           r"[Mm]unicipality)\b,?")
# A headline's label before a colon: "CIIE: Hongqiao firm and HK university seal deal" (the
# event or section the story is filed under, not a party).
_KICKER = re.compile(r"^\s*[A-Z][\w&'’.-]*(?:\s[A-Z][\w&'’.-]*){0,3}:\s")
# The possessive an aside opens with: ", the People's ..." (is it a name's own word?).
_OWNER = re.compile(r",\s+the\s+(\w+)'s\b")
# Where an unnamed party is: "a county in Yunnan Province", "an AI startup based in Xuhui's West
# Bund" (the place is said of a body the sentence does not name, so it is no party itself).
_UNNAMED_IN = re.compile(r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[a-z][\w-]*\s+){0,3}?"
                         r"(?:county|district|town|township|village|city|company|firm|start-?up|"
                         r"university|hospital|school|enterprise|maker|manufacturer|based|located|"
                         r"headquartered|situated)\s+(?:in|from)\s+(?:the\s+)?"
                         r"((?:[A-Z][\w'’-]*\s+)*[A-Z][\w'’-]*)")
# The same said of a count of bodies: "Twenty universities in Chongqing and Sichuan province
# set up an alliance" (who they are comes later, if at all).
_PLACE_WORDS = r"(?:[A-Z][\w'’-]*\s+)*[A-Z][\w'’-]*"
_COUNTED_IN = re.compile(r"\b(?:\d[\d,]*|(?i:two|three|four|five|six|seven|eight|nine|ten|eleven|"
                         r"twelve|fifteen|twenty|thirty|forty|fifty|several|dozens\s+of|"
                         r"hundreds\s+of)(?:-\w+)?)\s+(?:[a-z][\w-]*\s+){0,2}?(?:universities|"
                         r"colleges|companies|firms|enterprises|hospitals|schools|institutions|"
                         r"cities|counties|districts|towns|banks)\s+(?:in|from)\s+(?:the\s+)?"
                         rf"({_PLACE_WORDS}(?:(?:\s+(?:province|city|region))?(?:,\s+|\s+and\s+|"
                         rf"\s+&\s+)(?:the\s+)?{_PLACE_WORDS})*)")
# A place that describes an unnamed body: "a Lingang hydrogen firm", "a Yunnan county".
_UNNAMED_OF = re.compile(r"(?<![\w'’-])(?:[Aa](?:n|nother)?|[Oo]ne)\s+((?:[A-Z][\w'’-]*\s+){1,3})"
                         r"(?=(?:[a-z][\w-]*\s+){0,3}?(?:county|district|town|township|village|"
                         r"city|company|firm|start-?up|enterprise|maker|manufacturer|producer|"
                         r"supplier|developer|operator)\b)")
# The same in a headline, which drops the article: "Jiading company and German university open
# a lab" (at the start, or after "and" or a comma).
_UNNAMED_HEADLINE = re.compile(r"(?:^|(?<=[,:]\s)|(?<=\band\s))([A-Z][\w'’-]*\s+)(?=(?:[a-z][\w-]*\s+)"
                               r"{0,2}?(?:company|firm|start-?up|enterprise|maker|manufacturer|"
                               r"producer|supplier|developer|operator|university|hospital|"
                               r"school)\b)")
_AFFILIATED = re.compile(r"\bAffiliated\s+(?:to|with)\b")
# A person by title and name: "Mr. Bo Peng", "Prof. Li Ming", "Dr Jane Doe".
_HONORIFIC_WORD = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Prof|Professor|Madam)\b")
_HONORIFIC_WORD_DOT = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Prof|Professor|Madam)\b\.?(?=\s+[A-Z])")
_HONORIFIC = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Prof|Professor|Madam)\.?\s+[A-Z][\w'-]*"
                        r"(?:[\s-][A-Z][\w'-]*){0,2}")
# Who a sentence is attributed to, at its end: "..., the Harbor Zone administration said." The
# source of the news, not a party to it.
_ATTRIBUTED = re.compile(r",\s+(?:the\s+)?(?:[A-Za-z][\w'’&-]*\s+){1,8}?(?:said|says|reported|"
                         r"announced|confirmed)\s*[.!]?\s*$")
_SAYING = ("said", "says", "reported", "announced", "confirmed")  # found at the end first
# A dateline before the story: "DUBAI, United Arab Emirates — ", "BEIJING, Dec 1 (Xinhua) -- ",
# "(Sacramento) — ".
_DASHES = re.compile(r"—|–|--| - ")
_DATELINE = re.compile(r"^\s*\([A-Z][\w.'-]*(?:[\s,]+[A-Z][\w.'-]*){0,3}\)\s*(?:—|–|--|-)\s*"
                       r"|^\s*[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*"
                       r"(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})?"
                       r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:,\s+\d{4})?(?:\s*\([^)]*\))?"
                       r"(?:\s*/[^/\s]{2,30}/)?\s*(?:—|–|--|-)\s*")  # "..., 2022 /PRNewswire/ --"
# The body an office-holder stood for, then the comma that closes the aside before the verb:
# "Gao Ju, principal of SPA, signed" (with the person blanked, SPA is the subject).
_BODY_THEN_COMMA = re.compile(r"((?:[A-Z][\w'&.()-]*\s+(?:(?:of|and|for)\s+(?:the\s+)?)?){0,7}"
                              r"[A-Z][\w'&.()-]*),(?=\s+(?:signed|inked|sealed|has|have|had|was|"
                              r"were|will|also|jointly|reached|entered|on)\b)")


def _closed_holder_aside(text: str, office_holder: re.Pattern[str]) -> str:
    """The text with the comma after an office-holder's body made a space."""
    for match in office_holder.finditer(text):
        body = _BODY_THEN_COMMA.match(text, match.end())
        if body is not None:
            text = f"{text[: body.end(1)]} {text[body.end(1) + 1 :]}"
    return text


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
            persons = []  # "Mr. Xingdong Zheng": a person, no party (blanked once offices are read)
            if _HONORIFIC_WORD.search(text):
                persons = [m for m in _HONORIFIC.finditer(text) if not self._is_body(m.group())]
                text = _HONORIFIC_WORD_DOT.sub(_blank, text)  # "Mr. Liu, Principal of X": X
            if "Affiliated" in text:  # a hospital's official title, often capitalised
                text = _AFFILIATED.sub(lambda m: m.group().lower(), text)
            if "," in text and text.rstrip(" .!\n").endswith(_SAYING):
                text = _ATTRIBUTED.sub(_blank, text)
            if " in " in text or " from " in text:
                text = _UNNAMED_IN.sub(_blank_place, text)
                text = _COUNTED_IN.sub(_blank_place, text)
            text = _UNNAMED_OF.sub(_blank_place, text)
            text = _UNNAMED_HEADLINE.sub(_blank_place, text)
            if ": " in text[:40]:
                text = _KICKER.sub(_blank, text, count=1)
            if "China's" in text:
                text = _CHINA_REGION.sub(_blank, text)
            if "—" in text or " – " in text:
                text = _DASH_ASIDE.sub(_comma, text)
            if "," in text:
                text = _APPOSITIVE.sub(self._blank_aside, text)
                if ", where " in text:  # "A, where the labs are located, signed ..."
                    text = _WHERE_ASIDE.sub(_blank, text)
                if " of " in text or " at " in text:
                    text = _closed_holder_aside(text, self.lex.office_holder)
                    text = self.lex.office_holder.sub(_blank, text)
                    text = self.lex.holder_after.sub(self._blank_holder, text)
            for person in persons:  # the names no office took away
                start, end = person.span()
                text = f"{text[:start]}{' ' * (end - start)}{text[end:]}"
            found = self._sentences[sentence] = Names(text, self.names(text), lower(text))
        return found

    def _is_body(self, titled: str) -> bool:
        """Whether a title and the name after it are a body's ("Dr. X Hospital"), not a person."""
        return bool(self.lex.heads.intersection(word.lower() for word in titled.split()[1:]))

    def _blank_holder(self, match: re.Match[str]) -> str:
        """The person after an office blanked, unless what looked like one is a body."""
        person = match.group(1)
        if self.lex.heads.intersection(word.lower() for word in person.split()):
            return match.group()
        start = match.start(1) - match.start()
        return match.group()[:start] + " " * len(person)

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
            if poss and owns(poss.split()[-1][:-2].lower(), lex):
                core = poss + core  # "People's Government of X", "Eastlake University's School"
            elif poss and _unit_of_acronym(poss, core, lex):
                core = poss.split()[-1][:-2]  # "HKTDC's Mainland business division": HKTDC
            parts = memo.get(core)
            if parts is None:
                words = core.split()
                while len(words) > 1 and words[0] in lex.not_names and not (
                        lex.opens_name(words, 0)
                        or f"{words[0]} {words[1]}".lower() in lex.not_alone):
                    words = words[1:]  # "The A and B": "and" is judged on "A", not "The A"
                split = split_names(words, lex, self.is_place_word) if "and" in words else (words,)
                parts = memo[core] = tuple(name for part in split if (name := tidy(part, lex)))
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
_PARENT_GAP = re.compile(r",\s*(?:the\s+)?")  # (some pages drop the space: "School of Medicine,X")
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
        elif _government_of(gap, words, name, lex):
            whole = f"{last.parts[-1]} of {name.parts[0]}"  # "X Town government of Y District"
            joined[-1] = Name(last.start, name.end, (*last.parts[:-1], whole, *name.parts[1:]))
        elif ((_ONE_NAME.fullmatch(gap) or _unit_at(gap, words, name)
             or (_affiliate_of(gap, words, name)
                 and not (_in_a_list(text, joined) and not _ACADEMY_OF_A_NATION.match(name.parts[0]))))
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
    place = len(words) == 2 or "Government" in words or "of" in words  # no park ("X Medical City")
    return (gap == ", " and place and words[-1].lower() in _HELD and _REGION_END.search(region) is not None
            and text.startswith(region, name.start))


def _government_of(gap: str, words: list[str], name: Name, lex: Lexicon) -> bool:
    """Whether a town's government is named with the district it lies in: "the Xujing Town
    government of Qingpu District" is one party, as the text names it."""
    place = name.parts[0].split()
    return (gap == " of " and words[-1] == "government" and len(words) > 2
            and words[-2].lower() in lex.place_heads and place[-1].lower() in lex.place_heads)


def _unit_at(gap: str, words: list[str], name: Name) -> bool:
    """Whether the gap joins a unit to the university it belongs to ("School of Design at
    Eastlake University", "International College at Eastlake University of Medicine")."""
    host = name.parts[0].split()
    return (bool(_UNIT_AT.fullmatch(gap)) and (words[0].lower() in _UNITS or words[-1].lower() in _UNITS)
            and (host[-1].lower() in _HOSTS or host[0] == "University"
                 or (len(host) > 2 and host[1] == "University" and host[2] == "of")))


def _affiliate_of(gap: str, words: list[str], name: Name) -> bool:
    """Whether the gap is the comma between an affiliated body and the university or academy
    it belongs to ("Huashan Hospital, Fudan University"); two universities, or two hospitals
    ("X Hospital, the First Affiliated Hospital of Y University"), are two names."""
    own = {word.lower() for word in words}
    parent = {word.lower() for word in name.parts[0].split()}
    return (bool(_PARENT_GAP.fullmatch(gap)) and bool(own & _AFFILIATES)
            and not own & _PARENTS and bool(parent & _PARENTS) and "hospital" not in parent)


# The academies whose institutes carry them in their official names after a comma ("Shanghai
# Institute of Ceramics, Chinese Academy of Sciences"), and any university.
_ACADEMY_OF_A_NATION = re.compile(r"(?:the\s+)?(?:(?:Chinese|China)\s+Academy\b|(?:[A-Z][\w-]+\s+)?"
                                  r"Academy\s+of\s+(?:[A-Z][\w-]+\s+)?Sciences\b)|.*\bUniversity\b")


def _in_a_list(text: str, joined: list[Name]) -> bool:
    """Whether the last name read stands in a list, after another name and a comma ("A, B
    Institute of Physics, C Academy of Engineering and D" lists four members)."""
    if len(joined) < 2:
        return False
    return text[joined[-2].end : joined[-1].start].strip() == ","


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


def tokens(name: str) -> list[str]:
    """The words that identify a name: lower case, one apostrophe, no "the"."""
    return [t for t in name.lower().replace("’", "'").split() if t != "the"]


def plain_tokens(name: str) -> list[str]:
    """The tokens compared without what spelling varies: parentheses, hyphens and "of"
    ("Zhangjiang (Group) Co", "Lin-gang", "People's Government of Qingpu District")."""
    plain = (word.strip("(),").replace("-", "") for word in tokens(name) if word != "of")
    return [word for word in plain if word]
