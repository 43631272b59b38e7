"""Turn the names read around deal verbs into the parties of a verdict: one entry per organisation.

Short forms become the fuller name the article used earlier ("Fudan" -> "Fudan University", "the
District Government" -> the district named), generic references that stay unresolved are dropped,
and two names of one organisation ("Minhang Government" / "Minhang District") are merged into the
fullest form written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from monitor.tag.districts import Gazetteer, find_mentions
from monitor.tag.lexicon import Lexicon
from monitor.tag.lists import host, leading_names, list_after, members, unique
from monitor.tag.names import Names, Reader, plain_tokens, tokens
from monitor.tag.patterns import words_of
from monitor.text import split_sentences

__all__ = ["companies", "compound_parties", "enumerated", "final_parties", "founders", "is_generic", "merge",
           "restated", "same_party", "short_forms", "signed_for", "spelled_out", "verdict_parties"]


def same_party(a: str, b: str, reader: Reader) -> bool:
    """Same organisation: "Fudan" / "Fudan University"; "Minhang (District) Government";
    "ECU" / "Eastlake Coastal University". Each pair is judged once per article: the same
    parties are merged again for every hit and for the verdict."""
    found = reader.judged.get((a, b))
    if found is None:
        found = reader.judged[a, b] = _same(a, reader.plain(a), b, reader.plain(b), reader.lex)
    return found


def _same(a: str, a_words: list[str], b: str, b_words: list[str], lex: Lexicon) -> bool:
    """``same_party`` on the names and their plain tokens, in the order of the checks: spelling,
    acronym, a prefix or suffix of operator words, generic words, a spelled-out acronym, a
    field left out, a place and its government."""
    short, long = (b_words, a_words) if len(b_words) < len(a_words) else (a_words, b_words)
    if short == long:
        return True
    acronym, full = (b, a) if len(b) < len(a) else (a, b)
    if acronym.islower() and full.islower():  # an all-lower-case page: "ecnu"
        acronym, full = acronym.upper(), " ".join(w if w in ("of", "and", "for", "the") else
                                                  w.capitalize() for w in full.split())
    if acronym.isupper() and " " not in acronym and _is_acronym(acronym, full, lex):
        return True
    if short and long[: len(short)] == short and (
            short[-1] not in lex.heads or all(_operates(w, lex) for w in long[len(short):])
            or long[len(short)] == "affiliated" or _affiliate_of(a, b)):
        return True  # "X Hospital" is "X Hospital affiliated to Y University" named in full
    if short and long[-len(short) :] == short and all(_operates(w, lex)
                                                       for w in long[: -len(short)]):
        return True  # "Management Committee of the Harbor Zone" runs the Harbor Zone
    if (len(short) > 1 and short[-1] in lex.heads and long[-len(short) :] == short
            and " ".join(long[: -len(short)]) in lex.not_alone):
        return True  # "Israel Rabin Medical Center": the country only says where it is
    if set(short) < set(long) and set(long) - set(short) <= lex.generic:
        return True
    if len(short) == 1 and _company_short_form(short[0], long, lex):
        return True  # "Xinrui" for "Shanghai Xinrui Biotech Co"
    if len(short) > 1 and _company_short_words(short, long, lex):
        return True  # "Kangrui Biomedical", "Lingang Group" for the company's full name
    short_name = b if short is b_words else a
    if (" " in short_name and any(len(w) > 1 and w.isupper() for w in short_name.split())
            and plain_tokens(_expand(short_name, long)) == long):
        return True  # "Eastlake University of TCM"
    if len(short) > 2 and _leaves_out_a_field(short, long, lex):
        return True
    if (len(short) > 1 and short_name.islower() and not (a if short is b_words else b).islower()
            and set(short) <= set(long)):
        return True  # a lower-case headline's "fudan school" for "School of X at Fudan University"
    if _unit_by_acronym(a, b, lex) or _unit_by_acronym(b, a, lex):
        return True
    return _same_place(short, long, lex.government_words) or _same_government(a, b, lex)


# Fields a body's school or faculty is named for: "UH Engineering" is the university's.
_DISCIPLINES = frozenset({"engineering", "medicine", "business", "law", "health", "science",
                          "sciences", "technology", "arts", "management", "pharmacy", "nursing",
                          "education", "design"})


def _unit_by_acronym(unit: str, body: str, lex: Lexicon) -> bool:
    """Whether a name is a field's school of a body by the body's acronym ("UH Engineering" of
    the University of Houston): one party, written as the body's own newsroom writes it."""
    words = unit.split()
    return (1 < len(words) <= 3 and words[0].isupper() and len(words[0]) > 1 and " " in body
            and all(w.lower() in _DISCIPLINES for w in words[1:])
            and _is_acronym(words[0], body, lex))


