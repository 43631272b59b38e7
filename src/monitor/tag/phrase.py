"""Split one capitalised phrase into the names it holds, and trim each to what names a party.

"and" joins two names ("Eastlake University and Harbor Group") or two fields of one ("Ministry of
Science and Technology", "Culture and Tourism Bureau"); the words of the phrase and the kinds of
word around "and" tell which. A name is then trimmed of what is not part of it (a leading "The",
a headline verb, a person, an office) or dropped when it names no party. Only monitor.tag.names
calls these, once per distinct phrase of an article.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from monitor.tag.lexicon import Lexicon

__all__ = ["owns", "split_names", "tidy"]

# Words that open a sentence: a capitalised phrase ending in one ran into the next line.
_OPENERS = frozenset({"The", "A", "An", "Under", "In", "At", "On", "After", "During", "According",
                      "This", "These", "It", "They", "Its", "Their", "Following", "Meanwhile"})
# "Jiangsu-based Harbor Co": where a company is based is not part of its name.
_BASED = ("-based", "-headquartered", "-listed", "-registered")
_COMPOUND = re.compile(r"[A-Z][a-z]+-[a-z-]+")
# People that open a sentence or caption ("Guests unveil the plaque"): never a party alone.
_PEOPLE = frozenset({"guests", "officials", "visitors", "participants", "attendees", "experts",
                     "leaders", "representatives", "delegates", "students", "residents", "staff",
                     "workers", "volunteers", "executives", "scholars", "entrepreneurs"})


def split_names(words: list[str], lex: Lexicon,
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
        if left[0].endswith("al") and any(w.lower() in lex.heads for w in right[1:]):
            return False  # "Industrial and Commercial Bank": an adjective (no pinyin ends in l)
        return not _joins_fields(left[0], right, lex) or is_place(left[0])
    if _is_person(left, lex) or any(word.lower() in lex.roles for word in left[1:]):
        return True  # "Eastlake University President Li Ming and Harbor Group ..."
    nxt = right[: right.index("and")] if "and" in right else right
    if 1 < len(nxt) <= 3 and nxt[-1].lower() in lex.heads and all(
            w.lower() in lex.field_heads or w.lower() in _RESEARCH for w in nxt[:-1]):
        return False  # "X Design and Research Institute": the right names no body of its own
    if _fields_of_a_place(left, nxt, lex):
        return False  # "Jiading District Culture and Tourism Bureau": one bureau, two fields
    if left[-2] == "of" and len(nxt) > 2 and nxt[1] == "of" and not _names_a_body(left[-1], lex):
        return False  # "School of Agriculture and Biology of X University": two fields
    if _is_complete(nxt, lex) and ("&" in left or any(_names_a_body(w, lex) for w in left)):
        return True  # "Government of Qingpu District and Shanghai University of Medicine"
    if _two_bare_names(left, nxt, lex):
        return True  # "Harbor Devices and Lakeside Systems": two companies, no head to share
    if _is_complete(nxt, lex) and (nxt[0].lower() in lex.regions or nxt[0].lower() in lex.not_alone):
        return True  # "UC Davis Health and Hebei Medical University": a place opens the second
    if len(nxt) == 1 and _is_region(nxt[0], lex) and _is_region(" ".join(left), lex):
        return True  # "Hong Kong and Yunnan": two places
    if "of" in left:  # inside "University of X and Y" only a whole name splits, or one after a
        # body complete on the left ("Committee of X District and Invest Harbor"), or one after
        # a body whose "of" has had its "and" ("University of Finance and Economics and X Co")
        return ((_names_a_body(left[-1], lex) and len(nxt) >= 2 and nxt[0][:1].isupper())
                or "and" in left[left.index("of") :])
    return left[-1].lower() in lex.heads


# Words of what a body does that "and" joins to the field before it ("Design and Research
# Institute", "Planning and Research Center").
_RESEARCH = frozenset({"research", "development", "design", "planning", "testing", "training",
                       "innovation", "education", "teaching"})


# Heads that end a company's name but also name a field: "Information Technology" after "and"
# is the second half of "Ministry of Industry and Information Technology", not a body.
_FIELD_WORDS = frozenset({"technology", "technologies", "engineering", "energy", "power", "electric",
                          "pharmaceutical", "pharma", "biotech", "telecom", "mobile", "motor",
                          "motors", "international", "media", "news", "network", "daily", "state"})


def _two_bare_names(left: list[str], right: list[str], lex: Lexicon) -> bool:
    """Whether "and" stands between two names of two words or more, neither with a word that
    names a kind of body: nothing to share, so nothing makes them one ("Bright Food and
    Lakeside Systems"); fields before a head ("Convention and Exhibition Association") have one."""
    return (len(left) >= 2 and len(right) >= 2 and "of" not in left and "of" not in right
            and all(w[:1].isupper() for w in right)
            and not any(w.lower() in lex.heads or w.lower() in lex.field_heads
                        for w in (*left, *right)))


def _is_region(words: str, lex: Lexicon) -> bool:
    low = words.lower()
    return low in lex.regions or low in lex.not_alone


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
            and (right[1].lower() in lex.field_heads or right[1].lower() in _NAMED_FOR_TWO)
            and first.lower() not in lex.not_alone)


