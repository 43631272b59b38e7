"""The principal part of an article, where a partnership must be told to be the news.

The title, the lede, short headings before the story starts and the first story paragraphs, as
the rules file's [position] table says; photo captions, bylines and repeats of the lede are not
paragraphs. Its blocks are split into sentences only when a rule's words occur in them, and
what is read from a sentence (its names, its cues) is read once. monitor.tag.classify finds the
deals in it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from monitor.models import Article
from monitor.read.seedformat import is_photo_credit
from monitor.tag.dating import own_clauses
from monitor.tag.parties import Names, PartiesTable, Reader
from monitor.tag.patterns import Anchored, lower, words_of
from monitor.tag.rules import Rules
from monitor.text import split_sentences

__all__ = ["Block", "Lead", "Sentence", "cased_headline", "lead_blocks"]

class Block(NamedTuple):
    where: str  # "title", "lede", "heading", "p1".."pN"
    text: str
    weight: float


def _repeated(words: set[str], earlier: list[set[str]], overlap: float) -> int | None:
    """Which earlier block ``words`` restate, if any: pages print the lede twice or the title
    under the photo, and such repeats are not paragraphs."""
    if words:
        size = len(words)
        for index, seen in enumerate(earlier):  # (a shorter block cannot hold the share)
            if len(seen) / size >= overlap and len(words & seen) / size >= overlap:
                return index
    return None


# A wire dateline before the story: "SHANGHAI, Jan. 5 -- ", "BEIJING, Dec 1 (Xinhua) — ". The
# place is in capitals and a comma or an agency follows it, so "SAIC — the carmaker — ..." stays;
# after one dateline, a place alone ("SHANGHAI -- ") is another.
_DATELINE = re.compile(r"[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*(?:,(?: [A-Z][\w.]*){1,4}(?: \d{1,2})?"
                       r"(?:, \d{4})?(?: \([^)]{2,30}\)| /[^/\s]{2,30}/)?| \([^)]{2,30}\)) ?(?:--|—|–) ?")
_PLACE_LINE = re.compile(r"[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)* ?(?:--|—|–) ?")


def _dateline_end(text: str) -> int:
    """Where the story starts after a wire dateline (0 without one)."""
    match = _DATELINE.match(text) if text[:1].isupper() else None
    return match.end() if match else 0


def _undated(text: str) -> str:
    """A paragraph with one wire dateline at most: a copy that carries two ("SHANGHAI, Jan. 5 --
    SHANGHAI, Nov. 6 (Xinhua) -- ") keeps the last, so the first is read as no place or party.
    (The last stays: the name reader reads the first words after it as inside a sentence.)"""
    while (end := _dateline_end(text)) and (_DATELINE.match(text, end) or _PLACE_LINE.match(text, end)):
        text = text[end:]
    return text


def _restated(text: str, words: set[str], earlier: list[set[str]], overlap: float) -> int | None:
    """Which earlier block a block restates; a dateline before it counts for neither. (A
    restatement that adds names is still a repeat: counting it as news pushed the deal's own
    paragraph out of the principal part on held-out articles.)"""
    if start := _dateline_end(text):
        text = text[start:]
        words = set(text.lower().split())
    return _repeated(words, earlier, overlap)


_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of",
                          "on", "or", "the", "to", "with", "between", "among", "over", "via"})
_UPPER_WORD = re.compile(r"[A-Z][A-Z0-9&'’.-]*")
# A word as the article writes it; one opens a sentence (there every word has a capital, so its
# case says nothing) after the text's start, a sentence mark, a quotation mark or a line break.
_WRITTEN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&'’-]*(?:\.[A-Za-z]+)*")
_OPENERS = frozenset('.!?\n“"”')


class _Written(NamedTuple):
    """How an article writes its words: each word's forms away from a sentence's start, by its
    lower-case form; the words it writes only where a sentence starts; the pairs of words
    whose second it writes in lower case ("ai", "lab" from "an AI lab"); and the words it
    capitalises only inside a longer name ("hydrogen" of "Qingneng Hydrogen Truck Co")."""

    forms: dict[str, Counter[str]]
    openers: frozenset[str]
    lower_after: frozenset[tuple[str, str]]
    inside_names: frozenset[str] = frozenset()


def _written(text: str) -> _Written:
    forms: dict[str, Counter[str]] = {}
    openers: set[str] = set()
    lower_after: set[tuple[str, str]] = set()
    inside: set[str] = set()
    free: set[str] = set()  # capitalised somewhere not right after a capital word
    previous, previous_end, previous_capital = "", -1, False
    for match in _WRITTEN_WORD.finditer(text):
        word, at = match.group(), match.start()
        follows = at == previous_end + 1 and text[previous_end] == " "
        if word.islower() and follows:
            lower_after.add((previous, word))
        elif word[0].isupper() and not word.isupper():
            (inside if follows and previous_capital else free).add(word.lower())
        previous, previous_end, previous_capital = word.lower(), match.end(), word[0].isupper()
        before = at - 1
        while before >= 0 and text[before] in " \t":
            before -= 1
        opens = before < 0 or text[before] in _OPENERS
        for form in (word, word[:-2]) if word.endswith(("'s", "’s")) else (word,):
            if opens:
                openers.add(form.lower())
            else:
                forms.setdefault(form.lower(), Counter())[form] += 1
    return _Written(forms, frozenset(openers - forms.keys()), frozenset(lower_after),
                    frozenset(inside - free))


def _recased(word: str, written: _Written) -> str | None:
    """A capital word of a headline as the article writes it elsewhere: its commonest form with a
    capital ("Fudan", "AI"), else lower case ("signed"); with a capital if the article only opens
    sentences with it; None if the article never writes it."""
    core = word.rstrip(".")
    low = core.lower()
    if not core[0].isalpha():  # "6TH"
        return low
    seen = written.forms.get(low)
    if seen is None and low.endswith(("'s", "’s")):
        stem = written.forms.get(low[:-2])
        seen = Counter({f"{form}{core[-2]}s": n for form, n in stem.items()}) if stem else None
    capital = [(n, form) for form, n in seen.items() if form[0].isupper()] if seen else []
    if capital:
        return max(capital, key=lambda item: item[0])[1] + word[len(core):]
    if seen:
        return word.lower()
    return word[0] + word[1:].lower() if low in written.openers else None


def _headline_case(title: str, text: str, parties: PartiesTable) -> str:
    """An all-capital headline ("FUDAN AND MINHANG SIGN DEAL") as a headline in ordinary case,
    so names read from its capitals as from any other: each word as the article writes it
    elsewhere, so "UNIVERSITY HAVE SIGNED" reads "University have signed". A page that is only
    its headline says nothing of its words: each is capitalised but the closed-class ones."""
    if title.isupper() and len(title.split()) >= 3:  # (one test per article: keep it cheap)
        split = _UPPER_SPLIT
    elif _is_headline_style(title):
        split = _TITLE_SPLIT
    else:
        return title
    written = _written(text.replace(title, " "))
    if not written.forms:
        return _title_cased(title) if split is _UPPER_SPLIT else title
    pieces = split.split(title)  # words at odd places, what lies between them at even
    cased = [piece if i % 2 == 0 else _recased(piece, written) for i, piece in enumerate(pieces)]
    _keep_acronyms(pieces, cased, split is _TITLE_SPLIT, text)
    _lower_name_inner_words(pieces, cased, written)
    _capitalise_name_runs(pieces, cased, parties, written.lower_after)
    joined = "".join(piece.lower() if form is None else form
                     for piece, form in zip(pieces, cased, strict=True))
    return joined[0].upper() + joined[1:]


_UPPER_SPLIT = re.compile(r"([0-9]*[A-Z][A-Z0-9&'’.-]*)")
_TITLE_SPLIT = re.compile(r"([0-9]*[A-Z][A-Za-z0-9&'’.-]*)")
_HEADLINE_STYLE_WORDS = 4


def _is_headline_style(title: str) -> bool:
    """A headline in Headline Style ("Xinrui Biotech Has Settled in Zhangjiang"): every word of
    letters capitalised but the small ones, and enough of them to tell."""
    words = [word for word in title.split() if word[:1].isalpha()]
    return (len(words) >= _HEADLINE_STYLE_WORDS and not title.isupper()
            and all(word[0].isupper() or word in _SMALL_WORDS for word in words))


def cased_headline(title: str) -> bool:
    """Whether a headline's capitals say nothing of names: all capitals or Headline Style, so
    its case was restored from the story's words, a guess where the story never writes a phrase
    ("PUDONG TOWN" of "a Pudong town")."""
    return (title.isupper() and len(title.split()) >= 3) or _is_headline_style(title)


_CAPITAL_RUN = re.compile(r"[A-Z][A-Za-z'’-]*(?:\s+[A-Z][A-Za-z'’-]*)+")


def _keep_acronyms(pieces: list[str], cased: list[str | None], headline_style: bool,
                   text: str) -> None:
    """A headline word the story never writes stays in capitals when it is an acronym: any word
    in capitals of a Headline Style title ("SUFE, SPDB"), or, in a headline all in capitals, the
    initials of a name the story writes ("SPDB" beside "Shanghai Pudong Development Bank")."""
    unknown = [at for at in range(1, len(pieces), 2) if cased[at] is None
               and 2 <= len(pieces[at]) <= 6 and pieces[at].isalpha() and pieces[at].isupper()]
    if not unknown:
        return
    initials: set[str] = set()
    if not headline_style:
        for run in _CAPITAL_RUN.finditer(text):
            firsts = "".join(word[0] for word in run.group().split())
            initials.update(firsts[i:j] for i in range(len(firsts))
                            for j in range(i + 2, min(len(firsts), i + 6) + 1))
    for at in unknown:
        if headline_style or pieces[at] in initials:
            cased[at] = pieces[at]


def _lower_name_inner_words(pieces: list[str], cased: list[str | None], written: _Written) -> None:
    """A word the story capitalises only inside a longer name, and writes in lower case too, is
    in lower case where no capital word comes before it in the headline: "MAKE HYDROGEN TRUCKS"
    is "make hydrogen trucks" beside "Hongyan Hydrogen Truck Co" and "hydrogen fuel cells"."""
    for at in range(1, len(pieces), 2):
        form = cased[at]
        if form is None or not form[0].isupper():
            continue
        low = form.rstrip(".").lower()
        seen = written.forms.get(low)
        if low not in written.inside_names or seen is None or not any(f.islower() for f in seen):
            continue
        before = cased[at - 2] if at >= 2 and pieces[at - 1].isspace() else None
        if before is None or not before[0].isupper():
            cased[at] = pieces[at].lower()


def _after_indefinite(pieces: list[str], cased: list[str | None], start: int) -> bool:
    """Whether the capital words up to ``start`` follow "a" or "an": a description ("A
    NORWEGIAN UNIVERSITY" is "a Norwegian university"), not a name."""
    at = start
    while at >= 1 and cased[at] is not None and cased[at][0].isupper() \
            and pieces[at].lower() not in ("a", "an"):
        gap = pieces[at - 1]
        if not gap.isspace():  # "and a " between the words of a Headline Style title
            return _INDEFINITE_END.search(gap) is not None
        if at < 2:
            return False
        at -= 2
    return at >= 1 and pieces[at].lower() in ("a", "an")


_INDEFINITE_END = re.compile(r"(?:^|\s)an?\s+$")


def _capitalise_name_runs(pieces: list[str], cased: list[str | None], parties: PartiesTable,
                          lower_after: frozenset[tuple[str, str]]) -> None:
    """A head word ("UNIVERSITY") ends a name when a capital word comes before it, or words the
    article never writes elsewhere ("SHANGHAI JIAO TONG UNIVERSITY", "HARBOR ROBOTICS GROUP"):
    the run keeps its capitals, though the story says "the university". After a capital word, a
    head the story writes in lower case after that word ("an AI lab") stays so, and so does a
    tail ("Jiading district"): names are read with it, and "a Shanghai district" is none. An
    event's or a document's word ("EXPO", "FORUM") ends a name too, which the reader then knows
    for no party ("China International Import Expo")."""
    heads, tails = frozenset(parties.heads) | frozenset(parties.not_parties), frozenset(parties.tails)
    for at in range(1, len(pieces), 2):
        form, head = cased[at], pieces[at].rstrip(".").lower()
        if head not in heads or (form is not None and form[0].isupper()):
            if head in heads and form is not None and _after_indefinite(pieces, cased, at - 2):
                cased[at] = pieces[at].lower()
            continue
        start = at - 2
        while start > 0 and pieces[start + 1].isspace() and cased[start] is None \
                and pieces[start].lower() not in _SMALL_WORDS:
            start -= 2
        before = cased[start] if start > 0 and pieces[start + 1].isspace() else None
        after_capital = before is not None and before[0].isupper()
        if after_capital and _after_indefinite(pieces, cased, start):
            continue
        if start == at - 2 and (not after_capital or (form is not None and (
                head in tails or (pieces[start].lower(), head) in lower_after))):
            continue
        for index in range(max(start, -1) + 2, at + 1, 2):
            cased[index] = pieces[index][0] + pieces[index][1:].lower()


# Words of no name: English's closed classes (auxiliaries, pronouns, determiners), lower case
# in a headline that gives nothing else to go by.
_CLOSED_WORDS = _SMALL_WORDS | frozenset({
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can",
    "could", "may", "should", "must", "do", "does", "did", "its", "it", "their", "they", "his",
    "her", "he", "she", "we", "our", "this", "that", "these", "those", "which", "who", "whose",
    "not", "but", "than", "also", "after", "before", "while", "under", "over", "about"})


def _title_cased(title: str) -> str:
    def recase(match: re.Match[str]) -> str:
        word = match.group()
        return word.lower() if word.lower() in _CLOSED_WORDS else word[0] + word[1:].lower()

    cased = _UPPER_WORD.sub(recase, title)
    return cased[0].upper() + cased[1:]


# A caption under a photo credit tells what the picture shows, in the present or with no verb
# ("Officials attend the signing ceremony on Monday.", "Guests at the forum in Lingang."); a
# story paragraph tells what happened: a past or future form, an attribution.
_STORY_WORDS = frozenset({
    "was", "were", "has", "have", "had", "will", "would", "could", "should", "did", "been", "said",
    "says", "according", "announced", "held", "began", "made", "took", "saw", "won", "led", "met",
    "gave", "became", "brought", "built", "drew", "sent", "spent", "struck", "went", "came", "got",
    "found", "grew", "rose", "fell", "told", "sold", "broke", "chose", "kept", "paid", "ran", "stood",
    "wrote", "bought", "sought", "there"})
_PAST_VERB = re.compile(r"\b[a-z]{3,}ed\s+(?:the|a|an|its|their|his|her|in|on|at|with|by|to|for|from|into|"
                        r"over|up|out|about|more|nearly|around|after|during|under|last|this|\d)\b"
                        r"|\b[a-z]{3,}ed[.,;]?$"
                        r"|\b(?:who|which|that|and|also|jointly|recently|officially|formally)"
                        r"\s+[a-z]{3,}ed\b")
# A past verb after a name ("Lu Fangzhou delivered speeches"), or a story that opens on a phrase
# of time or place and a comma ("At a gathering earlier this month, ...").
_NAMED_PAST = re.compile(r"\b[A-Z][\w'’-]*\s+[a-z]{3,}ed\b"
                         r"|^(?:At|On|In|During|After|Before|Since)\b[^,]{3,60},")


def _is_caption(text: str, words: list[str], most: int) -> bool:
    """Whether the block under a photo credit is its caption: one short sentence that tells no
    news (see above)."""
    return (len(words) <= most and not _STORY_WORDS.intersection(w.strip(",.;:") for w in words)
            and len(split_sentences(text)) == 1 and _PAST_VERB.search(text.lower()) is None
            and _NAMED_PAST.search(text) is None)


def _as_headline(text: str, article: Article, rules: Rules) -> str:
    """A block that is a headline in Headline Style or capitals (the real headline under a
    site's name taken for the title), in ordinary case like the title."""
    if text.endswith(".") or not (_is_headline_style(text) or text.isupper()):
        return text
    return _headline_case(text, article.text, rules.spec.parties)


def lead_blocks(article: Article, rules: Rules) -> list[Block]:
    """Title, lede, headings before the story starts, then the first N story paragraphs."""
    pos, body = rules.spec.position, article.body
    blocks = [Block("title", _headline_case(article.title, article.text, rules.spec.parties),
                    pos.title_weight)]
    seen = [set(article.title.lower().split())]
    lede = article.lede
    if not lede and len(body) >= 3 and body[0] == body[2] and len(body[0].split()) < 5:
        lede, body = body[1], body[3:]  # pages that print the byline around the standfirst
    lede = lede and _undated(lede)
    if lede and len(lede.split()) < pos.caption_max_words and any(p.search(lede) for p in rules.skip):
        lede = None  # a byline or photo credit the page put where its standfirst goes
    lede_at = None
    if lede and _restated(lede, bag := set(lede.lower().split()), seen, pos.duplicate_overlap) is None:
        blocks.append(Block("lede", _as_headline(lede, article, rules), pos.lede_weight))
        seen.append(bag)
        lede_at = len(blocks) - 1
    story, most, overlap = 0, pos.lead_paragraphs, pos.duplicate_overlap
    under_credit = bool(article.photo_credits)
    for text in body:
        if story >= most:
            break
        text = _undated(text)
        words = text.lower().split()  # as many words as text.split(): case has no spaces
        count = len(words)
        captioned, under_credit = under_credit, count < pos.min_words and is_photo_credit(text)
        if count < pos.caption_max_words and any(p.search(text) for p in rules.skip):
            continue
        if captioned and count >= pos.min_words and _is_caption(text, words, pos.credit_caption_max_words):
            continue
        if count < pos.min_words:
            if story == 0 and count >= 2:
                blocks.append(Block("heading", _as_headline(text, article, rules), pos.heading_weight))
        elif (again := _restated(text, bag := set(words), seen, overlap)) is None:
            story += 1
            blocks.append(Block(f"p{story}", _as_headline(text, article, rules), pos.body_weight))
            seen.append(bag)
        elif again == 1 and lede_at is not None and len(bag) > len(seen[1]):
            # the standfirst cut short of its verb above the paragraph that tells it in full
            # ("A and B to build ..." over "A and B have signed an agreement to build ..."): the
            # fuller one is the lede, still one block
            blocks[lede_at] = Block("lede", text, pos.lede_weight)
            seen[1] = bag
    return blocks


@dataclass(slots=True)
class Sentence:
    """One sentence of the principal part; what is read from it is read once, when needed."""

    text: str
    block: Block
    reader: Reader = field(repr=False)
    low: str | None = field(repr=False)  # lower(text), for the anchored patterns
    _names: Names | None = field(default=None, repr=False)
    _found: dict[int, bool] = field(default_factory=dict, repr=False)
    opened: str = field(default="", repr=False)  # the quotation marks of its block before it

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

    def in_quote(self, at: int) -> bool:
        """Whether the word at ``at`` stands inside a quotation: someone's words ("We have
        signed agreements with 20 universities," he said) are a claim, not the report."""
        marks = self.opened + "".join(c for c in self.text[:at] if c in _QUOTES)
        return marks.count("“") > marks.count("”") or marks.count('"') % 2 == 1

    def has_own(self, cue: Anchored, opening: re.Pattern[str], at: int) -> bool:
        """Whether the clauses of the verb at ``at`` hold the cue, or open with ``opening``: not
        an aside about a party."""
        if not (self.has(cue) or opening.match(self.text)):
            return False
        text = own_clauses(self.text, at)
        return text is self.text or (cue.search(text, lower(text)) is not None
                                     or opening.match(text) is not None)


_QUOTES = frozenset('"“”')


def _quotes_before(sentences: list[str]) -> list[str]:
    """For each sentence of a block, the quotation marks of the sentences before it (a block's
    sentences are its text in order, less the white space between them)."""
    marks, found = [], ""
    for text in sentences:
        marks.append(found)
        found += "".join(c for c in text if c in _QUOTES)
    return marks


class Lead:
    """The principal part's blocks, split into sentences only when a block is needed: most
    blocks of most articles hold no word a rule requires and are never split."""

    def __init__(self, blocks: list[Block], reader: Reader) -> None:
        self.blocks, self.reader = blocks, reader
        self._split: list[list[Sentence] | None] = [None] * len(blocks)
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

    def sentences(self, index: int) -> list[Sentence]:
        split = self._split[index]
        if split is None:
            block = self.blocks[index]
            plain = block.text.replace("’", "'")
            texts = split_sentences(plain)
            if texts and (start := _dateline_end(texts[0])) and start < len(texts[0]):
                texts[0] = texts[0][start:]  # its first sentence starts after the dateline
            opened = _quotes_before(texts) if any(c in plain for c in _QUOTES) else []
            split = self._split[index] = [
                Sentence(text, block, self.reader, lower(text), opened=opened[i] if opened else "")
                for i, text in enumerate(texts)]
        return split

    def following(self, sentence: Sentence) -> Sentence | None:
        """The sentence after ``sentence`` in the principal part, if any."""
        index = next(i for i, block in enumerate(self.blocks) if block is sentence.block)
        split = self.sentences(index)
        position = next(i for i, s in enumerate(split) if s is sentence)
        if position + 1 < len(split):
            return split[position + 1]
        return self.sentences(index + 1)[0] if index + 1 < len(self.blocks) else None

    def earlier(self, index: int, position: int) -> Iterator[Sentence]:
        """The sentences before the ``position``-th of block ``index``, nearest first."""
        yield from reversed(self.sentences(index)[:position])
        for before in range(index - 1, -1, -1):
            yield from reversed(self.sentences(before))