def _company_short_form(word: str, long: list[str], lex: Lexicon) -> bool:
    """Whether one word is what a company's name says after its place: "Xinrui" for "Shanghai
    Xinrui Biotech Co" (a company's name ends on a legal form or "Group")."""
    core = long
    while core and (core[0] in lex.generic or core[0] in lex.regions):
        core = core[1:]
    return (len(core) >= 2 and core[0] == word and word not in lex.heads
            and long[-1] in lex.company_heads)


def _affiliate_of(a: str, b: str) -> bool:
    """Whether one name is the other and, after a comma, the university it belongs to: "Ruijin
    Hospital" is "Ruijin Hospital, Harbor University School of Medicine"."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return long.startswith(short.rstrip(" ,") + ",")


def _company_short_words(short: list[str], long: list[str], lex: Lexicon) -> bool:
    """Whether a few words are a company's name after its place: its first words ("Kangrui
    Biomedical" for "Shanghai Kangrui Biomedical Technology Co", "Harbor Valley" for "Shanghai
    Harbor Valley Industrial Development Co"), or its first word and legal form ("Lingang
    Group" for "Shanghai Lingang Economic Development (Group) Co")."""
    if not _company_short_form(short[0], long, lex):
        return False
    core = long[long.index(short[0]) :]
    if core[: len(short)] == short:  # a park and the company that develops it are one party
        return short[-1] not in lex.heads or all(
            word not in lex.heads or word in lex.company_heads for word in core[len(short) :])
    rest = iter(core[1:])
    return (all(word in lex.company_heads for word in short[1:])
            and all(word in rest for word in short[1:]))  # in order, as a subsequence


def _operates(word: str, lex: Lexicon) -> bool:
    """A word that names the body running a place or the legal form of a company."""
    return word in lex.operator_words or word in lex.company_heads


def _is_acronym(acronym: str, full: str, lex: Lexicon) -> bool:
    """"ECU" for "Eastlake Coastal University"; "HSP" also for "Harbor Science Parks
    Corporation", whose operator word the short form leaves out."""
    # "(Group)" counts: "SIPG" for "Shanghai International Port (Group) Co"
    words = [w for w in full.replace("-", " ").replace("(", "").split() if w[0].isupper()]
    if words and acronym[:2] == words[0][:2].upper() and words[0][:2] in _PINYIN_DIGRAPHS:
        acronym = acronym[0] + acronym[2:]  # "SHNU" for "Shanghai Normal University"
    size = len(acronym)
    if 1 < size < len(words) and acronym == "".join(w[0] for w in words[:size]):
        return not _initials_end_on_head(words[:size], lex)
    syllables = _syllable_initials(words[0]) if words else None
    if syllables and acronym == syllables + "".join(w[0] for w in words[1:]):
        return True  # "ZZU" for "Zhengzhou University", "ZJU" for "Zhejiang University"
    while words:
        if acronym == "".join(w[0] for w in words):
            return True
        if words[-1].lower() not in lex.operator_words:
            return False
        words = words[:-1]
    return False


# A syllable of pinyin: an initial, then a final (the longest finals first).
_SYLLABLE = re.compile(r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|"
                       r"ong|uan|ian|iao|uai|van|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|er|"
                       r"a|o|e|i|u|v)")


