"""Which of a sentence's names a deal verb joins: its coordinated subject and the lists after it.

Around a deal verb the parties are the coordinated subject before it ("A, B and C signed"), the
lists after "with", "between" and "by", and, for a batch of deals, the place that hosts it and
the members it lists. Reading is deliberately shallow: no parser, only the punctuation and small
words a news sentence uses to join names, so a user can follow why a party was or was not read.
The same small words say which names are no party: the object of an opening phrase ("Supported
by X, A and B signed"), a region that says where a place is ("Y County in Z Prefecture, W
Region"), a source ("..., X reported"), an event's host or a witness ("hosted by X").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from monitor.tag.districts import Gazetteer, find_mentions
from monitor.tag.names import Name, Names, Reader, tokens
from monitor.tag.patterns import Anchored

__all__ = ["agents", "around", "cue_lists", "host", "indirect", "is_place", "leading_names",
           "list_after", "members", "subject_before", "unique"]


# "the city of" before a name: "Qingpu District and the city of Jiaxing signed ...".
_PLACE_OF = r"(?:(?:city|province|municipality|county|prefecture)\s+of\s+)?"
# "A and its subsidiary B": the subsidiary is a party of its own.
_RELATIVE = (r"(?:its|their)\s+(?:[a-z][\w-]*\s+){0,2}?(?:subsidiary|subsidiaries|parent\s+company|"
             r"affiliate|unit)\s+")
# "A and the prestigious B": one word that praises or places the next party.
_EPITHET = (r"(?:(?:prestigious|renowned|leading|famous|well-known|local|state-owned|municipal|"
            r"provincial|national|neighboring|neighbouring)\s+)?")
# A name described before it: "with Japanese carmaker X", "with the US company X", "with local
# start-up X"; "with Eastland carmaker X" (a place that only describes X).
_NOUNS = (r"(?:company|companies|firm|[a-z]*maker|start-up|startup|developer|giant|"
          r"manufacturer|supplier|producer|provider|operator|retailer|investor|partner|partners)\s+")
# The office of a body whose holder signed for it: "with the president of A, Li Ming, and the
# vice-president of B" (the holders' names are blanked by then): the bodies are the parties.
_OFFICE_OF = (r"(?:(?:vice|deputy|executive)[\s-])?(?:president|chairman|chairwoman|chair|"
              r"director|dean|head|mayor|governor|secretary|principal|rector|provost|chancellor|"
              r"ceo|chief\s+executive|general\s+manager)\s+of\s+(?:the\s+)?")
_COORDINATOR = re.compile(r"^\s*,?\s*(?:(?:and|or|&|together\s+with|along\s+with|as\s+well\s+as)"
                          rf"\s+(?:{_RELATIVE})?)?(?:the\s+(?:{_OFFICE_OF}|{_EPITHET}))?{_PLACE_OF}"
                          rf"(?:(?:[a-z][\w-]*\s+){{0,3}}?{_NOUNS})?$",  # "and battery provider B"
                          re.IGNORECASE)
_JOINING = re.compile(r"&|\band\b|\bor\b|\bwith\b|\bas\s+well\s+as\b")
_MODIFIER = re.compile(r"^\s+(?:(?:cities|city|counties|districts|towns|provinces)\s+)?"
                       r"(?:in|from|of|at|under)"
                       r"\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}$")  # "A and B cities in Eastland Province"
# Between a subject and its deal verb: auxiliaries, adverbs, and a light verb taking the deal as
# its object ("A and B have announced the renewal of ...", "held a ... signing ceremony"); the
# comma that closes an aside ("A and B in C, Eastland, have signed").
_AUXILIARY = re.compile(r"^(?:\s*,(?=\s+(?:have|has|had)\b))?"
                        r"(?:\s+(?:have|has|had|was|were|is|are|also|now|just|both|all|then|"
                        r"today|yesterday|together|\w+ly|on\s+\w+day|among\s+those|"
                        r"among\s+the\s+(?:companies|firms|enterprises|institutions)))*(?:\s+(?:announced|"
                        r"announces?|held|holds?|celebrated|witnessed|completed|marked|hosted|"
                        r"conducted|attended)(?:\s+(?:the|a|an|their|its))?"
                        r"(?:\s+[a-z][\w-]*){0,3}"
                        # "held a joint opening ceremony for the newly established X"
                        r"(?:\s+ceremon(?:y|ies)\s+(?:for|of)\s+(?:the|their|a|an)"
                        r"(?:\s+(?:newly|jointly|recently))*)?)?\s*$", re.IGNORECASE)
# "such as A, B and C"; "its founding members are A, B and C"; "the members of the X Alliance
# include A and B"; "it was initiated (led) by A and B"; "it brings together / is made up of A
# and B".
_MEMBER_CUE = Anchored(re.compile(r"\b(?:such\s+as|including|includes|include|members\s+(?:of\s+"
                                  r"(?:the\s+)?[^,;:]{1,100}?\s+)?(?:are|were|include|included)|"
                                  r"(?:initiated|founded|co-founded|led|co-led)\s+by|"
                                  r"(?:brings|brought|bringing)\s+together|"
                                  r"(?:made\s+up|consists?|consisting|composed)\s+of|"
                                  r"comprises|comprising)\s+", re.I))
_DESCRIBED = rf"(?:[A-Za-z][\w.'-]*\s+){{0,3}}?{_NOUNS}"
# After it, the examples of a described kind: "with AI companies including A, B and C".
_DESCRIPTOR = re.compile(rf"^\s+(?!(?:and|or)\s)(?:[a-z][\w-]*\s+){{0,2}}?{_NOUNS}"
                         r"(?:(?:including|such\s+as|like)\s+(?:the\s+)?)?$")
# Before the first name of a list: nothing, "the", an unnamed party joined to the names ("by the
# local chamber and A University"), or a count and its examples ("a dozen firms such as A").
# Or the people who signed for them ("by officials from A and B") or a count and a colon ("with
# three universities: A, B and C").
_LIST_START = re.compile(rf"^\s*(?:the\s+)?{_EPITHET}(?:{_OFFICE_OF}|"
                         r"(?:[a-z0-9][\w-]*\s+){0,4}[a-z][\w-]*\s*(?:,|:|\s+and)\s+"
                         r"(?:the\s+)?|(?:[\w-]+,?\s+){0,6}?(?:such\s+as|including|namely)\s+(?:the\s+)?"
                         r"|(?:municipal\s+|provincial\s+|people's\s+)?government\s+of\s+(?:the\s+)?"
                         r"|(?:[a-z][\w-]*\s+){0,2}(?:officials|representatives|leaders|heads|"
                         r"delegates|delegations)\s+(?:of|from)\s+(?:the\s+)?"
                         rf"|{_DESCRIBED})?"
                         rf"{_PLACE_OF}$")
# "an event hosted by X", "witnessed by X", "reported by X": who held, saw or told of a deal, not
# who made it.
_NOT_SIGNERS = re.compile(r"\b(?:hosted|co-hosted|organi[sz]ed|co-organi[sz]ed|sponsored|"
                          r"witnessed|attended|chaired|presided\s+over|reported|published|"
                          r"covered|moderated|addressed)\s+$", re.IGNORECASE)
# What runs between two places, whose ends are no parties: "services between A and B".
_ROUTE = re.compile(r"\b(?:services?|routes?|lines?|flights?|links?|shipping|railway|rail|trains?|"
                    r"bridge|tunnel|travel|traffic|voyages?)\s+$", re.IGNORECASE)
_WITNESSED_BY = re.compile(r"\b(?:hosted|co-hosted|organi[sz]ed|co-organi[sz]ed|sponsored|"
                          r"witnessed|attended|chaired|presided\s+over)\s+by\b", re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|of|from|for|on|by|with|to|near)\s+(?:the\s+)?$", re.I)
_HOSTED = re.compile(r"\b(?:in|for)\s+(?:the\s+)?$")
# The end of an opening phrase whose object a comma closes: "Supported by the X, A and B ...",
# "Under the guidance of X, ...", "At X, ...".
_INTRODUCED = re.compile(r"\b(?:by|of|at|in|on|under|with|for|from|after|during|before|through|"
                         r"via|besides)\s+(?:the\s+)?$", re.IGNORECASE)
# Between a passive verb and "by": an adverb, a day, a place ("set up on Tuesday in X by",
# "signed last Friday by", "signed on Oct 29 by").
_PASSIVE_GAP = re.compile(r"(?:\s+(?:on\s+\w+(?:\s+\d{1,2}\b)?|(?:last|this)\s+\w+|"
                          r"in\s+[\w\s]{1,40}?|\w+ly|jointly|together))*\s*$")
# Where a name is, said by words that are no party alone ("in Shanghai", "in the UK"): before
# "and" another name follows, before the verb the subject ends.
_PLACE_WORDS = r"(?:in|of|from)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,3}"
_PLACED_AND = re.compile(rf"^\s+{_PLACE_WORDS}(?:and|&)\s+(?:the\s+)?$")
_PLACED = re.compile(rf"^\s+{_PLACE_WORDS}")


def _past_place(gap: str) -> str:
    """The gap between a subject and its verb without a place said after the subject."""
    placed = _PLACED.match(gap)
    return " " + gap[placed.end() :] if placed else gap


# A subject that is a group of the names after it: "A consortium of", "A team of the".
_GROUP_OF = re.compile(r"^\W*(?:an?|the)\s+(?:[a-z-]+\s+){1,2}of\s+(?:the\s+)?$",
                       re.IGNORECASE)
# "A, along with B, signed": the comma before the verb closes an aside that joins B to A.
_ALONG = re.compile(r",\s*(?:along|together)\s+with\s+(?:the\s+)?$", re.IGNORECASE)
# A deal told in a participle clause after the main one: "A has settled in B, signing a deal".
_PARTICIPLE = re.compile(r"[a-z]+ing\b", re.IGNORECASE)
# After a name, the verb of a source the news is attributed to.
_SOURCE = re.compile(r"\s+(?:reported|reports|said|says|told|announced|wrote|added)\b")
# Last words of a region that qualifies a place named before it ("Zepu County in Kashgar
# Prefecture, Xinjiang Uygur Autonomous Region"), rather than a party of its own.
_REGION_WORDS = frozenset({"province", "region", "prefecture"})
_REGION_END = re.compile(r"(?:province|region|prefecture)\s*$", re.IGNORECASE)
# "A delegation from X visited Y": the two sides a later "they" means are X and Y.
# So do "Officials from X met (with) a delegation from Y".
_ENVOYS = r"(?:delegation|delegations|team|officials|representatives|leaders|delegates|executives)"
_VISITORS = re.compile(rf"^\s*(?:(?:an?|the)\s+)?(?:[\w-]+\s+){{0,3}}?{_ENVOYS}\s+(?:from|of)\s+"
                       r"(?:the\s+)?$", re.IGNORECASE)
_VISITED = re.compile(r"^\s+(?:(?:on\s+\w+day|\w+ly|recently|last\s+week)\s+)?(?:visited|"
                      r"paid\s+an?\s+(?:[\w-]+\s+){0,2}visit\s+to|travel(?:l)?ed\s+to|came\s+to|"
                      r"met(?:\s+with)?|held\s+talks\s+with)"
                      rf"\s+(?:the\s+)?(?:(?:an?\s+)?(?:[\w-]+\s+){{0,2}}?{_ENVOYS}\s+(?:from|of)\s+"
                      r"(?:the\s+)?)?$", re.IGNORECASE)


# Where the names before it are, then the next name: "A and B in Shanghai, C in ..." (a place
# that is never a party alone, so no name of its own).
_PLACED_IN_LIST = re.compile(r"^\s+in\s+[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2}(?=\s*,|\s+and\s)")


def _is_coordinator(gap: str) -> bool:
    placed = _PLACED_IN_LIST.match(gap)
    if placed:
        gap = gap[placed.end() :]
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
        if (masked[pos : name.end].split() or [""])[0].lower() in reader.lex.heads:
            continue  # "The X Alliance was set up": the rule matched the head of what was set up
        cut = reader.names(masked[name.start : pos].rstrip())
        before += [Name(name.start + n.start, name.start + n.end, n.parts) for n in cut]
    if not before or not (_AUXILIARY.match(_past_place(masked[before[-1].end : pos]))
                          or _closes_aside(masked, before[-1], pos)):
        return (_participle_subject(read, pos, reader)
                or _definite_subject(masked, before[-1].end if before else 0, pos)), False
    chain, joined = [before[-1]], len(before[-1].parts) > 1
    for prev in reversed(before[:-1]):
        gap = masked[prev.end : chain[0].start]
        if _MODIFIER.match(gap):  # "Ningbo in Zhejiang Province": the first name is the subject
            chain[0], joined = prev, joined or len(prev.parts) > 1
            while len(chain) > 1 and _is_region(chain[1], masked):
                del chain[1]  # "Zepu County in Kashgar Prefecture, Xinjiang Region, signed"
        elif _PLACED_AND.match(gap):  # "A in Shanghai and B signed": where A is, then B
            chain.insert(0, prev)
            joined = True
        elif gap.strip() == "," and len(chain) == 1 and _qualifies(chain[0], prev, masked):
            chain[0] = prev  # "Haimen District of Nantong City, Jiangsu Province, signed"
        elif _is_coordinator(gap):
            if gap.strip() == "," and _ends_opening_phrase(read, prev, reader):
                break  # "Supported by X, A and B signed": X ends an opening phrase
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
    opened = _DEFINITE_FIRST.fullmatch(masked, 0, chain[0].start)
    if opened:  # "The university and Harbor Group signed"
        return [opened.group(1).lower(), *_parts(chain)], True
    return _parts(chain), joined


# Places a province or region holds: after one of these, ", X Province" says where it is.
_HELD_PLACES = frozenset({"district", "city", "county", "town", "township", "village"})


def _qualifies(region: Name, place: Name, masked: str) -> bool:
    """Whether a region set off by commas says where the place before it is ("Haimen District
    of Nantong City, Jiangsu Province, signed"), rather than being a party listed after it
    ("Anhui Province, Jiangsu Province and ..." lists provinces)."""
    words = tokens(place.parts[-1])
    return (len(region.parts) == 1 and _is_region(region, masked) and bool(words)
            and (words[-1] in _HELD_PLACES or (len(words) == 1 and not _is_region(place, masked)))
            and masked[region.end :].lstrip().startswith(","))  # (or a bare city: "Bengbu, Anhui Province,")


def _ends_opening_phrase(read: Names, name: Name, reader: Reader) -> bool:
    """Whether a name is the object of the phrase the sentence opens with ("Under the guidance
    of X, ..."): a preposition before it, and no name before that but the sentence's first word."""
    if _GROUP_OF.match(read.masked, 0, name.start):
        return False  # "A consortium of X, Y and Z signed": the subject is the group
    earlier = [n for n in read.names if n.end <= name.start]
    if len(earlier) > 1 or (earlier and not _is_first_word(read, earlier[0], reader)):
        return False
    return _INTRODUCED.search(read.masked, 0, name.start) is not None


def _is_first_word(read: Names, name: Name, reader: Reader) -> bool:
    part = name.parts[0]
    return (not read.masked[: name.start].strip(" \"“'‘") and " " not in part
            and not reader.is_name(part))


def _closes_aside(masked: str, last: Name, pos: int) -> bool:
    return (masked[last.end : pos].strip() == "," and _ALONG.search(masked, 0, last.start)
            is not None)


def _participle_subject(read: Names, pos: int, reader: Reader) -> list[str]:
    """The subject of the main clause, for a deal verb that opens a participle clause after a
    comma: the names the sentence opens with, when it opens with one."""
    masked = read.masked
    if not (masked[:pos].rstrip().endswith(",") and _PARTICIPLE.match(masked, pos)):
        return []
    first = read.names[0] if read.names else None
    if first is None or first.end > pos or masked[: first.start].strip(" \"“'‘"):
        return []
    if " " not in first.parts[0] and not reader.is_name(first.parts[0]):
        return []  # "Officials ..., signing": a capitalised first word, not a name
    return [part for part in list_after(read, first.start) if masked.find(part, 0, pos) >= 0]


def around(read: Names, start: int, end: int, reader: Reader) -> tuple[list[str], bool]:
    """The parties a deal verb at [start, end) names: its coordinated subject, then the lists
    after "with", "by" and "between"; and whether the subject was coordinated."""
    subject, joined = subject_before(read, start, reader)
    listed = cue_lists(read, end)
    # "was jointly set up by A, B and C": the passive's agents are coordinated too
    return unique(subject + listed), joined or len(_agents(read, end)) > 1


def agents(read: Names, end: int) -> list[str]:
    """The agents of a passive deal verb ending at ``end`` ("was signed by A and B")."""
    return _agents(read, end)


def _agents(read: Names, end: int) -> list[str]:
    """The list right after "by" following a passive verb that ends at ``end``: "set up on
    Tuesday by A, B and C"."""
    masked = read.masked
    for word, start, stop in read.cues:
        if start >= end:
            if word == "by" and _PASSIVE_GAP.match(masked, end, start):
                return list_after(read, stop)
            break
    return []


def list_after(read: Names, pos: int) -> list[str]:
    """The coordinated list starting at ``pos`` ("with A, B and C in D" gives A, B, C), or the
    body a definite description stands for ("with the bank": resolved later to the bank the
    article named)."""
    masked = read.masked
    after = [n for n in read.names if n.start >= pos]
    if not after or not _LIST_START.match(masked[pos : after[0].start]):
        definite = _DEFINITE_OBJECT.match(masked, pos)
        return [definite.group(1).lower()] if definite else []
    if _WITNESSED_BY.search(masked, pos, after[0].start):
        return []  # "..., witnessed by officials from A and B": who saw it signed nothing
    chain, end, modified = [after[0]], after[0].end, False
    for nxt in after[1:]:
        gap = masked[end : nxt.start]
        if len(chain) == 1 and _DESCRIPTOR.match(gap):
            chain[0], end = nxt, nxt.end  # "with Eastland carmaker Meridian": a place describes
            continue
        modifier = _MODIFIER.match(gap)
        if not (modifier or _is_coordinator(gap)):
            break
        if gap.strip() == "," and _SOURCE.match(masked, nxt.end):
            break  # "with A, Harbor Daily reported": the source of the news
        # "A in Taizhou, Jiangsu Province, B and C": the province still says where A is.
        qualifier = gap.strip() == "," and ((modified and _is_region(nxt, masked))
                                            or _qualifies(nxt, chain[-1], masked))
        if not (modifier or qualifier):
            chain.append(nxt)
        end, modified = nxt.end, bool(modifier or qualifier)
    return _referred(masked[pos : after[0].start]) + _parts(chain)


# A body named by its kind alone, which the resolver gives the name the article used before it
# ("China Harbor Bank opened a branch. The bank also signed an agreement with ..."); left
# unresolved, it is dropped as generic.
_KINDS = (r"(bank|university|college|hospital|institute|academy|group|company|corporation|"
          r"city|county|province|town|district|park|zone)")
_DEFINITE_SUBJECT = re.compile(rf"(?:^\s*[\"“]?(?:(?:the|The)\s+)?|(?:[,;:]\s*|\s(?:and|then|meanwhile)\s+)"
                               rf"[\"“]?(?:the|The)\s+){_KINDS}"
                               r"(?:\s+(?:has|have|had|also|then|now|just|\w+ly|on\s+\w+day))*\s*$")
_DEFINITE_OBJECT = re.compile(rf"\s*the\s+{_KINDS}(?=\s*(?:[,.;]|$|\s+(?:on|in|at|to|for|"
                              r"last|this|over|under|after|which|that)\b))", re.IGNORECASE)


_DEFINITE_FIRST = re.compile(rf"\s*[\"“]?(?:(?:the|The)\s+)?{_KINDS}\s*(?:,\s*)?(?:and|&)\s+(?:the\s+)?")


def _definite_subject(masked: str, start: int, pos: int) -> list[str]:
    found = _DEFINITE_SUBJECT.search(masked, start, pos)
    return [found.group(1).lower()] if found else []


# A party a list names by its kind before the names: "set up by the college, X Co and the Y
# Bureau" (the college the article named before; unresolved, it is dropped as generic).
_REFERENCE = re.compile(r"\s*the\s+(college|university|hospital|company|institute|school|academy|"
                        r"group|bureau|commission|committee|district|county|city|town|government)"
                        r"\s*(?:,|\s+and)\s+(?:the\s+)?$")


def _referred(start: str) -> list[str]:
    reference = _REFERENCE.fullmatch(start)
    return [reference.group(1)] if reference else []


def _is_region(name: Name, masked: str) -> bool:
    """Whether a name is a region: "Eastland Province", "Eastland province" (read "Eastland")."""
    return bool(_REGION_END.search(masked, name.start, name.end)) or all(
        (words := tokens(part)) and words[-1] in _REGION_WORDS for part in name.parts)


_AND_BETWEEN = re.compile(r"\s(?:and|as\s+well\s+as)\s+$")


def cue_lists(read: Names, end: int) -> list[str]:
    """The first "with ..." and "by ..." lists after ``end`` and any "between ..." list. A
    "with" after a comma starts an aside ("..., with the park as its centrepiece")."""
    found: list[str] = []
    taken: set[str] = set()
    masked = read.masked
    for word, start, stop in read.cues:
        if word in taken and not (word == "between" and _AND_BETWEEN.search(masked, 0, start)):
            continue  # "between A and B and between C and D": two pairs
        if word != "between" and start < end:
            continue
        if word == "with" and masked[:start].rstrip().endswith(","):
            continue
        if word == "by" and _NOT_SIGNERS.search(masked, max(0, start - 40), start):
            continue
        if word == "between" and _ROUTE.search(masked, max(0, start - 30), start):
            continue  # "run joint services between Shanghai and Taicang": the route's ends
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
    kept = masked.find(names[0].parts[0], names[0].start)  # after "Officials of" it trimmed
    if _VISITORS.match(masked[: max(kept, names[0].start)]):
        return _visit(read)
    if _PLACE_BEFORE.search(masked[: names[0].start]):
        return []  # "Located in Ningbo, X signed ...": the first name is a place, not a subject
    first = names[0]
    written = masked[first.start : first.end].strip()
    opens = not masked[: first.start].strip(" \"“'‘")
    if opens and first.parts == (written,) and not reader.is_name(written):
        return []  # "Life science and energy are ...": every sentence's first word is capitalised
    return list_after(read, first.start)


def _visit(read: Names) -> list[str]:
    """The visitors and the visited of a sentence that opens with a delegation's visit."""
    visitors = list_after(read, read.names[0].start)
    for name in read.names[1:]:
        gap_start = max((n.end for n in read.names if n.end <= name.start), default=0)
        if _VISITED.match(read.masked[gap_start : name.start]):
            return unique(visitors + list_after(read, name.start))
    return visitors


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
    """The members a batch sentence lists: "a dozen firms such as A, B and C", "with A, B and
    C among its 40 founding members"."""
    return [p for cue in _MEMBER_CUE.finditer(read.masked, read.low)
            for p in list_after(read, cue.end())] + _listed_as_members(read)


# After a list: "... among its 42 founding members", "... as its first members", "... serving as
# vice-chair units", "... becoming founding members".
_AS_MEMBERS = re.compile(r"\s+(?:among|(?:serving\s+|acting\s+|joining\s+)?as|becoming|being)\s+"
                         r"(?:its\s+|the\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:members|units)\b",
                         re.IGNORECASE)


def _listed_as_members(read: Names) -> list[str]:
    """The list after "with" that a sentence then calls members: "set up with A, B and C
    among its founding members"."""
    masked = read.masked
    if "members" not in masked and "units" not in masked:
        return []
    for word, _, stop in read.cues:
        if word != "with":
            continue
        listed = [n for n in read.names if n.start >= stop]
        chain = list_after(read, stop)
        last = next((n for n in listed if chain and n.parts[-1] == chain[-1]), None)
        if last is not None and _AS_MEMBERS.match(masked, last.end):
            return chain
    return []


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


def is_place(name: str, reader: Reader, gazetteer: Gazetteer | None) -> bool:
    """Whether a name is a place: its last word a place's ("Malu Town"), or a district."""
    words = reader.tokens(name)
    return bool(words) and (words[-1] in reader.lex.place_heads or _is_place(name, gazetteer))


def _is_place(name: str, gazetteer: Gazetteer | None) -> bool:
    mentions = find_mentions(name, gazetteer) if gazetteer else []
    return len(mentions) == 1 and mentions[0].text == name