# Bodies named for two things besides the fields' heads: "Hill and Lake Alliance".
_NAMED_FOR_TWO = frozenset({"alliance", "consortium"})


def _is_person(words: list[str], lex: Lexicon) -> bool:
    return (2 <= len(words) <= 3 and words[0] in lex.surnames
            and all(w.isalpha() and w.istitle() and w.lower() not in lex.heads for w in words))


def tidy(words: list[str], lex: Lexicon) -> str:
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
    if "on" in words[1:-1]:  # "Fudan on AI": a headline's topic; "Commission on X" is one name
        on = words.index("on", 1)
        if low[on - 1] not in lex.on_heads:
            words, low = words[:on], low[:on]
    if "of" in words[1:] and low[-1] in lex.place_qualifiers:
        of = words.index("of")
        # "X City of Y Province" is X City; "X District of Y City" names the district in full,
        # but not "X District of Eastland's Y City" (the province's city only says where X is)
        held = (low[of - 1] in ("district", "county") and low[-1] == "city"
                and not any(w.endswith(("'s", "’s")) for w in words[of + 1 : -1]))
        if (low[of - 1] not in lex.heads or low[of - 1] in lex.place_heads) and not held:
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
        if word in lex.not_names:  # "Here's a statement"
            return ""
    low = word.lower()
    if (low in lex.roles or low in lex.not_parties or low in lex.not_alone or low in _PEOPLE
            or _COMPOUND.fullmatch(word) or _counts(low, lex) or _plural_head(low, lex)):
        return ""
    return word


def _plural_head(low: str, lex: Lexicon) -> bool:
    """A kind of body in the plural, alone ("Chambers sign MoU", "Universities"): no one body."""
    return low.endswith("s") and (
        low[:-1] in lex.heads or (low.endswith("ies") and f"{low[:-3]}y" in lex.heads)
        or low in ("universities", "institutes", "countries", "nations", "regions", "cities"))


def _front(words: list[str], low: list[str], lex: Lexicon) -> int:
    """Where the name starts: after "The", "On Monday", "Hong Kong-based" and a legal form
    that a comma split from its company ("Co., Ltd. (Harbor)")."""
    count, start = len(words), 0
    while start < count and (words[start] in lex.not_names
                             or (low[start] in lex.joiners and words[start] == low[start])):
        if start + 1 < count and (lex.opens_name(words, start)
                                  or f"{low[start]} {low[start + 1]}" in lex.not_alone):
            break  # "Chinese Academy of Sciences", "New Zealand": the word opens the name
        start += 1
    based = max((index for index in range(start, count - 1) if low[index].endswith(_BASED)),
                default=-1)
    start = max(start, based + 1)
    while start < count and low[start].rstrip(".") in _LEGAL_FORMS:
        start += 1
    return start