def _syllable_initials(word: str) -> str | None:
    """The initials of a place name's pinyin syllables ("ZZ" of Zhengzhou, "NJ" of Nanjing),
    which Chinese universities' acronyms spell out; None for a word that is not two or three
    syllables of pinyin."""
    low, at, initials = word.lower(), 0, []
    while at < len(low):
        found = _SYLLABLE.match(low, at)
        if found is None:
            return None
        nxt = found.end()
        if nxt < len(low) and low[nxt - 1] in "ng" and low[nxt] in "aeiou" and nxt - 1 > at + 1:
            nxt -= 1  # a final's n or g opens the next syllable when a vowel follows ("He-nan")
        initials.append(low[at].upper())
        at = nxt
    return "".join(initials) if 2 <= len(initials) <= 3 else None


# Pinyin initials of two letters: Chinese acronyms often keep both ("SH" of Shanghai).
_PINYIN_DIGRAPHS = frozenset({"Sh", "Zh", "Ch"})


def _initials_end_on_head(words: list[str], lex: Lexicon) -> bool:
    """Whether the words an acronym spells make a whole name already ("EU" for "Eastlake
    University ..."), so that the acronym is not a short form of a longer name that starts so
    ("HK" for "Hong Kong Science Parks Corporation" is)."""
    return words[-1].lower() in lex.heads


def _expand(name: str, long: list[str]) -> str:
    """A name with its acronyms spelled out as the longer name spells them: "Eastlake University
    of TCM" against "eastlake university traditional chinese medicine"."""
    words = []
    for word in name.split():
        size = len(word)
        run = next((long[i : i + size] for i in range(len(long) - size + 1) if size > 1
                    and word.isupper() and "".join(w[0] for w in long[i : i + size]) == word.lower()),
                   None)
        words += run or [word]
    return " ".join(words)


def _leaves_out_a_field(short: list[str], long: list[str], lex: Lexicon) -> bool:
    """"Harbor Science Parks" for "Harbor Science and Technology Parks Corporation": the same
    words in order, less one field joined by "and" inside and the operator words at the end."""
    if len(short) < 3 or short[0] != long[0]:
        return False
    index, skipped = 0, []
    for word in long:
        if index < len(short) and word == short[index]:
            index += 1
        elif index < len(short):
            skipped.append(word)
        elif word not in lex.operator_words:
            return False
    return index == len(short) and 0 < len(skipped) <= 2 and skipped[0] in ("and", "&")


def _same_place(a_words: list[str], b_words: list[str], government: frozenset[str]) -> bool:
    """"Chonggu Town" and "Chonggu government": one place, named once by its kind and once by
    its government (differing only in such words, and both saying one of them)."""
    a_core = [w for w in a_words if w not in government]
    b_core = [w for w in b_words if w not in government]
    return bool(a_core) and a_core == b_core and len(a_core) < min(len(a_words), len(b_words))


_BRACKETED = re.compile(r"\([^()]*\)")
# Where a government's place lies, said after it: "X Town government of Y District".
_LIES_IN = re.compile(r"(?<=\bgovernment)\s+of\s+(?:the\s+)?[\w' -]+?(?:District|City|County)$")


def _same_government(a: str, b: str, lex: Lexicon) -> bool:
    """A place and its government named with more of its title: "Yarkant County" and "People's
    Government of Yarkant (Shache) County", "Yangpu District" and "Yangpu District People's
    Government of Shanghai Municipality", "X Town" and "X Town government of Y District" (a
    name in brackets and the region or district it lies in are left out of both)."""
    government = lex.government_words
    if not any(word in government for word in tokens(a)) or not any(
            word in government for word in tokens(b)):
        return False
    cores = [[w for w in plain_tokens(_BRACKETED.sub(" ", _LIES_IN.sub("", name)))
              if w not in government and w not in lex.regions] for name in (a, b)]
    return bool(cores[0]) and cores[0] == cores[1]


def merge(parties: list[str], reader: Reader) -> list[str]:
    """One entry per organisation, in the fullest form the article used."""
    merged: list[str] = []
    judged = reader.judged
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
        elif (len(reader.tokens(party)) > len(reader.tokens(merged[same]))
              or _unit_by_acronym(merged[same], party, reader.lex)):  # the body, not "UH Law"
            merged[same] = party
    return merged


