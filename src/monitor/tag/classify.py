"""Tag partnership announcements with rules a reader can check and a user can extend.

Why rules and not a trained model: every tag in the digest must come with the sentence that proves
it and the rule that fired, and users must be able to add a verb or a document name without
writing Python. config/rules/partnership.toml holds the patterns and word lists (read and
compiled by monitor.tag.rules); this module holds the general machinery: where the principal part
of an article is (a deal mentioned in passing deep in the text is not the news), which rules can
fire in a sentence, how a hedge ("will sign") or a negation attaches to the verb a rule found, and
how the hits make a verdict. Reading and resolving the names of the parties is
monitor.tag.parties; names the capitals do not give come from monitor.tag.institutions.

Speed: a daemon classifies every article it stores, and a reclassification after a rules change
runs over the whole database. So everything that depends only on the rules is compiled once in
``load_rules``; a sentence is only split, and a pattern only tried, where a word each rule needs
occurs; names are read only in sentences that matter, once each.

Everything is a pure function of the article and the Rules; only ``load_rules`` reads files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from monitor.models import Article, Classification, Kind
from monitor.tag.dating import dated_before, latest_mentioned, own_clauses, told_this_week
from monitor.tag.districts import find_districts
from monitor.tag.institutions import Institutions, mentioned_parties
from monitor.tag.parties import (
    Anchored,
    Names,
    Reader,
    around,
    indirect,
    is_generic,
    last_words,
    list_after,
    lower,
    merge,
    unique,
    verdict_parties,
    words_of,
)
from monitor.tag.rules import CODE_VERSION, Rule, Rules, load_rules
from monitor.text import split_sentences

__all__ = ["CODE_VERSION", "Rules", "classify", "load_rules"]  # the rules' names, for callers

# ---- the principal part of an article ------------------------------------------------------------


class _Block(NamedTuple):
    where: str  # "title", "lede", "heading", "p1".."pN"
    text: str
    weight: float


def _is_repeat(words: set[str], earlier: list[set[str]], overlap: float) -> bool:
    """Pages print the lede twice or the title under the photo; such repeats are not paragraphs."""
    if words:
        size = len(words)
        for seen in earlier:  # (a block shorter than the share cannot hold it: not counted)
            if len(seen) / size >= overlap and len(words & seen) / size >= overlap:
                return True
    return False


_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of",
                          "on", "or", "the", "to", "with"})
_UPPER_WORD = re.compile(r"[A-Z][A-Z0-9&'’.-]*")


def _headline_case(title: str, text: str) -> str:
    """An all-capital headline ("FUDAN AND MINHANG SIGN DEAL") as a headline in ordinary case,
    so names read from its capitals as from any other: words the article writes in capitals
    elsewhere ("AI", "SJTU") stay so; small words are lower case."""
    if not title.isupper() or len(title.split()) < 3:  # (one test per article: keep it cheap)
        return title
    elsewhere = text.replace(title, " ")

    def recase(match: re.Match[str]) -> str:
        word = match.group()
        if len(word) > 1 and re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", elsewhere):
            return word
        return word.lower() if word.lower() in _SMALL_WORDS else word[0] + word[1:].lower()

    cased = _UPPER_WORD.sub(recase, title)
    return cased[0].upper() + cased[1:]


def _lead(article: Article, rules: Rules) -> list[_Block]:
    """Title, lede, headings before the story starts, then the first N story paragraphs."""
    pos, body = rules.spec.position, article.body
    blocks = [_Block("title", _headline_case(article.title, article.text), pos.title_weight)]
    seen = [set(article.title.lower().split())]
    lede = article.lede
    if not lede and len(body) >= 3 and body[0] == body[2] and len(body[0].split()) < 5:
        lede, body = body[1], body[3:]  # pages that print the byline around the standfirst
    if lede and not _is_repeat(bag := set(lede.lower().split()), seen, pos.duplicate_overlap):
        blocks.append(_Block("lede", lede, pos.lede_weight))
        seen.append(bag)
    story, most, overlap = 0, pos.lead_paragraphs, pos.duplicate_overlap
    for text in body:
        if story >= most:
            break
        words = text.lower().split()  # as many words as text.split(): case has no spaces
        count = len(words)
        if count < pos.caption_max_words and any(p.search(text) for p in rules.skip):
            continue
        if count < pos.min_words:
            if story == 0 and count >= 2:
                blocks.append(_Block("heading", text, pos.heading_weight))
        elif not _is_repeat(bag := set(words), seen, overlap):
            story += 1
            blocks.append(_Block(f"p{story}", text, pos.body_weight))
            seen.append(bag)
    return blocks


@dataclass(slots=True)
class _Sentence:
    """One sentence of the principal part; what is read from it is read once, when needed."""

    text: str
    block: _Block
    reader: Reader = field(repr=False)
    low: str | None = field(repr=False)  # lower(text), for the anchored patterns
    _names: Names | None = field(default=None, repr=False)
    _found: dict[int, bool] = field(default_factory=dict, repr=False)

    @property
    def names(self) -> Names:
        if self._names is None:
            self._names = self.reader.read(self.text)
        return self._names

    def has(self, cue: Anchored) -> bool:
        """Whether the sentence holds the cue (background, pronoun): asked once for all hits."""
        found = self._found.get(id(cue))
        if found is None:
            found = self._found[id(cue)] = cue.search(self.text, self.low) is not None
        return found

    def has_own(self, cue: Anchored, at: int) -> bool:
        """Whether the clauses of the verb at ``at`` hold the cue: not an aside about a party."""
        if not self.has(cue):
            return False
        text = own_clauses(self.text, at)
        return cue.search(text, self.low if text is self.text else lower(text)) is not None


class _Lead:
    """The principal part's blocks, split into sentences only when a block is needed: most
    blocks of most articles hold no word a rule requires and are never split."""

    def __init__(self, blocks: list[_Block], reader: Reader) -> None:
        self.blocks, self.reader = blocks, reader
        self._split: list[list[_Sentence] | None] = [None] * len(blocks)
        self._words: list[list[bytes] | None] = [None] * len(blocks)

    def words(self, index: int) -> list[bytes]:
        """``words_of`` the block: asked for the rules worth trying, and again for the sectors."""
        words = self._words[index]
        if words is None:
            words = self._words[index] = words_of(self.blocks[index].text)
        return words

    def all_words(self) -> list[bytes]:
        """``words_of`` the blocks joined by a line break (which no word spans), as the Reader's
        text is."""
        return [word for index in range(len(self.blocks)) for word in self.words(index)]

    def sentences(self, index: int) -> list[_Sentence]:
        split = self._split[index]
        if split is None:
            block = self.blocks[index]
            split = self._split[index] = [_Sentence(text, block, self.reader, lower(text))
                                          for text in split_sentences(block.text.replace("’", "'"))]
        return split

    def following(self, sentence: _Sentence) -> _Sentence | None:
        """The sentence after ``sentence`` in the principal part, if any."""
        index = next(i for i, block in enumerate(self.blocks) if block is sentence.block)
        split = self.sentences(index)
        position = next(i for i, s in enumerate(split) if s is sentence)
        if position + 1 < len(split):
            return split[position + 1]
        return self.sentences(index + 1)[0] if index + 1 < len(self.blocks) else None

    def earlier(self, index: int, position: int) -> Iterator[_Sentence]:
        """The sentences before the ``position``-th of block ``index``, nearest first."""
        yield from reversed(self.sentences(index)[:position])
        for before in range(index - 1, -1, -1):
            yield from reversed(self.sentences(before))


# ---- hits ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Hit:
    rule: Rule
    kind: Kind
    sentence: _Sentence
    parties: list[str] = field(default_factory=list)
    status: str = "ok"  # or hedged, negated, background, no-parties, not-coordinated
    needs_parties: bool = True
    pronoun: bool = False
    # A concluded deal counts even when its names cannot be read (parties are then best effort);
    # only a small count of agreements ("two agreements were also signed") still needs them.
    names_decide: bool = False
    unread: bool = False
    aside: bool = False  # "were also signed": a deal beside the news, not the news
    of_agreements: bool = False  # a batch of agreements, not of projects or investments
    start: int = 0  # where the verb ends, and the match ends, in the sentence
    end: int = 0

    @property
    def score(self) -> float:
        return self.rule.weight * self.sentence.block.weight


_NUMBERS = {w: n for n, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
     "nineteen", "twenty"])} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                               "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}
_DIGITS = re.compile(r"\d[\d,]*")
_ASIDE = re.compile(r"\balso\s+(?:\w+\s+)?$", re.IGNORECASE)
_DASHES = re.compile(r"[\s-]+")


def _count_value(text: str, several: int) -> int:
    """The number in a count ("thirty-one" is 31, "a number of" counts as ``several``)."""
    digits = _DIGITS.search(text)
    if digits:
        return int(digits.group().replace(",", ""))
    known = [_NUMBERS[w] for w in _DASHES.split(text.lower().strip()) if w in _NUMBERS]
    return sum(known) if known else several


def _kind_of(rule: Rule, match: re.Match[str], low: str | None,
             rules: Rules) -> tuple[Kind, bool, bool]:
    """The kind a match shows, whether it needs named parties, and whether without them it does
    not count: a small count of projects is an investment deal; a small count of agreements is
    an agreement like any other, that counts only with its parties named. ``low``: the match
    in lower case."""
    kind: Kind = rule.kind
    text = match.group()
    if kind in ("agreement", "joint_entity") and rules.any_kind_word.search(text, low):
        kind = next((k for k, words in rules.kind_words if words.search(text, low)), kind)
    count, least = match.groupdict().get("count"), rules.spec.batch.min_count
    if count and _count_value(count, least) < least:
        return ("investment_deal", False, False) if rules.investment.search(text, low) else (
            "agreement", True, True)
    return kind, rule.needs_parties, False


def _verb_span(match: re.Match[str]) -> tuple[int, int]:
    """Where the verb of a match stands: its ``verb`` group, or in a pattern's further
    alternatives ``verb2``, ``verb3`` or ``verb4``."""
    if match.group("verb") is not None:
        return match.span("verb")
    groups = match.groupdict()
    return match.span(next((name for name in ("verb2", "verb3", "verb4") if groups.get(name) is not None),
                           "verb"))


def _hit(rule: Rule, match: re.Match[str], sentence: _Sentence, rules: Rules) -> _Hit:
    start, end = _verb_span(match)
    low = sentence.low
    matched = low and low[match.start() : match.end()]
    kind, needs, names_decide = _kind_of(rule, match, matched, rules)
    hit = _Hit(rule, kind, sentence, needs_parties=needs,
               names_decide=names_decide or not rule.counts_unread, start=end,
               end=match.end())
    text = sentence.text
    before, low = text[max(0, start - 80) : start], low and low[max(0, start - 80) : start]
    tail = last_words(before, rules.cue_words)  # a cue ends the text: it lies in its last words
    if rules.negation.search(before, low, tail):
        hit.status = "negated"
    elif (rules.private.search(match.group(), matched) or _private_lead_in(text, match.start(), rules)
          or rules.private_signers.search(before, low)
          or rules.private_counterparts.match(text, match.end())):
        hit.status = "private"
    elif (rules.hedge.search(before, low, tail) or rules.hedge_clause.search(before, low)
          or text.rstrip().endswith("?")):  # "will see 20 projects signed", "Will A sign?"
        hit.status = "hedged"
    elif sentence.has_own(rules.background, start) and not told_this_week(text, start):
        hit.status = "background"
    elif not rule.kind_only:  # only a hit that counts needs its parties
        hit.aside = _ASIDE.search(before) is not None
        hit.parties, joined = around(sentence.names, min(start, match.start()), end,
                                     sentence.reader)
        hit.pronoun = sentence.has(rules.pronoun)
        hit.status = "not-coordinated" if rule.coordinated and not joined else "ok"
        hit.of_agreements = (kind == "project_batch"
                             and not rules.investment.search(match.group(), matched))
    return hit


def _private_lead_in(text: str, start: int, rules: Rules) -> bool:
    """Whether the two words before a match that opens on its document name a document people
    sign for themselves ("relocation agreements ... the signing period")."""
    lead_in = " ".join(text[max(0, start - 40) : start].split()[-2:])
    return bool(lead_in) and rules.private.search(lead_in, lower(lead_in)) is not None


def _lists(words: Iterable[bytes], rules: Rules) -> int:
    """The required word lists (bits) a first word of which is among ``words`` (``words_of``)."""
    found, firsts = 0, rules.firsts
    for word in firsts.keys() & words:
        found |= firsts[word]
    return found


def _hits(lead: _Lead, rules: Rules) -> list[_Hit]:
    """Every rule match in the principal part. A rule is only tried where a word of each list it
    requires occurs: first in the block (a block without any is not even split), then in the
    sentence."""
    hits: list[_Hit] = []
    for index in range(len(lead.blocks)):
        lists = _lists(lead.words(index), rules)
        if not rules.applicable(lists):
            continue
        sentences = lead.sentences(index)
        for position, sentence in enumerate(sentences):
            if len(sentences) > 1:  # a block of one sentence has the same words
                lists = _lists(words_of(sentence.text), rules)
            found = [_hit(rule, match, sentence, rules) for rule in rules.applicable(lists)
                     for match in rule.find.finditer(sentence.text, sentence.low)]
            for hit in found:
                if hit.status != "ok" or hit.rule.kind_only:
                    continue
                if len(hit.parties) < 2:
                    _complete(hit, hits, lead.earlier(index, position))
                if hit.needs_parties and len(hit.parties) < 2:
                    hit.parties = unique(hit.parties + _main_subject(hit))
                if ((hit.needs_parties or hit.of_agreements)
                        and rules.institutions and len(hit.parties) <= 2
                        and len(merge(hit.parties, lead.reader)) < 2):
                    _listed(hit, rules.institutions)
                if hit.of_agreements and len(merge(hit.parties, lead.reader)) >= 2:
                    hit.kind = "agreement"  # "A and B signed 12 agreements": a deal of theirs
            hits += found
    return hits


def _complete(hit: _Hit, hits: list[_Hit], earlier: Iterator[_Sentence]) -> None:
    """Parties a counted hit names only indirectly: "they" (the parties of the latest deal
    sentence before it, else the names the latest sentence opened with), or outside its clause
    ("A will deepen ties with B after the signing of a deal")."""
    context = next((h.parties for h in reversed(hits) if h.parties), None) if hit.pronoun else None
    hit.parties = indirect(hit.parties, hit.sentence.names, context, (s.names for s in earlier),
                           hit.sentence.reader, pronoun=hit.pronoun, needs=hit.needs_parties)


def _main_subject(hit: _Hit) -> list[str]:
    """The names inside the match, for a rule that expects them there ("A became B's strategic
    partner", "A joined the B Alliance"), and those that open the
    main clause after an opening phrase that holds the deal ("Under an agreement unveiled at the
    expo, A and B will ...")."""
    read = hit.sentence.names
    inside = [part for name in read.names if hit.start < name.start < hit.end
              for part in name.parts] if hit.rule.names_inside else []
    comma = read.masked.find(",", hit.end)
    return inside + (list_after(read, comma + 1) if comma >= 0 else [])


def _listed(hit: _Hit, institutions: Institutions) -> None:
    """Parties the capitalised-word reader missed, from the institutions gazetteer: bare cities
    ("Shanghai and Hong Kong signed"), all-lower-case pages."""
    hit.parties = unique(hit.parties + mentioned_parties(hit.sentence.text, institutions,
                                                         hit.parties))


def _date_past(hits: list[_Hit], day: date) -> None:
    """A deal sentence dated only in an earlier year than the article is background."""
    for hit in hits:
        if hit.status == "ok" and dated_before(hit.sentence.text, hit.start - 1, day):
            hit.status = "background"


def _gate(hits: list[_Hit], reader: Reader, unread_paragraphs: int) -> None:
    """A deal names two parties: in its own sentence, or one there and one in another hit. When
    they cannot be read a plainly concluded deal still counts (the verdict says its parties are
    unread) where a deal without names is the news: in the title, the lede, a heading or the
    first ``unread_paragraphs`` story paragraphs; idioms and small counts of agreements, and
    deals told in passing ("also signed"), the names decide."""
    for hit in hits:
        hit.parties = [p for p in hit.parties if not reader.is_common_word(p)]
    pool = merge([p for h in hits if h.status == "ok" and not h.rule.kind_only
                  for p in h.parties], reader)
    near = {"title", "lede", "heading", *(f"p{n}" for n in range(1, unread_paragraphs + 1))}
    for hit in hits:
        if hit.status == "ok" and hit.needs_parties and not hit.rule.kind_only:
            own = merge(hit.parties, reader)
            if len(own) < 2 and not (own and len(pool) > 1):
                if hit.names_decide or hit.aside or hit.sentence.block.where not in near:
                    hit.status = "no-parties"
                else:  # best effort: not a capitalised word that only opens the sentence
                    hit.unread = True
                    hit.parties = [p for p in hit.parties if " " in p or reader.is_name(p)]


# ---- the verdict ---------------------------------------------------------------------------------


def classify(article: Article, rules: Rules) -> Classification:
    """Partnership verdict: kind, parties, sectors, districts, evidence, the rules that fired.
    The districts are the article's own when parsing found any, else looked up here."""
    blocks = _lead(article, rules)
    lead = _Lead(blocks, Reader(rules.lexicon, "\n".join(block.text for block in blocks)))
    hits = _hits(lead, rules)
    day = article.date
    if day is None and any(hit.status == "ok" for hit in hits):
        day = latest_mentioned(article.text)  # an undated page: the latest year it tells of
    if day is not None:
        _date_past(hits, day)
    _gate(hits, lead.reader, rules.spec.position.unread_paragraphs)
    counted = [hit for hit in hits if hit.status == "ok" and not hit.rule.kind_only]
    kinds = {hit.kind for hit in hits if hit.status == "ok"}  # with the kind-only hits
    score = _score(hits, counted, rules)
    tagged = score >= rules.spec.threshold
    # Parsing has found the districts already (with the same gazetteer, in every path into the
    # store and from the command line): scanning the whole text again cost an eighth of a verdict.
    districts = list(article.districts) or (
        find_districts(article.text, rules.gazetteer) if rules.gazetteer else [])
    rules_fired = unique([hit.rule.id if hit.status == "ok" else f"{hit.rule.id}:{hit.status}"
                          for hit in hits])
    if not tagged:
        return Classification(partnership=False, score=round(score, 3), districts=districts,
                              rules=rules_fired, version=rules.version)
    lead_text = lead.reader.text
    parties = _parties(counted, lead, lead_text, rules)
    if len(parties) < 2 and all(hit.needs_parties for hit in counted):
        parties = _headline_parties(parties, lead, rules)
    parties = [p for p in parties if not lead.reader.is_common_word(p)]
    if any(hit.kind == "alliance" for hit in counted):
        parties = _members(parties)
    return Classification(
        partnership=True,
        score=round(score, 3),
        kind=next((k for k in rules.spec.kinds.priority if k in kinds), None),
        parties=parties,
        sectors=rules.sectors.find(lead_text, lead.all_words()),
        districts=districts,
        evidence=unique([hit.sentence.text for hit in counted]),
        rules=rules_fired,
        version=rules.version,
        check=_check(score, counted, parties, rules),
    )


_ALLIANCE_NAMES = frozenset({"alliance", "consortium", "coalition"})


def _members(parties: list[str]) -> list[str]:
    """An alliance whose members are named is what they formed, not one of them; one member
    joining it has the alliance as its partner ("A joined the B Alliance")."""
    members = [p for p in parties if p.split()[-1].lower() not in _ALLIANCE_NAMES]
    return members if len(members) >= 2 else parties


def _headline_parties(parties: list[str], lead: _Lead, rules: Rules) -> list[str]:
    """Best effort for a deal whose sentences name fewer than two parties: the names of the
    title, else of the lede, when one of them names two or more ("Qingpu, Eastlake University in
    cooperation pact" above "The agreement was signed on Monday")."""
    reader = lead.reader
    for block in lead.blocks[:2]:
        if block.where not in ("title", "lede"):
            continue
        read = reader.read(block.text)
        names = [part for name in read.names for part in name.parts if not is_generic(part, reader)]
        if rules.institutions is not None:
            names += mentioned_parties(block.text, rules.institutions, names)
        found = merge(parties + names, reader)
        if len(found) >= 2:
            return found
    return parties


def _check(score: float, counted: list[_Hit], parties: list[str], rules: Rules) -> list[str]:
    """Why a reader should look at a positive verdict: its deal names fewer than two parties
    that could be read, or its score is barely over the threshold."""
    reasons = []
    batch = any(not hit.needs_parties for hit in counted)  # its companies may go unnamed
    if len(parties) < 2 and not batch and any(hit.needs_parties for hit in counted):
        reasons.append("parties-unread")
    if score < rules.spec.threshold + rules.spec.near_threshold:
        reasons.append("near-threshold")
    return reasons


def _score(hits: list[_Hit], counted: list[_Hit], rules: Rules) -> float:
    """Best counted hit, plus a little for each further sentence that agrees; below the threshold
    (but not zero) when rules fired only on hedged, negated or party-less sentences."""
    if counted:
        sentences = len({id(hit.sentence) for hit in counted})
        best = max(hit.score for hit in counted)
        return min(1.0, best + rules.spec.extra_hit_bonus * (sentences - 1))
    if hits:
        return min(0.4 * max(hit.score for hit in hits), 0.8 * rules.spec.threshold)
    return 0.0


def _parties(counted: list[_Hit], lead: _Lead, lead_text: str, rules: Rules) -> list[str]:
    """Who partnered: the parties of every counted hit, and for a batch of deals its host,
    members and companies (its host only when no hit names a signatory, or for an alliance)."""
    named = [p for hit in counted for p in hit.parties]
    batches = [(hit.sentence.names, not named or hit.kind == "alliance")
               for hit in counted if not hit.needs_parties]
    # An alliance set up in one sentence often lists its members in the next.
    batches += [(after.names, False) for hit in counted
                if hit.kind == "alliance" and not hit.needs_parties
                and (after := lead.following(hit.sentence)) is not None]
    return verdict_parties(named, batches, [block.text for block in lead.blocks],
                           lambda index: [s.text for s in lead.sentences(index)], lead_text,
                           lead.reader, rules.gazetteer)