# The legal forms a comma splits from their company ("Co., Ltd."): no name opens with one, but
# "International Education College" and "Group of Experts" open with a company's other heads.
_LEGAL_FORMS = frozenset({"co", "ltd", "inc", "corp", "limited", "plc", "llc", "gmbh", "ag", "sa",
                          "a/s"})


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
    person ("Li Ming"), an event or document, a bare country or city, a count, or a joint body
    the deal makes."""
    if len(words) == 1 and (_COMPOUND.fullmatch(words[0]) or words[0] in lex.surnames):
        return False  # a family name alone is a person whose given name was trimmed ("Chen Jun")
    if (2 <= len(words) <= 3 and words[0] in lex.surnames
            and all(w.isalpha() and w.istitle() for w in words) and lex.heads.isdisjoint(low)):
        return False
    if (len(words) == 2 and words[0].isupper() and words[0].title() in lex.surnames
            and words[1].isalpha() and words[1].istitle() and low[1] not in lex.heads):
        return False  # "ZENG Xiaoqin": the family name in capitals, as some pages write it
    if "joint" in low[:-1] and low[low.index("joint") + 1] != "stock":
        return False  # "X Joint Laboratory": what the parties set up together, not one of them
    return not (low[-1] in lex.not_parties or low[0] in lex.not_parties
                or " ".join(low) in lex.not_alone or all(_counts(word, lex) for word in low))


def _past_owner(words: list[str], low: list[str], lex: Lexicon) -> tuple[list[str], list[str]]:
    """A name after a possessive owner: "Zhejiang's Jiaxing" is Jiaxing, "China's Ministry of
    Commerce" the ministry; a possessive that belongs to the name stays ("People's Government",
    "Eastlake University's School of Design")."""
    for index in range(len(words) - 1):
        if low[index].endswith(("'s", "’s")) and not owns(low[index][:-2], lex):
            return words[index + 1 :], low[index + 1 :]
        if low[index].endswith(("s'", "s’")) and not owns(low[index][:-1], lex):
            return words[index + 1 :], low[index + 1 :]  # "the United States' X Institute"
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
        if word == "general" and index + 1 < len(low) and low[index + 1] in lex.heads:
            continue  # "General Administration of Customs", "Harbor General Hospital": no office
        if word in lex.roles and not (index and f"{low[index - 1]} {word}" in lex.heads):
            if index and low[index - 1] in lex.heads:
                return words[:index], low[:index]
            if index and _PLACE_ROLES.intersection(low[index : index + 2]):
                return words[:index], low[:index]  # "Honolulu Mayor Peter Carlisle": the city
            if index == 1 and _is_acronym_word(words[0]):  # "SJTU President Li Ming", but
                after = _after_of(words, low, index, lex)  # "CPC Secretary of X District"
                return after if after[0] else (words[:1], low[:1])
            return _after_of(words, low, index, lex)
    return words, low


# Offices a place's own name comes before: "Taipei Deputy Mayor", "Eastland Governor".
_PLACE_ROLES = frozenset({"mayor", "governor"})


def _is_acronym_word(word: str) -> bool:
    return 2 <= len(word) <= 8 and word.isupper() and word.isalpha()


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
    if _ORDINAL.fullmatch(word):
        return True  # "8th": the session or edition of something
    return all(part in lex.numbers for part in word.split("-")) if word else False


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")


def owns(word: str, lex: Lexicon) -> bool:
    """Whether a possessive belongs to the name after it: a word of the name ("People's") or an
    organisation whose unit is named ("Eastlake University's School of Design"); a place's
    possessive only says where ("Jiangsu's Wuxi")."""
    return word in lex.owned_words or (word in lex.heads and word not in lex.place_heads)