def signed_for(parties: list[str], signers: list[str], reader: Reader) -> list[str]:
    """The parties less the places whose own bodies signed: when the article says who signed
    ("The agreement was signed by the X District Education Bureau and Y"), "X District" of
    its summary ("X District and Y inked a pact") was that bureau, not a party beside it."""
    place_heads = reader.lex.place_heads
    kept = []
    for party in parties:
        words = reader.tokens(party)
        if party not in signers and words and words[-1] in place_heads and any(
                len(body := reader.tokens(signer)) > len(words) + 1
                and body[: len(words)] == words and body[-1] not in place_heads
                for signer in signers):
            continue
        kept.append(party)
    return kept


def restated(parties: list[str], deals: list[list[str]], reader: Reader) -> list[str]:
    """The parties less a place that another deal sentence names again as its own body beside
    the same partner: "Putuo District and ECNU launched ..." told again as "The Putuo District
    Education Bureau and ECNU launched ..." is the bureau's deal (``deals``: the parties of each
    deal sentence)."""
    dropped: set[str] = set()
    for one in deals:
        for other in deals:
            shared = [p for p in one if any(p == q or same_party(p, q, reader) for q in other)]
            if other is not one and shared:
                dropped |= {p for p in one if p not in shared and not signed_for([p], other, reader)}
    return [p for p in parties if p not in dropped]


def is_generic(party: str, reader: Reader) -> bool:
    """Only organisation words ("District Government"): a reference, not a name."""
    return _generic(reader.tokens(party), reader.lex)


def _generic(words: list[str], lex: Lexicon) -> bool:
    heads = lex.heads
    return all(t in heads or t in ("the", "municipal", "people's") for t in words)


_FORMED = re.compile(r"\b(?:alliance|consortium|coalition|league)s?\b", re.IGNORECASE)


def verdict_parties(named: list[str], batches: list[tuple[Names, bool]], blocks: Sequence[str],
                    sentences: Callable[[int], Sequence[str]], lead_text: str, reader: Reader,
                    gazetteer: Gazetteer | None, hosts: Sequence[str] = (),
                    further: Sequence[str] = (), compounds: Sequence[str] = ()) -> list[str]:
    """The parties of a verdict: those the deal sentences name, and for each batch of deals
    (its sentence, and whether its host counts) the place that hosts it, the members it lists
    ("such as A, B and C") and the companies the principal part names; the places that
    headlines say signed a batch (``hosts``: "Jiading signs 23 projects") only when these are
    fewer than two; an alliance's founders also from the ``further`` paragraphs after the
    principal part. Then resolved and merged by ``final_parties``."""
    if batches:
        listed = [member for read, _ in batches for member in members(read)]
        if any(_FORMED.search(read.masked) for read, _ in batches):
            listed = unique(listed + founders(blocks, sentences, reader)  # or a paragraph later
                            + founders(further, lambda i: split_sentences(further[i]), reader))
        # The founders of an alliance are its parties; where it was set up is only the venue.
        formed = len(listed) > 1 and any(_FORMED.search(read.masked) for read, _ in batches)
        places = [] if formed else [place for read, hosted in batches if hosted
                                    for place in _host(read, lead_text, reader, gazetteer)]
        others = unique(places + listed + companies(blocks, sentences, reader))
        if len(merge(named + others, reader)) < 2:
            others = unique([*hosts, *others])
        named = named + others
    else:
        named = [*named, *hosts]
    if _fewer_than_two(named, reader):  # ("City Hospital signs deal": no name yet)
        named = named + enumerated(blocks, sentences, reader)
    if _fewer_than_two(named, reader):
        named = named + list(compounds)
    return final_parties(named, blocks, sentences, lead_text, reader, gazetteer)


def _fewer_than_two(named: list[str], reader: Reader) -> bool:
    """Whether the names read make fewer than two parties, generic ones left out."""
    return len(merge([p for p in named if not is_generic(p, reader)], reader)) < 2


_THE_DISTRICT = re.compile(r"\b(?:in|with|for|to)\s+the\s+district\b", re.IGNORECASE)


