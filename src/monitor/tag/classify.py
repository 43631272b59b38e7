"""Tag partnership announcements with rules a reader can check and a user can extend.

Why rules and not a trained model: every tag in the digest must come with the sentence that proves
it and the rule that fired, and users must be able to add a verb or a document name without
writing Python. config/rules/partnership.toml holds the patterns and word lists (read and
compiled by monitor.tag.rules); this module holds the general machinery: which rules can fire
in a sentence of the principal part (monitor.tag.principal: a deal mentioned in passing deep in
the text is not the news), how a hedge ("will sign"), a negation or a time in the past
(monitor.tag.dating) attaches to the verb a rule found, and how the hits make a verdict.
Reading and resolving the names of the parties is monitor.tag.parties; names the capitals do
not give come from monitor.tag.institutions.

Speed: a daemon classifies every article it stores, and a reclassification after a rules change
runs over the whole database. So everything that depends only on the rules is compiled once in
``load_rules``; a sentence is only split, and a pattern only tried, where a word each rule needs
occurs; names are read only in sentences that matter, once each.

Everything is a pure function of the article and the Rules; only ``load_rules`` reads files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from monitor.models import Article, Classification, Kind
from monitor.tag.dating import (
    dated_before,
    in_aside,
    latest_mentioned,
    told_ahead,
    told_this_week,
)
from monitor.tag.districts import find_districts, find_mentions
from monitor.tag.institutions import Institutions, coordinated_places, lower_case_names, mentioned_parties
from monitor.tag.parties import (
    Reader,
    agents,
    around,
    compound_parties,
    cue_lists,
    indirect,
    is_generic,
    is_place,
    last_words,
    leading_names,
    list_after,
    lower,
    merge,
    restated,
    short_forms,
    signed_for,
    spelled_out,
    unique,
    verdict_parties,
    words_of,
)
from monitor.tag.principal import Lead, Sentence, cased_headline, lead_blocks
from monitor.tag.rules import CODE_VERSION, Rule, Rules, load_rules
from monitor.tag.truecase import as_written, truecased_article

__all__ = ["CODE_VERSION", "Rules", "classify", "load_rules"]  # the rules' names, for callers

# ---- hits ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Hit:
    rule: Rule
    kind: Kind
    sentence: Sentence
    parties: list[str] = field(default_factory=list)
    status: str = "ok"  # or hedged, negated, private, quoted, background, no-parties,
    # not-coordinated
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
    passive: bool = False  # the document before its verb: "an agreement was signed"

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


# A match that ends before what the ceremony or signing was for.
_FOR_WHAT = re.compile(r"\s(?:for|of)$", re.IGNORECASE)


# What a document is on, right after it: "an agreement on counterpart assistance".
_ABOUT = re.compile(r"\s+(?:on|for)\s+(?:[\w-]+\s+){0,2}?[\w-]+(?=\s+(?:and|cooperation)\b|[,.;])",
                    re.IGNORECASE)


def _count_value(text: str, several: int) -> int:
    """The number in a count ("thirty-one" is 31, "a number of" counts as ``several``)."""
    digits = _DIGITS.search(text)
    if digits:
        return int(digits.group().replace(",", ""))
    known = [_NUMBERS[w] for w in _DASHES.split(text.lower().strip()) if w in _NUMBERS]
    return sum(known) if known else several


def _kind_of(rule: Rule, match: re.Match[str], low: str | None, lead_in: str,
             rules: Rules) -> tuple[Kind, bool, bool]:
    """The kind a match shows, whether it needs named parties, and whether without them it does
    not count: a small count of projects is an investment deal; a small count of agreements is
    an agreement like any other, that counts only with its parties named. ``low``: the match
    in lower case; ``lead_in``: the words before it."""
    kind: Kind = rule.kind
    text = match.group()
    if kind in ("agreement", "joint_entity"):
        if lead_in and text.split(None, 1)[0].lower() in rules.documents:
            text = lead_in.rsplit(None, 1)[-1] + " " + text  # "an investment | agreement signed"
            low = lower(text)
        if _FOR_WHAT.search(text):  # "a signing ceremony for | an alliance between A and B"
            text += " " + " ".join(match.string[match.end() :].split()[:3])
            low = lower(text)
        elif (about := _ABOUT.match(match.string, match.end())) is not None:
            text += about.group()  # "an agreement | on counterpart assistance"
            low = lower(text)
        if rules.any_kind_word.search(text, low):
            kind = next((k for k, words in rules.kind_words if words.search(text, low)), kind)
    text = match.group()
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


def _hit(rule: Rule, match: re.Match[str], sentence: Sentence, rules: Rules) -> _Hit:
    start, end = _verb_span(match)
    low = sentence.low
    matched = low and low[match.start() : match.end()]
    text = sentence.text
    lead_in = " ".join(text[max(0, match.start() - 40) : match.start()].split()[-2:])
    kind, needs, names_decide = _kind_of(rule, match, matched, lead_in, rules)
    hit = _Hit(rule, kind, sentence, needs_parties=needs,
               names_decide=names_decide or not rule.counts_unread, start=end,
               end=match.end(), passive=start > match.start())
    before, low = text[max(0, start - 80) : start], low and low[max(0, start - 80) : start]
    tail = last_words(before, rules.cue_words)  # a cue ends the text: it lies in its last words
    if rules.negation.search(before, low, tail):
        hit.status = "negated"
    elif (rules.private.search(match.group(), matched) or _private_lead_in(lead_in, match, rules)
          or rules.private_signers.search(before, low)
          or rules.private_counterparts.match(text, match.end())
          or (_CEREMONY_ONLY.search(match.group()) and _private_signed(text, rules))):
        hit.status = "private"
    elif _hedged(sentence, start, before, low, tail, rules):
        hit.status = "hedged"
    elif sentence.in_quote(start):
        hit.status = "quoted"
    elif ((sentence.has_own(rules.background, rules.background_opening, start)
           or in_aside(text, start)) and not told_this_week(text, start)):
        hit.status = "background"
    elif not rule.kind_only:  # only a hit that counts needs its parties
        hit.aside = _ASIDE.search(before) is not None
        hit.parties, joined = around(sentence.names, min(start, match.start()), end,
                                     sentence.reader) if rule.subject_parties else (
            cue_lists(sentence.names, end), False)
        hit.pronoun = sentence.has(rules.pronoun)
        joined = joined and not (rule.coordinated and _one_company(text, match.start()))
        if rule.coordinated and not joined and len(hit.parties) > 1:
            joined = _PARTNERED.search(text, end) is not None  # "A launched B, partnering with C"
        hit.status = "not-coordinated" if rule.coordinated and not joined else "ok"
        hit.of_agreements = (kind == "project_batch" and _AGREEMENTS.search(match.group()) is not None
                             and not rules.investment.search(match.group(), matched))
    return hit


def _next_story_sentence(lead: Lead, sentence: Sentence) -> Sentence | None:
    """The sentence after ``sentence``, past headings and credits."""
    after = lead.following(sentence)
    while after is not None and after.block.where == "heading":
        after = lead.following(after)
    return after


# Parties a deal sentence counts without naming them: "Five cities and one district signed ...".
_COUNTED_PARTIES = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
                              r"(?:[\w-]+\s+){0,3}?"
                              r"(?:cities|districts|provinces|counties|universities|hospitals|places|"
                              r"institutions|parties|sides)\b", re.IGNORECASE)
# A batch that counts agreements, not the companies or projects behind them: signed by two
# named parties it is a deal of theirs ("A and B signed 12 agreements").
_AGREEMENTS = re.compile(r"\b(?:agreements|contracts|deals|pacts|memorand\w*)\b", re.IGNORECASE)
# A match that tells of a signing ceremony and not what was signed there.
_CEREMONY_ONLY = re.compile(r"\bsigning\s+ceremon", re.IGNORECASE)
_SIGNED_WHAT = re.compile(r"\b(?:signed|inked)\s+((?:[^\s;,.]+\s+){0,5}?(?:letters?|agreements?|contracts?)"
                          r"(?:\s+of\s+[a-z]+)?)\b",
                          re.IGNORECASE)


def _private_signed(text: str, rules: Rules) -> bool:
    """Whether what the sentence says was signed at the ceremony is a private document ("the
    district government signed a letter of responsibility with its towns")."""
    return any(rules.private.search(found.group(1), lower(found.group(1)))
               for found in _SIGNED_WHAT.finditer(text))


def _hedged(sentence: Sentence, start: int, before: str, low: str | None, tail: int,
            rules: Rules) -> bool:
    """Whether the verb at ``start`` tells a deal still to come: a hedge right before it ("will
    sign"), a clause about the future ("will see 20 projects signed"), what a deal provides for
    ("under which ... jointly build"), a question ("Will A sign?"), or a time ahead ("a signing
    ceremony next month"). ``before``: the text before the verb, ``low`` its lower case."""
    text = sentence.text
    hedge = rules.hedge.search(before, low, tail) and not rules.done_purpose.search(before, low, tail)
    return bool(hedge or rules.hedge_clause.search(before, low)
                or rules.deal_content.search(text[:start], sentence.low and sentence.low[:start])
                or text.rstrip().endswith("?") or told_ahead(text, start))


_LEGAL_COMMA = re.compile(r"\b(?:Co|Corp|Inc)\.?,\s*(?:Ltd|Limited|LLC)\b\.?", re.IGNORECASE)
_COORDINATION = re.compile(r",|\s(?:and|with)\s", re.IGNORECASE)


def _one_company(text: str, at: int) -> bool:
    """Whether the words before ``at`` are one company whose legal form holds a comma ("Harbor
    Robotics Co., Ltd. opened a center"): a comma inside a name, not a list of names."""
    before = text[:at]
    if "," not in before or not _LEGAL_COMMA.search(before):
        return False
    return _COORDINATION.search(_LEGAL_COMMA.sub(" Ltd", before)) is None


def _private_lead_in(lead_in: str, match: re.Match[str], rules: Rules) -> bool:
    """Whether the two words before a match that opens on its document name a document people
    sign for themselves ("relocation agreements ... the signing period"); before a signing verb
    they are its signer's name ("Harbor Insurance signed ...")."""
    return (bool(lead_in) and match.group().split(None, 1)[0].lower() in rules.documents
            and rules.private.search(lead_in, lower(lead_in)) is not None)


def _lists(words: Iterable[bytes], rules: Rules) -> int:
    """The required word lists (bits) a first word of which is among ``words`` (``words_of``)."""
    found, firsts = 0, rules.firsts
    for word in firsts.keys() & words:
        found |= firsts[word]
    return found


def _hits(lead: Lead, rules: Rules) -> list[_Hit]:
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
                if (len(hit.parties) < 2 or _opens_with_it(hit)) and hit.rule.subject_parties:
                    _complete(hit, hits, lead.earlier(index, position))
                if hit.needs_parties and len(hit.parties) < 2 and hit.rule.subject_parties:
                    hit.parties = unique(hit.parties + _main_subject(hit))
                if ((hit.needs_parties or hit.of_agreements)
                        and rules.institutions and len(hit.parties) <= 2
                        and len(merge(hit.parties, lead.reader)) < 2):
                    _listed(hit, rules.institutions)
                elif (rules.institutions and hit.needs_parties and len(hit.parties) >= 2
                      and rules.lexicon.countries.search(sentence.low or sentence.text)):
                    _listed_beside(hit, rules.institutions)  # (a bare city or region is named)
                if hit.of_agreements and len(merge(hit.parties, lead.reader)) >= 2:
                    hit.kind = "agreement"  # "A and B signed 12 agreements": a deal of theirs
            hits += found
    return hits


def _opens_with_it(hit: _Hit) -> bool:
    """"It signed agreements with A, B and C": the body the story is about is a party too."""
    return hit.pronoun and hit.sentence.text.startswith("It ")


def _complete(hit: _Hit, hits: list[_Hit], earlier: Iterator[Sentence]) -> None:
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
    ("Shanghai and Hong Kong signed"), all-lower-case pages. Asides, sources and the places of
    unnamed bodies the reader blanked are not read here either."""
    masked = hit.sentence.names.masked
    hit.parties = unique(hit.parties + mentioned_parties(masked, institutions, hit.parties))
    if len(hit.parties) < 2:
        hit.parties = unique(hit.parties + lower_case_names(masked, hit.sentence.reader.lex))


def _listed_beside(hit: _Hit, institutions: Institutions) -> None:
    """A bare city listed beside the parties read ("Jiangsu, Zhejiang, Anhui and Shanghai
    signed") is one of them."""
    read = hit.sentence.names
    spans = [(name.start, name.end) for name in read.names if set(name.parts) & set(hit.parties)]
    hit.parties = unique(hit.parties + coordinated_places(read.masked, institutions, spans,
                                                          hit.parties))


def _as_background(hits: list[_Hit]) -> None:
    """An article that reviews a year (a work report, a year in review) tallies its deals: each
    one it tells of is background, however it is worded."""
    for hit in hits:
        if hit.status == "ok":
            hit.status = "background"


def _date_past(hits: list[_Hit], day: date) -> None:
    """A deal sentence dated only in an earlier year than the article is background."""
    for hit in hits:
        if hit.status == "ok" and dated_before(hit.sentence.text, hit.start - 1, day):
            hit.status = "background"


def _gate(hits: list[_Hit], reader: Reader, unread_paragraphs: int,
          compounds: Callable[[str], list[str]]) -> None:
    """A deal names two parties: in its own sentence, or one there and one in another hit. When
    they cannot be read a plainly concluded deal still counts (the verdict says its parties are
    unread) where a deal without names is the news: in the title, the lede, a heading or the
    first ``unread_paragraphs`` story paragraphs, or further down when dated to this week; idioms
    and small counts of agreements, and deals told in passing ("also signed"), the names
    decide."""
    for hit in hits:
        hit.parties = [p for p in hit.parties if not reader.is_common_word(p)]
    pool = merge([p for h in hits if h.status == "ok" and not h.rule.kind_only
                  for p in h.parties], reader)
    near = {"title", "lede", "heading", *(f"p{n}" for n in range(1, unread_paragraphs + 1))}
    # a paragraph that tallies a period's deals ("Over the past year, ...") tallies the next too
    tallied = {id(h.sentence.block) for h in hits if h.status == "background"}
    for hit in hits:
        if hit.status == "ok" and hit.needs_parties and not hit.rule.kind_only:
            own = merge(hit.parties, reader)
            if len(own) == 1 and _two_joined(own[0], reader):
                continue  # "the X District Committee and Invest Y signed": two, read as one
            if len(own) < 2 and not hit.names_decide and (
                    government := _GOVERNMENT.search(hit.sentence.text)) is not None:
                hit.parties = [*hit.parties, government.group(1)]
                if own:
                    continue
            if (len(own) == 1 and _COUNTED_WITH.search(hit.sentence.text, hit.start)
                    and id(hit.sentence.block) not in tallied):
                continue  # "X signed a cooperation agreement with 15 firms": X and the firms
            if len(own) < 2 and len(joined := compounds(hit.sentence.text)) > 1:
                hit.parties = joined  # "a ceremony for the A-B Joint Lab": its makers
                continue
            if len(own) < 2 and not (own and len(pool) > 1):
                aside = hit.aside and (hit.sentence.block.where not in near or not hit.parties)
                if hit.names_decide or aside or not (
                        hit.sentence.block.where in near or _dated_news(hit)):
                    hit.status = "no-parties"
                else:  # best effort: not a capitalised word that only opens the sentence
                    hit.unread = True
                    hit.parties = [p for p in hit.parties if " " in p or reader.is_name(p)]


# After a launch by one named body, the partners it launched with: "Hellobike has launched a
# robotaxi company, partnering with Ant Group and CATL".
_PARTNERED = re.compile(r"(?:,\s*|\s)(?:partnering|teaming\s+up|cooperating|working\s+together)\s+"
                        r"with\s+|\s(?:in\s+(?:partnership|cooperation|collaboration)|together)"
                        r"\s+with\s+")
# The other side of a deal counted, not named: "signed agreements with 15 firms".
_COUNTED_WITH = re.compile(r"\bwith\s+(?:more\s+than\s+|over\s+|nearly\s+|some\s+)?(?:\d+|two|three|four|"
                           r"five|six|seven|eight|nine|ten|eleven|twelve|a\s+dozen|dozens\s+of)\s+"
                           r"(?:[a-z-]+\s+){0,2}(?:companies|firms|enterprises|universities|institutions|"
                           r"hospitals|partners|banks|investors|colleges|schools)\b")
# A government the sentence names by its level only ("jointly established by the city government
# and X"): with one party read, the deal still has two.
_GOVERNMENT = re.compile(r"\b(?:the|its)\s+((?:city|municipal|district|county|provincial|town)"
                         r"\s+government)\b")


def _dated_news(hit: _Hit) -> bool:
    """Whether a deal further down the principal part is told in the passive and dated to the
    days of the news ("A tripartite agreement was signed on Wednesday in the district"): a
    concluded deal of this week is the news even when a caption or a scene-setter stands before
    it. (One body signing "a memorandum" on Thursday names no partner: its names decide.)"""
    return hit.passive and told_this_week(hit.sentence.text, hit.start - 1)


_JOINED = re.compile(r"\s+and\s+(?=[A-Z])")


def _two_joined(name: str, reader: Reader) -> bool:
    """Whether one name read is two coordinated ones: "and" after a complete name (its last word
    a head: "... Business District and Invest Hong Kong"), not inside one ("Culture and Tourism
    Bureau", "Institute for Food and Drug Control")."""
    for joined in _JOINED.finditer(name):
        left = reader.tokens(name[: joined.start()])
        if left and left[-1] in reader.lex.heads and left[-1] not in reader.lex.field_heads:
            return True
    return False


# ---- the verdict ---------------------------------------------------------------------------------


def classify(article: Article, rules: Rules) -> Classification:
    """Partnership verdict: kind, parties, sectors, districts, evidence, the rules that fired.
    The districts are the article's own when parsing found any, else looked up here."""
    if (cased := truecased_article(article, rules.institutions, rules.lexicon)) is not None:
        return as_written(classify(cased, rules), cased, article)  # its case restored first
    blocks = lead_blocks(article, rules)
    lead = Lead(blocks, Reader(rules.lexicon, "\n".join(block.text for block in blocks)))
    hits = _hits(lead, rules)
    if rules.review_title.search(blocks[0].text, lower(blocks[0].text)):
        _as_background(hits)
    day = article.date
    if day is None and any(hit.status == "ok" for hit in hits):
        day = latest_mentioned(article.text)  # an undated page: the latest year it tells of
    if day is not None:
        _date_past(hits, day)
    _gate(hits, lead.reader, rules.spec.position.unread_paragraphs,
          lambda text: compound_parties([text], lead.reader, lambda side: _listed_whole(side, rules)))
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
    parties = _parties(counted, lead, lead_text, rules, _further(article, lead),
                       cased_headline(article.title))
    if len(parties) < 2 and all(hit.needs_parties for hit in counted):
        parties = _headline_parties(parties, lead, rules)
    parties = [p for p in _distributed(parties, lead_text) if not lead.reader.is_common_word(p)
               and not (p.isupper() and _names_a_thing(p, article.text))
               and not _only_describes(p, lead_text)
               and not _titles_modifier(p, article.title, article.text, rules)
               and not (_may_be_a_person(p, lead.reader) and _surname_after_office(p, article.text))]
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


# The last name of a person named after an office ("Mayor of Hamburg Peter Tschentscher" makes
# "Tschentscher" a person when the story later says "Xu and Tschentscher signed"), or the whole
# name ("President Vladimir Putin").
_OFFICES = (r"\b(?:Mayor|President|Chairman|Chairwoman|Secretary|Minister|Governor|CEO|"
            r"Director|Dean|Premier|Ambassador|Chancellor|Treasurer|Mr|Ms|Mrs|Dr|Prof|"
            r"Professor)\.?")
_OFFICE_BEFORE_NAME = rf"{_OFFICES}(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){{1,4}}?)?\s*[A-Z][\w'’-]+\s+"


def _may_be_a_person(name: str, reader: Reader) -> bool:
    """One word, or up to three capitalised words with no body's head ("Vladimir Putin")."""
    words = name.split()
    return len(words) == 1 or (len(words) <= 3 and all(
        w.isalpha() and w.istitle() and w.lower() not in reader.lex.heads for w in words))


def _surname_after_office(word: str, text: str) -> bool:
    if " " in word:
        return re.search(rf"{_OFFICES}\s+{re.escape(word)}\b", text) is not None
    return re.search(rf"{_OFFICE_BEFORE_NAME}{re.escape(word)}\b", text) is not None


# A headline's shared plural head: "Sharif, Shanghai Universities sign MoU" names two universities.
_PLURAL_HEADS = {"universities": "University", "hospitals": "Hospital", "districts": "District",
                 "cities": "City", "counties": "County", "towns": "Town", "colleges": "College",
                 "provinces": "Province", "exchanges": "Exchange", "banks": "Bank",
                 "museums": "Museum", "ports": "Port", "parks": "Park", "zoos": "Zoo"}


_LOWER_PLURAL = re.compile(r"\b([A-Z][\w'’-]*)(?:,\s+|\s+and\s+)([A-Z][\w'’-]*)\s+("
                           + "|".join(_PLURAL_HEADS) + r")\b")


def _distributed(parties: list[str], text: str) -> list[str]:
    """The parties with a plural head shared with a name before it ("A, B Universities",
    "A and B universities") singular, and a one-word name before it given the head too ("Tel
    Aviv Stock Exchanges" is one exchange; the other's name is read where the story writes it
    in full)."""
    found = list(parties)
    for shared in _LOWER_PLURAL.finditer(text):  # "Peking and Tsinghua universities"
        head = _PLURAL_HEADS[shared.group(3)]
        found = [f"{party} {head}" if party in shared.group(1, 2) else party for party in found]
    for index, party in enumerate(parties):
        words = party.split()
        head = _PLURAL_HEADS.get(words[-1].lower()) if len(words) > 1 else None
        shared = head and re.search(rf"\b([A-Z][\w'’-]*)(?:,|\s+and)\s+{re.escape(party)}\b", text)
        if shared:
            found[index] = " ".join([*words[:-1], head])
            if len(words) == 2 and index and found[index - 1] == shared.group(1):
                found[index - 1] = f"{shared.group(1)} {head}"
    return unique(found)


# Plural nouns a name only describes: "BRI countries", "G60 members".
_DESCRIBED_PLURAL = re.compile(r"\s+(?:countries|nations|economies|members|partners|firms|"
                               r"companies|enterprises)\b")
# Two places joined by a hyphen, as a relation between them: "China-Benin", "US-China".
_PAIRED = re.compile(r"[A-Z][A-Za-z]+-[A-Z][A-Za-z]+")
# A noun the pair describes ("a China-Benin telemedicine center"), not a verb it does.
_DESCRIBED_NOUN = re.compile(r"\s+(?!(?:and|or|has|have|had|will|is|was|are|were|signed|inked|to"
                             r"|in|on|at|for|with)\b)[a-z]+\b(?<!ed)(?<!es)")


def _only_describes(name: str, text: str) -> bool:
    """Whether every time the principal part writes a name it describes a noun after it ("China
    and BRI countries eye joint projects", "a China-Benin telemedicine center"): no party."""
    found = [m.end() for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
    follows = _DESCRIBED_NOUN if _PAIRED.fullmatch(name) else _DESCRIBED_PLURAL
    return bool(found) and all(follows.match(text, end) for end in found)


def _titles_modifier(name: str, title: str, text: str, rules: Rules) -> bool:
    """Whether a one-word name is only the headline's first word before the noun it describes
    ("Health pact signed", "Trade deal inked by two cities"): the story never writes it again,
    and the gazetteers do not list it, so it is the headline's capital, not a body."""
    if " " in name or "-" in name or name.isupper() or not title.startswith(name):
        return False
    if not _DESCRIBED_NOUN.match(title, len(name)) or re.match(r"\s+[a-z]+s\b", title[len(name):]):
        return False  # "Tesla signs ...", "Tesla inks ..." (a verb after it: a subject)
    story = text.split(title, 1)[-1] if title in text else text
    return (re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", story) is None
            and not _listed_whole(name, rules))


def _names_a_thing(acronym: str, text: str) -> bool:
    """Whether the article defines an acronym as the short form of a thing in lower case
    ("hydrogen fuel cell vehicles (HFCV)"), not of a body: it is no party."""
    return re.search(rf"\b[a-z][\w-]*\s+\({re.escape(acronym)}s?\)", text) is not None


_ALLIANCE_NAMES = frozenset({"alliance", "consortium", "coalition"})


def _members(parties: list[str]) -> list[str]:
    """An alliance whose members are named is what they formed, not one of them; one member
    joining it has the alliance as its partner ("A joined the B Alliance")."""
    members = [p for p in parties if p.split()[-1].lower() not in _ALLIANCE_NAMES]
    return members if len(members) >= 2 else parties


# Where a headline's deal was signed, not who signed it: "A signs deal at CIIE", "... in Pudong".
_VENUE_BEFORE = re.compile(r"\b(?:at|in|during)\s+(?:the\s+)?$", re.IGNORECASE)


def _headline_parties(parties: list[str], lead: Lead, rules: Rules) -> list[str]:
    """Best effort for a deal whose sentences name fewer than two parties: the names of the
    title, else of the lede, when one of them names two or more ("Qingpu, Eastlake University in
    cooperation pact" above "The agreement was signed on Monday")."""
    reader = lead.reader
    for block in lead.blocks[:2]:
        if block.where not in ("title", "lede"):
            continue
        read = reader.read(block.text)
        names = [part for name in read.names
                 if not _VENUE_BEFORE.search(read.masked, max(0, name.start - 12), name.start)
                 for part in name.parts if not is_generic(part, reader)]
        if rules.institutions is not None:
            names += mentioned_parties(block.text, rules.institutions, names)
        names += lower_case_names(block.text, reader.lex)
        defined = short_forms(reader.text, reader)  # "CityU" of the headline, defined below it
        found = merge(parties + [defined.get(name, name) for name in names], reader)
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


# How many paragraphs after the principal part may name the members of an alliance it set up
# (a page that makes every line a paragraph lists them six or seven lines on).
_MEMBER_PARAGRAPHS = 8


def _further(article: Article, lead: Lead) -> list[str]:
    """The paragraphs right after the principal part, where an article on an alliance set up
    often names its members ("Its founding members include ...")."""
    last = lead.blocks[-1].text
    body = article.body
    after = next((index + 1 for index in range(len(body) - 1, -1, -1) if body[index] == last), 0)
    return body[after : after + _MEMBER_PARAGRAPHS]


def _parties(counted: list[_Hit], lead: Lead, lead_text: str, rules: Rules,
             further: list[str], guessed_title: bool = False) -> list[str]:
    """Who partnered: the parties of every counted hit, and for a batch of deals its host,
    members and companies (its host only when no hit names a signatory, or for an alliance;
    the members of an alliance also from the ``further`` paragraphs). ``guessed_title``: the
    title's case was restored (see ``cased_headline``), so its names only add to the story's
    when the story's own deal sentences name fewer than two."""
    # "Jiading signs 23 projects" above the companies that signed: the place only hosts them
    # (a place that forms an alliance is one of its founders)
    hosts = [p for hit in counted if not hit.needs_parties and hit.sentence.block.where == "title"
             and hit.kind != "alliance"
             for p in hit.parties if is_place(p, lead.reader, rules.gazetteer)]
    named = [p for hit in counted for p in hit.parties if p not in hosts]
    if guessed_title:
        named = _story_names_first(named, counted, lead)
    signers = [p for hit in counted if hit.passive
               for p in agents(hit.sentence.names, hit.start)]
    if len(signers) > 1:
        named = signed_for(named, signers, lead.reader)
    # the same deal told again with the district's own bureau as its party
    named = restated(named, [hit.parties for hit in counted if len(hit.parties) > 1], lead.reader)
    batches = [(hit.sentence.names, not named or hit.kind == "alliance")
               for hit in counted if not hit.needs_parties]
    if not batches and len(merge(named, lead.reader)) < 2:  # an alliance whose founders the
        batches = [(hit.sentence.names, False) for hit in counted  # sentence does not name
                   if hit.kind == "alliance"][:1]
    # "Five cities and one district signed an agreement" above the sentence that names them.
    if len(merge(named, lead.reader)) < 2:
        named += [p for hit in counted if _COUNTED_PARTIES.search(hit.sentence.text)
                  and (after := _next_story_sentence(lead, hit.sentence)) is not None
                  and len(listed := leading_names(after.names, lead.reader)) > 1 for p in listed]
    # An alliance set up in one sentence often lists its members in the next.
    batches += [(after.names, False) for hit in counted
                if hit.kind == "alliance" and not hit.needs_parties
                and (after := lead.following(hit.sentence)) is not None]
    compounds = compound_parties(unique([lead.blocks[0].text, *(hit.sentence.text for hit in counted)]),
                                 lead.reader, lambda side: _listed_whole(side, rules))
    return verdict_parties(named, batches, [block.text for block in lead.blocks],
                           lambda index: [s.text for s in lead.sentences(index)], lead_text,
                           lead.reader, rules.gazetteer, hosts, further, compounds)


def _story_names_first(named: list[str], counted: list[_Hit], lead: Lead) -> list[str]:
    """The names the story's deal sentences give, and the title's only where they are the
    same bodies or the story writes them as the title does, when the story gives two or more."""
    reader = lead.reader
    story = merge([p for hit in counted if hit.sentence.block.where != "title"
                   for p in hit.parties], reader)
    if len(story) < 2:
        return named
    below = "\n".join(block.text for block in lead.blocks[1:])
    return [p for p in named if len(merge([*story, p], reader)) == len(story)
            or re.search(rf"\b{re.escape(p)}\b", below) or _spelled_below(p, lead)]


def _spelled_below(name: str, lead: Lead) -> bool:
    """Whether a headline's acronym ("SPDB") is the initials of a name the story writes out
    below it ("Shanghai Pudong Development Bank"): the story names that body, in other words."""
    if not (2 <= len(name) <= 7 and name.isalpha() and name.isupper()):
        return False
    blocks = [block.text for block in lead.blocks]
    return spelled_out(name, blocks[1:], lambda index: [s.text for s in lead.sentences(index + 1)],
                       lead.reader) != name


def _listed_whole(name: str, rules: Rules) -> bool:
    """Whether the gazetteers list the whole of a name: an institution, a place or a district."""
    if rules.institutions is not None and any(
            m.start == 0 and m.end == len(name) for m in rules.institutions.find(name)):
        return True
    return rules.gazetteer is not None and any(
        m.start == 0 and m.end == len(name) for m in find_mentions(name, rules.gazetteer))