def _host(read: Names, lead_text: str, reader: Reader, gazetteer: Gazetteer | None) -> list[str]:
    """The place a batch was signed in or with: named ("signed in Minhang"), or "the district"
    the article is about ("30 companies signed contracts to set up in the district")."""
    found = host(read, reader, gazetteer)
    if (not found and gazetteer is not None and _THE_DISTRICT.search(read.masked)
            and not _FORMED.search(read.masked)):  # (an alliance's venue is no party)
        district = _district(lead_text, gazetteer)
        return [district] if district else []
    return found


# Sentences of an article on an alliance that name its members: "Other founding members include
# A and B", "A became a founding member of the alliance".
_FOUNDERS = re.compile(r"\bmembers?\s+(?:of\s+[^,;:]{1,100}?\s+)?(?:are|were|include|included)\b"
                       r"|\b(?:became|becomes|is|was)\s+(?:a|one\s+of\s+the)\s+(?:founding\s+)?"
                       r"member", re.IGNORECASE)
# "The alliance consists of 12 universities: A, B, ...": its members, said without the word.
_COMPOSED = re.compile(r"\b(?:alliance|consortium|coalition|league)\s+(?:consists\s+of|is\s+made\s+up\s+of|"
                       r"comprises|is\s+composed\s+of|brings\s+together)\s", re.IGNORECASE)
_MEMBER_OF = re.compile(r"\s+(?:became|becomes|is|was)\s+(?:a|one\s+of\s+the)\s+", re.IGNORECASE)


def founders(blocks: Sequence[str], sentences: Callable[[int], Sequence[str]],
             reader: Reader) -> list[str]:
    """The members an article on an alliance names anywhere in its principal part: those its
    member lists give, and the subject of "A became a founding member of the alliance"."""
    found: list[str] = []
    for index, block in enumerate(blocks):
        if "member" not in block and not _COMPOSED.search(block):
            continue
        for text in sentences(index):
            if not (_FOUNDERS.search(text) or _COMPOSED.search(text)):
                continue
            read = reader.read(text)
            found += members(read)
            first = read.names[0] if read.names else None
            if first is not None and _MEMBER_OF.match(read.masked, first.end):
                found += list(first.parts)
    return found


# A sentence that names what an earlier one counted: "The four are A, B, C and D."
_ENUMERATION = re.compile(r"\s*(?:The|These|They)\s+(?:(?:two|three|four|five|six|seven|eight|nine|"
                          r"ten|\d+)\s+)?(?:[a-z]+\s+){0,2}?(?:are|were|include)\s+")


# "The agreement between A and B aims to ...": the deal named again with its parties.
_DEAL_BETWEEN = re.compile(r"\b(?:the|this|an?)\s+(?:[\w-]+\s+){0,3}?(?:agreement|memorandum|MoU|MOU|pact|"
                           r"contract|accord)\s+(?:(?:was\s+)?signed\s+|is\s+|was\s+)?between\s+",
                           re.IGNORECASE)


def enumerated(blocks: Sequence[str], sentences: Callable[[int], Sequence[str]],
               reader: Reader) -> list[str]:
    """The names the principal part enumerates, for a deal that names fewer than two parties
    ("signed letters of intent with four companies. The four are A, B, C and D."), names
    with the deal again ("An agreement was signed on Thursday. The agreement between A and B
    aims to ..."), or the makers of what it set up ("The new institute, created by A and B,")."""
    found: list[str] = []
    for index, block in enumerate(blocks):
        enumerates = " are " in block or " were " in block or " include " in block
        if not (enumerates or " between " in block or " by " in block):
            continue
        for text in sentences(index):
            opening = _ENUMERATION.match(text) if enumerates else None
            if opening:
                unit = _UNIT_OF.match(text, opening.end())  # "the asset management arm of A"
                start = unit.end() if unit else opening.end()
                found += [item for name in list_after(reader.read(text), start)  # each its own:
                          for item in ([name] if " of " in name else _AND_CAPITAL.split(name))]
                # "A and B", but "University of Science and Technology of China" is one
            elif " between " in text and (deal := _DEAL_BETWEEN.search(text)):
                found += list_after(reader.read(text), deal.end())
            elif " among " in text and _AMONG_SIGNERS.search(text):
                found += leading_names(reader.read(text), reader)
            elif " by " in text and (made := _MADE_BY.match(text)):
                found += list_after(reader.read(text), made.end())
    return found


_AND_CAPITAL = re.compile(r"\s+and\s+(?=[A-Z])")
# "The new institute, created by A, B and C, will ...": who made the body the deal set up.
_MADE_BY = re.compile(r"\W*(?:The|This|It)\b[^.;]{0,60}?\b(?:jointly\s+)?(?:created|founded|"
                      r"co-?founded|set\s+up|established|built|co-built|initiated|started)\s+"
                      r"(?:jointly\s+)?by\s+")
# "These include the asset management arm of A and B": the company the unit belongs to.
_UNIT_OF = re.compile(r"(?:the|an?)\s+(?:[a-z-]+\s+){1,3}of\s+(?=[A-Z])")
# "A was among the companies that signed contracts": a signer the batch leaves unnamed.
_AMONG_SIGNERS = re.compile(r"\b(?:was|were)\s+among\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:companies|firms|"
                            r"enterprises|investors|institutions|those)\s+(?:(?:that|which|who)\s+"
                            r"(?:\w+\s+)?(?:signed|inked)|signing|inking)\b")


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
        if not keys.isdisjoint(_ANY_COMPANY):
            keys |= lex.company_heads  # "the company" is a name ending on any of them
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
            if party in resolved:
                continue
            # A short form of another party the verdict names is that party, not a fuller name
            # that only shares its first word ("Harbor" beside "Shanghai Harbor (Group) Co").
            resolved[party] = party if not is_generic(party, reader) and any(
                other != party and same_party(party, other, reader) for other in named) else _resolve(
                party, by_first, by_last, lead_text, lex, gazetteer)
        named = [resolved[party] for party in named]
    named = [p for p in named if not is_generic(p, reader) or _city_government(reader.tokens(p))]
    defined = short_forms(lead_text, reader)
    named = [defined.get(p, p) for p in named]
    if any(_ACRONYM.fullmatch(p) for p in named):
        named = [spelled_out(p, blocks, sentences, reader) if _ACRONYM.fullmatch(p) else p
                 for p in named]
    named = [_named_whole(p, named, reader) for p in named]
    return merge([p for p in named if not _describes(p, named, reader, gazetteer)], reader)


_ACRONYM = re.compile(r"[A-Z]{2,7}")


def spelled_out(acronym: str, blocks: Sequence[str], sentences: Callable[[int], Sequence[str]],
                 reader: Reader) -> str:
    """An acronym as the name it stands for, when the principal part writes that name in full
    ("ZZU" after "Zhengzhou University" in the headline); else the acronym."""
    for index, block in enumerate(blocks):
        if acronym[0] not in block:
            continue
        for text in sentences(index):
            for name in reader.read(text).names:
                for part in name.parts:
                    if " " in part and part[0] == acronym[0] and _is_acronym(acronym, part, reader.lex):
                        return part
    return acronym


# A short form the article defines in parentheses after the full name: "Shanghai University (SHU)".
_DEFINED = re.compile(r"[ \t]\(([A-Z](?=[A-Za-z0-9&]*[A-Z0-9])[A-Za-z0-9&]{1,9})\)")  # "(SHU)", "(CityU)"


def short_forms(text: str, reader: Reader) -> dict[str, str]:
    """The short forms an article defines, each as the name written right before it; short
    forms need not spell the name's initials ("SHU" for Shanghai University)."""
    found: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        before = text[max(0, match.start() - 200) : match.start()]
        before = before[max(before.rfind("\n"), before.rfind(". ")) + 1 :]
        names = reader.names(before)
        if names and names[-1].end == len(before) and match.group(1) not in found:
            found[match.group(1)] = names[-1].parts[-1]
    return found


def _named_whole(party: str, named: list[str], reader: Reader) -> str:
    """A one-word party as the longer name of another party that holds the word: "fudan" of a
    lower-case headline beside "School of Optics at Fudan University" is that school."""
    words = reader.tokens(party)
    if len(words) != 1:
        return party
    return next((other for other in named if other != party
                 and len(other_words := reader.tokens(other)) > 2 and words[0] in other_words),
                party)


def _describes(party: str, named: list[str], reader: Reader, gazetteer: Gazetteer | None) -> bool:
    """Whether a party only describes another: a place's name and a lower-case kind of place
    it holds ("Fengxian town": a town in Fengxian; "Yunnan county": a county in Yunnan) is the
    place of that kind the article names ("Zhuanghang Town government", "Menglian County"),
    not a party of its own. Without one it stays."""
    *place, kind = party.split() or [""]
    if not (place and kind.islower() and _holds_kind(" ".join(place), kind, reader, gazetteer)):
        return False
    return any(other != party and any(word.lower() == kind and not word.islower()
                                      for word in other.split()) for other in named)


# The kinds of place a province, region or municipality holds.
_REGION_HOLDS = frozenset({"district", "county", "city", "town", "township", "village",
                           "prefecture"})


def _holds_kind(place: str, kind: str, reader: Reader, gazetteer: Gazetteer | None) -> bool:
    """Whether a place is one that holds places of ``kind``: a region holds districts and
    counties, a district its towns and parks."""
    if place.lower() in reader.lex.regions:
        return kind in _REGION_HOLDS
    if kind not in reader.lex.within_district or gazetteer is None:
        return False
    mentions = find_mentions(place, gazetteer)
    return (len(mentions) == 1 and mentions[0].text == place
            and mentions[0].label in gazetteer.districts)


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
    for index, block in enumerate(blocks):  # "The projects involve firms such as A, B and C."
        if " such as " in block or " including " in block:
            for text in sentences(index):
                if (kind := _FIRMS_SUCH_AS.search(text)) is not None:
                    found += [item for name in list_after(reader.read(text), kind.end())
                              for item in _AND_CAPITAL.split(name)]
    return found


# A later sentence that gives a batch's companies as examples of a kind.
_FIRMS_SUCH_AS = re.compile(r"\b(?:firms|companies|enterprises|investors|corporations|groups|"
                            r"businesses)\s*,?\s+(?:such\s+as|including)\s+(?:the\s+)?")


def _resolve(party: str, by_first: dict[str, list[tuple[str, list[str]]]],
             by_last: dict[str, list[tuple[str, list[str]]]], lead_text: str, lex: Lexicon,
             gazetteer: Gazetteer | None) -> str:
    """A short form as the fuller name the principal part uses: "Fudan" → "Fudan University";
    "the District Government" → the district the article names. The names the principal part
    uses (with their tokens, in order) come by their first and by their last token."""
    words = tokens(party)
    if words and _generic(words, lex):
        if words[-1] in ("district", "government") and gazetteer is not None and not _city_government(words):
            return _district(lead_text, gazetteer) or party
        if words[-1] in _ANY_COMPANY:  # "the company": the first company the article named
            firms = [n for named in by_last.values() for n, n_words in named
                     if n_words[-1] in lex.company_heads and not _generic(n_words, lex)]
            return min(firms, key=lambda n: (lead_text.find(n) % (len(lead_text) + 1)), default=party)
        return next((n for n, n_words in by_last.get(words[-1], ())
                     if not _generic(n_words, lex)), party)
    if not words or words[-1] in lex.heads or " ".join(words) in lex.not_alone:
        return party  # (a bare city is itself, not "Shanghai Daily" of the byline)
    # an acronym is a whole name ("SHNU History Museum" is SHNU's museum), but a company's name
    # may open on it ("SAIC" of "SAIC Motor Corp")
    heads = lex.company_heads if party.isupper() and len(party) > 2 else lex.heads
    size = len(words)
    fuller = Counter(n for n, n_words in by_first.get(words[0], ())
                     if len(n_words) - size in (1, 2) and n_words[:size] == words
                     and n_words[-1] in heads)
    return fuller.most_common(1)[0][0] if fuller else party


# References to a company by its kind whatever its name ends on ("Co", "Group", "Ltd").
_ANY_COMPANY = frozenset({"company"})


def _city_government(words: list[str]) -> bool:
    """"The city government" of a Shanghai page: a party as written, and no district's."""
    return words[-1] == "government" and ("city" in words or "municipal" in words)


def _district(lead_text: str, gazetteer: Gazetteer) -> str | None:
    """The first district the principal part names, with "District" if it is written so."""
    for mention in find_mentions(lead_text, gazetteer):
        if mention.label in gazetteer.districts:
            written = re.search(rf"\b{re.escape(mention.text)}\s+District\b", lead_text, re.I)
            return written.group() if written else f"{mention.label} District"
    return None


# Two bodies joined by a hyphen or dash in the name of what they made together: "the SJTU-Wuxi
# Research Institute", "Fudan University-Minhang District Joint Laboratory", "the joint research
# center of A - B". The first side is a capitalised phrase of up to six words; the second is read
# word by word from the dash (see ``_second``).
_COMPOUND = re.compile(r"(?<![\w'.&-])((?:[A-Z][\w'.&]*\s+){0,5}?[A-Z][\w'.&]*)(-|–|\s[-–]\s)"
                       r"((?:[A-Z][\w'.&]*\s+){0,5}[A-Z][\w'.&]*)(?![\w'-])")
# The words of a made body's name after the compound, and the head it follows ("center of").
_NAME_AFTER = re.compile(r"(?:\s+(?:[A-Z][\w'-]*|of|for|and|on|in|joint))*")
_DOCUMENTS = frozenset({"joint", "agreement", "memorandum", "mou", "partnership", "framework",
                        "contract", "pact"})  # "the UM-SJTU Strategic Partnership Agreement"
_MADE_BEFORE = re.compile(r"\b(\w+)\s+of\s+(?:the\s+)?[\"“‘']?$")


def compound_parties(texts: Iterable[str], reader: Reader, known: Callable[[str], bool]) -> list[str]:
    """The two bodies a made body's compound name joins ("the Minhang-ECNU Institute"), for a
    deal whose sentences name fewer than two parties: each side a body ``known`` (the
    gazetteer) lists, an acronym, or a name that ends on an organisation's head."""
    made = reader.lex.heads | _DOCUMENTS  # a lab they made, or the deal they signed
    found: list[str] = []
    for text in texts:
        text = text.replace("’", "'")
        for match in _COMPOUND.finditer(text):
            first = _first(match.group(1), reader, known)
            second = _second([w.rstrip("'") for w in match.group(3).split()],  # "... Institute’"
                             match.group(2) != "-", reader, known)
            if not (first and second) or first == second or (
                    len(first) < 3 and len(second) < 3):  # two short forms: "UM-SJTU", not "EU-UK"
                continue
            after = _NAME_AFTER.match(text, match.start(3) + len(second))
            before = _MADE_BEFORE.search(text, 0, match.start())
            if made.intersection(after.group().lower().split()) or (
                    before and before.group(1).lower() in made):
                found += [first, second]
    return unique(found)


def _first(side: str, reader: Reader, known: Callable[[str], bool]) -> str | None:
    """The body before the dash: listed, an acronym, or a name ending on a head ("The" left out)."""
    words = side.split()
    if words[0] in ("The", "A", "An"):
        words = words[1:]
    side = " ".join(words)
    if side and (known(side) or (side.isupper() and len(side) > 1)
                 or (len(words) > 1 and words[-1].lower() in reader.lex.heads)):
        return side
    return None


def _second(words: list[str], spaced: bool, reader: Reader,
            known: Callable[[str], bool]) -> str | None:
    """The body after the dash: the shortest run of its words that is listed or an acronym
    ("Wuxi" of "SJTU-Wuxi Research Institute"); after a spaced dash, between two full names,
    else the longest run that ends on a head ("A - Worcester Polytechnic Institute")."""
    for end in range(1, len(words) + 1):
        side = " ".join(words[:end])
        if known(side) or (end == 1 and side.isupper() and len(side) > 1):
            return side
    if spaced:
        for end in range(len(words), 1, -1):
            if words[end - 1].lower() in reader.lex.heads:
                return " ".join(words[:end])
    return None
