"""Tag partnership announcements with rules a reader can check and a user can extend.

Why rules and not a trained model: every tag in the digest must come with the sentence that proves
it and the rule that fired, and users must be able to add a verb or a document name without
writing Python. So config/rules/partnership.toml holds the patterns and word lists, and this module
holds only general machinery:

* where the principal part of an article is (title, lede, first paragraphs; bylines, captions and
  repeated ledes are not paragraphs), because a deal mentioned in passing deep in the text is not
  the news;
* how a hedge ("will sign", "plans to set up") or a negation attaches to the verb a rule found;
* how organisation names are read off a sentence around that verb (subject list, "with ...",
  "between ... and ...", "by ..."), and how short forms ("Fudan", "the District Government") are
  resolved against the rest of the article.

Everything here is a pure function of the article and the Rules; only ``load_rules`` reads files.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from monitor.districts import Gazetteer, find_districts, find_mentions, load_gazetteer
from monitor.errors import ConfigError
from monitor.models import Article, Classification, Kind
from monitor.text import split_sentences

__all__ = ["CODE_VERSION", "Rules", "classify", "load_rules"]

# Bump when the machinery below changes what a given rules file produces.
CODE_VERSION = "classify 1"

# ---- the rules file ------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Position(_Strict):
    lead_paragraphs: int = Field(3, ge=0)
    min_words: int = Field(8, ge=1)
    duplicate_overlap: float = Field(0.7, gt=0.0, le=1.0)
    title_weight: float = Field(1.0, ge=0.0, le=1.0)
    lede_weight: float = Field(1.0, ge=0.0, le=1.0)
    heading_weight: float = Field(0.95, ge=0.0, le=1.0)
    body_weight: float = Field(0.9, ge=0.0, le=1.0)
    caption_max_words: int = Field(30, ge=0)
    skip: list[str] = Field(default_factory=list)


class _Batch(_Strict):
    min_count: int = Field(3, ge=1)
    investment_words: list[str] = Field(default_factory=list)


class _Kinds(_Strict):
    priority: list[Kind]
    words: dict[Kind, list[str]] = Field(default_factory=dict)


class _Cues(_Strict):
    hedge: list[str]
    negation: list[str]
    background: list[str] = Field(default_factory=list)
    pronouns: list[str] = Field(default_factory=list)


class _RuleSpec(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Kind
    weight: float = Field(ge=0.0, le=1.0)
    needs_parties: bool = True
    subject: Literal["any", "coordinated"] = "any"
    requires: list[str] = Field(default_factory=list)
    pattern: str = Field(min_length=1)
    why: str = ""


class _Parties(_Strict):
    heads: list[str]
    tails: list[str]
    dropped_tails: list[str] = Field(default_factory=list)
    joiners: list[str]
    not_names: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    surnames: list[str] = Field(default_factory=list)
    not_parties: list[str] = Field(default_factory=list)
    not_alone: list[str] = Field(default_factory=list)
    generic: list[str] = Field(default_factory=list)
    company_heads: list[str] = Field(default_factory=list)
    place_heads: list[str] = Field(default_factory=list)


class _RulesFile(_Strict):
    name: str = Field(min_length=1)
    version: int = Field(ge=1)
    threshold: float = Field(0.5, gt=0.0, le=1.0)
    extra_hit_bonus: float = Field(0.05, ge=0.0, le=0.5)
    gazetteer: str | None = None
    position: _Position = Field(default_factory=_Position)
    batch: _Batch = Field(default_factory=_Batch)
    kinds: _Kinds
    words: dict[str, list[str]]
    fragments: dict[str, str] = Field(default_factory=dict)
    cues: _Cues
    rule: list[_RuleSpec] = Field(min_length=1)
    parties: _Parties
    sectors: dict[str, list[str]] = Field(default_factory=dict)


# ---- compiled rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    id: str
    kind: Kind
    weight: float
    needs_parties: bool
    coordinated: bool
    requires: frozenset[str]  # names of word lists; see Rules.firsts
    regex: re.Pattern[str]


@dataclass(frozen=True)
class _Lexicon:
    """Party-name machinery: the name pattern and the word sets that judge a candidate name."""

    regex: re.Pattern[str]
    heads: frozenset[str]
    not_names: frozenset[str]
    roles: frozenset[str]
    surnames: frozenset[str]
    not_parties: frozenset[str]
    not_alone: frozenset[str]
    generic: frozenset[str]
    company_heads: frozenset[str]
    place_heads: frozenset[str]


@dataclass(frozen=True)
class _Phrases:
    """Labelled phrases found in one scan of the lower-cased text (a trie pattern), on word
    boundaries; all-capital phrases ("AI", "IC") must also be in capitals in the text."""

    labels: tuple[str, ...]
    pattern: re.Pattern[str]
    entries: dict[str, tuple[tuple[int, str | None], ...]]  # phrase -> (label, exact form)

    @classmethod
    def build(cls, labels: tuple[str, ...], phrases: list[list[str]]) -> _Phrases:
        entries: dict[str, list[tuple[int, str | None]]] = {}
        for label, words in enumerate(phrases):
            for phrase in words:
                key = " ".join(phrase.lower().split())
                entries.setdefault(key, []).append((label, phrase if phrase.isupper() else None))
        pattern = re.compile(_alternation(list(entries)) or "(?!)")
        return cls(labels, pattern, {key: tuple(value) for key, value in entries.items()})

    def find(self, text: str) -> list[str]:
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered, text = text, text  # a letter whose lower case is longer: match as written
        found: set[int] = set()
        for match in self.pattern.finditer(lowered):
            start, end = match.span()
            if (start and lowered[start - 1].isalnum()) or lowered[end : end + 1].isalnum():
                continue
            for label, exact in self.entries.get(" ".join(match.group().split()), ()):
                if exact is None or " ".join(text[start:end].split()) == exact:
                    found.add(label)
        return [self.labels[label] for label in sorted(found)]


@dataclass(frozen=True)
class Rules:
    """A validated, compiled rules file. ``version`` names rules and code, for stored results."""

    name: str
    version: str
    path: Path
    spec: _RulesFile
    gazetteer: Gazetteer | None
    rules: tuple[_Rule, ...]
    firsts: dict[str, frozenset[str]]
    hedge: re.Pattern[str]
    negation: re.Pattern[str]
    background: re.Pattern[str]
    pronoun: re.Pattern[str]
    skip: re.Pattern[str]
    lexicon: _Lexicon
    sectors: _Phrases
    kind_words: tuple[tuple[Kind, re.Pattern[str]], ...]
    investment: re.Pattern[str]


def load_rules(path: Path) -> Rules:
    """Read, validate and compile a rules file; any fault raises ConfigError naming file and key."""
    path = Path(path)
    spec = _validate(path, _read_toml(path))
    gazetteer = load_gazetteer(path.parent / spec.gazetteer) if spec.gazetteer else None
    return _Compiler(path, spec).compile(gazetteer)


def _read_toml(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(path, f"cannot read rules: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"not valid TOML: {error}") from None


def _validate(path: Path, data: dict[str, object]) -> _RulesFile:
    try:
        return _RulesFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or None
        raise ConfigError(path, first["msg"], key=key) from None


_WORD = re.compile(r"[a-z0-9]+")


def _phrase(phrase: str) -> str:
    """A literal phrase as a pattern in which any white space matches any run of white space."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _alternation(phrases: list[str]) -> str:
    """The phrases as one pattern, factored into a trie ("sign(?:s|ed|ing)?"): Python's engine
    tries alternatives one by one, so shared prefixes make long word lists several times faster.
    White space in a phrase matches any run of white space."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in phrases:
        node = trie
        for unit in " ".join(phrase.split()):
            node = node.setdefault(unit, {})
        if node is not trie:
            node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    branches = [(r"\s+" if unit == " " else re.escape(unit)) + _trie_pattern(child)
                for unit, child in sorted(node.items()) if unit]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?" if len(branches) == 1 else body + "?"
    return body


class _Compiler:
    """Turns the validated file into regular expressions, naming the key of anything that fails."""

    _MACRO = re.compile(r"\{([a-z_]+)\}")

    def __init__(self, path: Path, spec: _RulesFile) -> None:
        self.path, self.spec = path, spec
        self.macros = {name: _alternation(words) or "(?!)" for name, words in spec.words.items()}
        self.macros.update(spec.fragments)

    def expand(self, pattern: str, key: str, depth: int = 0) -> str:
        if depth > 8:
            raise ConfigError(self.path, "{macros} nest too deeply (a loop?)", key=key)

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.macros:
                raise ConfigError(self.path, f"unknown {{{name}}}: not in [words] or [fragments]",
                                  key=key)
            return "(?:" + self.expand(self.macros[name], key, depth + 1) + ")"

        return self._MACRO.sub(replace, pattern)

    def regex(self, pattern: str, key: str,
              flags: int = re.IGNORECASE | re.VERBOSE) -> re.Pattern[str]:
        try:
            return re.compile(self.expand(pattern, key), flags)
        except re.error as error:
            raise ConfigError(self.path, f"bad regular expression: {error}", key=key) from None

    def rule(self, index: int, spec: _RuleSpec) -> _Rule:
        key = f"rule.{index}.pattern"
        regex = self.regex(spec.pattern, key)
        if "verb" not in regex.groupindex:
            raise ConfigError(self.path, "pattern has no (?P<verb>...) group", key=key)
        unknown = [name for name in spec.requires if name not in self.spec.words]
        if unknown:
            raise ConfigError(self.path, f"unknown word lists {unknown}",
                              key=f"rule.{index}.requires")
        return _Rule(spec.id, spec.kind, spec.weight, spec.needs_parties,
                     spec.subject == "coordinated", frozenset(spec.requires), regex)

    def firsts(self) -> dict[str, frozenset[str]]:
        """For each word list a rule requires, the first words of its phrases."""
        names = {name for rule in self.spec.rule for name in rule.requires}
        return {name: frozenset(_WORD.findall(w.lower())[0] for w in self.spec.words[name]
                                if _WORD.search(w.lower())) for name in sorted(names)}

    def cue(self, phrases: list[str], key: str) -> re.Pattern[str]:
        filler = _alternation(self.spec.words.get("filler", [])) or "(?!)"
        return self.regex(rf"(?:^|[^\w'])(?:{_alternation(phrases) or '(?!)'})\s+"
                          rf"(?:(?:{filler}|\w+ly)\s+){{0,3}}$", key, re.IGNORECASE)

    def any_of(self, patterns: list[str], key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        return self.regex("|".join(f"(?:{p})" for p in patterns) or "(?!)", key, flags)

    def words(self, phrases: list[str], key: str) -> re.Pattern[str]:
        """Phrases on word boundaries; all-capital ones ("AI", "IC") only in capitals."""
        parts = [f"(?-i:{_phrase(p)})" if p.isupper() else _phrase(p) for p in phrases]
        if not parts:
            return re.compile("(?!)")
        return self.regex(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", key, re.IGNORECASE)

    def sectors(self) -> _Phrases:
        labels = tuple(label for label, words in self.spec.sectors.items() if words)
        return _Phrases.build(labels, [self.spec.sectors[label] for label in labels])

    def lexicon(self) -> _Lexicon:
        p = self.spec.parties
        cap = r"(?:Co\.|Ltd\.|Inc\.|Corp\.|[A-Z][\w'’&-]*|\d+[A-Z][\w-]*)"
        poss = rf"(?:{cap}(?:\s+{cap}){{0,2}}['’]s\s+)"
        core = (rf"{cap}(?:\s+(?:{cap}|\([A-Z][a-z]+\))|\s+(?:{_alternation(p.joiners)})\s+{cap})*"
                rf"(?:\s+(?:{_alternation(p.tails)})\b)*")
        dropped = _alternation(p.dropped_tails) or "(?!)"
        name = rf"(?<![\w'’-])(?P<poss>{poss})?(?P<core>{core})(?:\s+(?:{dropped})\b)?"
        lower = lambda words: frozenset(w.lower() for w in words)  # noqa: E731
        return _Lexicon(self.regex(name, "parties", 0), lower(p.heads), frozenset(p.not_names),
                        lower(p.roles), frozenset(p.surnames), lower(p.not_parties),
                        lower(p.not_alone), lower(p.generic), lower(p.company_heads),
                        lower(p.place_heads))

    def compile(self, gazetteer: Gazetteer | None) -> Rules:
        spec = self.spec
        return Rules(
            name=spec.name, version=f"{spec.name} {spec.version}; {CODE_VERSION}", path=self.path,
            spec=spec, gazetteer=gazetteer,
            rules=tuple(self.rule(i, r) for i, r in enumerate(spec.rule)),
            firsts=self.firsts(),
            hedge=self.cue(spec.cues.hedge, "cues.hedge"),
            negation=self.cue(spec.cues.negation, "cues.negation"),
            background=self.any_of(spec.cues.background, "cues.background"),
            pronoun=self.any_of(spec.cues.pronouns, "cues.pronouns"),
            skip=self.any_of(spec.position.skip, "position.skip", 0),
            lexicon=self.lexicon(),
            sectors=self.sectors(),
            kind_words=tuple((kind, self.words(words, f"kinds.words.{kind}"))
                             for kind, words in spec.kinds.words.items() if words),
            investment=self.words(spec.batch.investment_words, "batch.investment_words"),
        )


# ---- the principal part of an article ------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    where: str  # "title", "lede", "heading", "p1".."pN"
    text: str
    weight: float


def _words(text: str) -> set[str]:
    return set(text.lower().split())


def _is_repeat(text: str, earlier: list[set[str]], overlap: float) -> bool:
    """Pages print the lede twice or the title under the photo; such repeats are not paragraphs."""
    words = _words(text)
    return bool(words) and any(len(words & seen) / len(words) >= overlap for seen in earlier)


def _lead(article: Article, rules: Rules) -> list[_Block]:
    """Title, lede, headings before the story starts, then the first N story paragraphs."""
    pos = rules.spec.position
    blocks = [_Block("title", article.title, pos.title_weight)]
    seen = [_words(article.title)]
    if article.lede and not _is_repeat(article.lede, seen, pos.duplicate_overlap):
        blocks.append(_Block("lede", article.lede, pos.lede_weight))
        seen.append(_words(article.lede))
    story = 0
    for text in article.body:
        if story >= pos.lead_paragraphs:
            break
        words = len(text.split())
        if words < pos.caption_max_words and rules.skip.search(text):
            continue
        if words < pos.min_words:
            if story == 0 and words >= 2:
                blocks.append(_Block("heading", text, pos.heading_weight))
            continue
        if _is_repeat(text, seen, pos.duplicate_overlap):
            continue
        story += 1
        blocks.append(_Block(f"p{story}", text, pos.body_weight))
        seen.append(_words(text))
    return blocks


# ---- names of parties ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    """A capitalised phrase in a sentence; ``parts`` are its names once "A and B" is split."""

    start: int
    end: int
    parts: tuple[str, ...]


class _Sentence:
    """One sentence of the principal part; its names are read once, when a rule first needs them."""

    def __init__(self, text: str, block: _Block) -> None:
        self.text, self.block = text, block
        self.words = set(_WORD.findall(text.lower()))
        self._names: tuple[str, list[_Name]] | None = None

    def names(self, lex: _Lexicon) -> tuple[str, list[_Name]]:
        """The sentence with asides blanked out, and the names in it."""
        if self._names is None:
            masked = _mask(self.text)
            self._names = (masked, _names(masked, lex))
        return self._names


_PARENTHESIS = re.compile(r"\((?![A-Z][a-z]+\))[^()]*\)")
_APPOSITIVE = re.compile(r",\s+(?:a|an|both|which|who|whose|located|based|headquartered|one\s+of|"
                         r"each|its|their|the\s+\w+'s)\b[^,;]{0,120},")
_COORDINATOR = re.compile(r"^\s*,?\s*(?:(?:and|or|&|together\s+with|along\s+with|as\s+well\s+as)\s+)?"
                          r"(?:the\s+)?$", re.IGNORECASE)
_MODIFIER = re.compile(r"^\s+(?:in|from|of|at|under)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}$")
_AUXILIARY = re.compile(r"^(?:\s+(?:have|has|had|was|were|is|are|also|now|just|both|all|"
                        r"then|today|yesterday|together|\w+ly|on\s+\w+day))*\s*$", re.IGNORECASE)
_CUE = re.compile(r"\b(with|between|by)\s+", re.IGNORECASE)
_MEMBER_CUE = re.compile(r"\b(?:such\s+as|including|includes|include)\s+", re.IGNORECASE)
# What may stand before the first name of a list: nothing, "the", or an unnamed party joined to
# the names ("by the industrial alliance and Shanghai University, ...").
_LIST_START = re.compile(r"^\s*(?:the\s+)?(?:(?:[a-z][\w-]*\s+){1,5}(?:and|,)\s+(?:the\s+)?)?$")


def _mask(sentence: str) -> str:
    """Blank out asides ("(US$1 billion)", ", a subsidiary of X,") keeping every offset."""
    blank = lambda match: " " * len(match.group())  # noqa: E731
    return _APPOSITIVE.sub(blank, _PARENTHESIS.sub(blank, sentence.replace("’", "'")))


def _names(sentence: str, lex: _Lexicon) -> list[_Name]:
    names = []
    for match in lex.regex.finditer(sentence):
        parts = tuple(p for p in (_tidy(t, lex) for t in _split(match.group("core"), lex)) if p)
        if parts:
            names.append(_Name(match.start(), match.end(), parts))
    return names


def _split(core: str, lex: _Lexicon) -> list[list[str]]:
    """Split "A University and B Group" but not "Ministry of Science and Technology"."""
    tokens = core.split()
    parts: list[list[str]] = [[]]
    for index, token in enumerate(tokens):
        if token == "and" and parts[-1] and _ends_name(parts[-1], tokens[index + 1 :], lex):
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _ends_name(left: list[str], right: list[str], lex: _Lexicon) -> bool:
    if len(left) == 1 or _is_person(left, lex):
        return True
    if "of" in left:  # inside "University of X and Y" only a complete name on the right splits
        nxt = right[: right.index("and")] if "and" in right else right
        return len(nxt) >= 2 and nxt[-1].lower() in lex.heads
    return left[-1].lower() in lex.heads


def _is_person(tokens: list[str], lex: _Lexicon) -> bool:
    return (2 <= len(tokens) <= 3 and tokens[0] in lex.surnames
            and all(t.isalpha() and t.istitle() and t.lower() not in lex.heads for t in tokens))


def _tidy(tokens: list[str], lex: _Lexicon) -> str:
    """The name as written, without leading "The"/"On Monday" words; "" when it is no party."""
    while tokens and (tokens[0] in lex.not_names or tokens[0].lower() in ("of", "and", "for")):
        tokens = tokens[1:]
    if tokens and tokens[-1] in lex.not_names:  # "Co. The factory": a sentence ran on
        while tokens and tokens[-1] in lex.not_names:
            tokens = tokens[:-1]
        tokens = [*tokens[:-1], tokens[-1].rstrip(".")] if tokens else tokens
    if tokens and tokens[-1].endswith(("'s", "’s")):
        tokens = [*tokens[:-1], tokens[-1][:-2]]
    lowered = [t.lower() for t in tokens]
    if len(tokens) == 1 and re.fullmatch(r"[A-Z][a-z]+-[a-z-]+", tokens[0]):
        return ""  # "On-site", "High-end": a sentence-initial compound, not a name
    if (not tokens or _is_person(tokens, lex) or any(t in lex.roles for t in lowered)
            or lowered[-1] in lex.not_parties or " ".join(lowered) in lex.not_alone):
        return ""
    return " ".join(tokens)


def _is_coordinator(gap: str) -> bool:
    return bool(_COORDINATOR.match(gap)) and bool(re.search(r",|&|\band\b|\bor\b|\bwith\b", gap))


def _chain_before(names: list[_Name], sentence: str, pos: int,
                  lex: _Lexicon) -> tuple[list[str], bool]:
    """The coordinated subject ending right before ``pos``; also whether it was coordinated.

    In a headline every word is capitalised ("District Government Signs Agreement with X"), so a
    name running into the verb is cut at the verb."""
    before = [n for n in names if n.end <= pos]
    for name in names:
        if name.start < pos < name.end:
            cut = _names(sentence[name.start : pos].rstrip(), lex)
            before += [_Name(name.start + n.start, name.start + n.end, n.parts) for n in cut]
    if not before or not _AUXILIARY.match(sentence[before[-1].end : pos]):
        return [], False
    chain, joined = [before[-1]], len(before[-1].parts) > 1
    for prev in reversed(before[:-1]):
        gap = sentence[prev.end : chain[0].start]
        if _MODIFIER.match(gap):  # "Taizhou in Zhejiang Province": the first name is the subject
            chain[0] = prev
            joined = len(prev.parts) > 1 or joined
        elif _is_coordinator(gap):
            chain.insert(0, prev)
            joined = joined or bool(re.search(r"&|\band\b|\bwith\b", gap))
        else:
            break
    if not joined:
        chain = chain[-1:]
    return [part for name in chain for part in name.parts], joined


def _chain_after(names: list[_Name], sentence: str, pos: int) -> list[str]:
    """The coordinated list starting at ``pos`` ("with A, B and C in D" gives A, B, C)."""
    after = [n for n in names if n.start >= pos]
    if not after or not _LIST_START.match(sentence[pos : after[0].start]):
        return []
    chain, end = [after[0]], after[0].end
    for nxt in after[1:]:
        gap = sentence[end : nxt.start]
        if _MODIFIER.match(gap):
            end = nxt.end
        elif _is_coordinator(gap):
            chain.append(nxt)
            end = nxt.end
        else:
            break
    return [part for name in chain for part in name.parts]


def _parties_around(sentence: _Sentence, start: int, end: int,
                    lex: _Lexicon) -> tuple[list[str], bool]:
    """Parties of a deal: its subject, and the lists after "with", "between" and "by"."""
    masked, names = sentence.names(lex)
    found, joined = _chain_before(names, masked, start, lex)
    taken: set[str] = set()
    for cue in _CUE.finditer(masked):
        word = cue.group(1).lower()
        if word in taken or (word != "between" and cue.start() < end):
            continue
        chain = _chain_after(names, masked, cue.end())
        if chain:
            found += chain
            taken.add(word)
    return _unique(found), joined


def _leading_chain(sentence: _Sentence, lex: _Lexicon) -> list[str]:
    """The names a sentence opens with: what "they" or "the two sides" later points back to."""
    masked, names = sentence.names(lex)
    if not names or len(masked[: names[0].start].split()) > 5:
        return []
    return _chain_after(names, masked, names[0].start)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# ---- merging and resolving names -----------------------------------------------------------------


def _tokens(name: str) -> list[str]:
    return [t for t in name.lower().replace("’", "'").split() if t != "the"]


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.replace("-", " ").split() if word[0].isupper())


def _same_party(a: str, b: str, lex: _Lexicon) -> bool:
    """Same organisation: "Fudan" / "Fudan University"; "Chongming (District) Government";
    "ECUST" / "East China University of Science and Technology"."""
    short, long = sorted((_tokens(a), _tokens(b)), key=len)
    if short == long:
        return True
    acronym, full = sorted((a, b), key=len)
    if acronym.isupper() and " " not in acronym and acronym == _initials(full):
        return True
    if short and short[-1] not in lex.heads and long[: len(short)] == short:
        return True
    return set(short) < set(long) and set(long) - set(short) <= lex.generic


def _merge(parties: list[str], lex: _Lexicon) -> list[str]:
    merged: list[str] = []
    for party in parties:
        for index, kept in enumerate(merged):
            if _same_party(party, kept, lex):
                merged[index] = max(kept, party, key=lambda n: len(_tokens(n)))
                break
        else:
            merged.append(party)
    return merged


@dataclass
class _Resolver:
    """Resolves short forms against the whole article; the article's names are read lazily."""

    article: Article
    rules: Rules
    lead_text: str
    _all: list[str] | None = None

    def all_names(self) -> list[str]:
        if self._all is None:
            text = _mask(self.article.text)
            self._all = [p for n in _names(text, self.rules.lexicon) for p in n.parts]
        return self._all

    def resolve(self, party: str) -> str:
        lex = self.rules.lexicon
        tokens = _tokens(party)
        if tokens and _is_generic(party, lex):
            return self._generic(party, tokens[-1])
        if tokens and tokens[-1] not in lex.heads:
            return self._longer(party, tokens)
        return party

    def _longer(self, party: str, tokens: list[str]) -> str:
        """"Fudan" → the fuller name the article uses most, e.g. "Fudan University"."""
        heads = self.rules.lexicon.heads
        fuller = Counter(n for n in self.all_names() if len(_tokens(n)) - len(tokens) in (1, 2)
                         and _tokens(n)[: len(tokens)] == tokens and _tokens(n)[-1] in heads)
        return fuller.most_common(1)[0][0] if fuller else party

    def _generic(self, party: str, head: str) -> str:
        """"The District Government" → the district the article names; "the Park" → the park."""
        if head in ("district", "government") and self.rules.gazetteer is not None:
            return self._district() or party
        for name in self.all_names():
            tokens = _tokens(name)
            if tokens[-1] == head and not all(t in self.rules.lexicon.generic for t in tokens):
                return name
        return party

    def _district(self) -> str | None:
        gazetteer = self.rules.gazetteer
        assert gazetteer is not None
        for mention in find_mentions(self.lead_text, gazetteer):
            if mention.label in gazetteer.districts:
                written = re.search(rf"\b{re.escape(mention.text)}\s+District\b", self.article.text,
                                    re.IGNORECASE)
                return written.group() if written else f"{mention.label} District"
        return None


# ---- hits ----------------------------------------------------------------------------------------


@dataclass
class _Hit:
    rule: _Rule
    kind: Kind
    sentence: str
    block: _Block
    parties: list[str]
    status: str = "ok"  # or hedged, negated, background, no-parties, not-coordinated
    needs_parties: bool = True
    pronoun: bool = False
    where: _Sentence | None = None

    @property
    def score(self) -> float:
        return self.rule.weight * self.block.weight


_NUMBER_WORDS = {word: value for value, word in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
     "nineteen", "twenty"])}


def _count_value(text: str, several: int) -> int:
    """The number in a count; "twenty-three" counts as twenty; "a number of" as ``several``."""
    digits = re.search(r"\d[\d,]*", text)
    if digits:
        return int(digits.group().replace(",", ""))
    first = re.split(r"[\s-]+", text.lower().strip())
    known = [_NUMBER_WORDS[w] for w in first if w in _NUMBER_WORDS]
    return known[0] if known else several


def _verb_span(match: re.Match[str]) -> tuple[int, int]:
    name = "verb" if match.group("verb") is not None else "verb2"
    return match.start(name), match.end(name)


def _hit(rule: _Rule, match: re.Match[str], sentence: _Sentence, rules: Rules) -> _Hit:
    start, end = _verb_span(match)
    kind, needs = rule.kind, rule.needs_parties
    if kind in ("agreement", "joint_entity"):
        kind = next((k for k, pat in rules.kind_words if pat.search(match.group())), kind)
    count = match.groupdict().get("count")
    if count and _count_value(count, rules.spec.batch.min_count) < rules.spec.batch.min_count:
        small_investment = rules.investment.search(match.group())
        kind, needs = ("investment_deal", False) if small_investment else ("agreement", True)
    parties, joined = _parties_around(sentence, min(start, match.start()), end, rules.lexicon)
    text = sentence.text
    hit = _Hit(rule, kind, text, sentence.block, parties, needs_parties=needs,
               pronoun=bool(rules.pronoun.search(text)), where=sentence)
    before = text[max(0, start - 80) : start]
    if rules.negation.search(before):
        hit.status = "negated"
    elif rules.hedge.search(before):
        hit.status = "hedged"
    elif rules.background.search(text):
        hit.status = "background"
    elif rule.coordinated and not joined:
        hit.status = "not-coordinated"
    return hit


def _hits(blocks: list[_Block], rules: Rules) -> tuple[list[_Hit], list[_Sentence]]:
    """Every rule match in the principal part, and its sentences."""
    hits: list[_Hit] = []
    sentences: list[_Sentence] = []
    for block in blocks:
        for text in split_sentences(block.text.replace("’", "'")):
            sentence = _Sentence(text, block)
            present = {name for name, firsts in rules.firsts.items()
                       if not firsts.isdisjoint(sentence.words)}
            found = [_hit(rule, m, sentence, rules) for rule in rules.rules
                     if rule.requires <= present for m in rule.regex.finditer(text)]
            for hit in found:
                if hit.pronoun and len(hit.parties) < 2:
                    hit.parties = _unique(_context(hits, sentences, rules.lexicon) + hit.parties)
            hits += found
            sentences.append(sentence)
    return hits, sentences


def _context(hits: list[_Hit], earlier: list[_Sentence], lex: _Lexicon) -> list[str]:
    """What "they" or "the two sides" points back to: the parties of the latest deal sentence,
    else the names the latest sentence opened with."""
    for hit in reversed(hits):
        if hit.parties:
            return hit.parties
    for sentence in reversed(earlier):
        chain = _leading_chain(sentence, lex)
        if chain:
            return chain
    return []


def _gate(hits: list[_Hit], rules: Rules) -> None:
    """A deal needs two named parties: in its own sentence, or one there and one in another hit."""
    lex = rules.lexicon
    pool = _merge([p for h in hits if h.status == "ok" for p in h.parties], lex)
    for hit in hits:
        if hit.status != "ok" or not hit.needs_parties:
            continue
        own = _merge(hit.parties, lex)
        if len(own) < 2 and not (own and len(pool) >= 2):
            hit.status = "no-parties"


# ---- the verdict ---------------------------------------------------------------------------------


def classify(article: Article, rules: Rules) -> Classification:
    """Partnership verdict with kind, parties, sectors, districts, evidence and the rules that fired."""
    blocks = _lead(article, rules)
    lead_text = "\n".join(block.text for block in blocks)
    hits, sentences = _hits(blocks, rules)
    _gate(hits, rules)
    counted = [hit for hit in hits if hit.status == "ok"]
    score = _score(hits, counted, rules)
    tagged = score >= rules.spec.threshold
    districts = find_districts(article.text, rules.gazetteer) if rules.gazetteer else []
    return Classification(
        partnership=tagged,
        score=round(score, 3),
        kind=_kind(counted, rules) if tagged else None,
        parties=_parties(counted, sentences, article, rules, lead_text) if tagged else [],
        sectors=rules.sectors.find(lead_text) if tagged else [],
        districts=districts,
        evidence=_unique([hit.sentence for hit in counted]) if tagged else [],
        rules=_unique([hit.rule.id if hit.status == "ok" else f"{hit.rule.id}:{hit.status}"
                       for hit in hits]),
        version=rules.version,
    )


def _score(hits: list[_Hit], counted: list[_Hit], rules: Rules) -> float:
    """Best counted hit, plus a little for each further sentence that agrees; below the threshold
    (but not zero) when rules fired only on hedged, negated or party-less sentences."""
    if counted:
        sentences = len({hit.sentence for hit in counted})
        best = max(hit.score for hit in counted)
        return min(1.0, best + rules.spec.extra_hit_bonus * (sentences - 1))
    if hits:
        return min(0.4 * max(hit.score for hit in hits), 0.8 * rules.spec.threshold)
    return 0.0


def _kind(counted: list[_Hit], rules: Rules) -> Kind | None:
    kinds = {hit.kind for hit in counted}
    return next((kind for kind in rules.spec.kinds.priority if kind in kinds), None)


def _parties(counted: list[_Hit], sentences: list[_Sentence], article: Article, rules: Rules,
             lead_text: str) -> list[str]:
    resolver = _Resolver(article, rules, lead_text)
    named = [p for hit in counted for p in hit.parties]
    if any(not hit.needs_parties for hit in counted):
        named += _batch_parties([h for h in counted if not h.needs_parties], sentences, rules)
    resolved = [resolver.resolve(p) for p in named]
    return _merge([p for p in resolved if not _is_generic(p, rules.lexicon)], rules.lexicon)


def _batch_parties(hits: list[_Hit], sentences: list[_Sentence], rules: Rules) -> list[str]:
    """Who stands behind a batch of deals when no sentence says "A signed with B": the place the
    projects were signed in or go to, the members listed ("such as A, B and C"), and the
    companies the principal part names."""
    lex = rules.lexicon
    found: list[str] = []
    for hit in hits:
        masked, names = hit.where.names(lex)
        if not hit.parties:
            found += _host(masked, names, lex, rules.gazetteer)
        for cue in _MEMBER_CUE.finditer(masked):
            found += _chain_after(names, masked, cue.end())
    for sentence in sentences:
        found += [p for n in sentence.names(lex)[1] for p in n.parts
                  if _tokens(p)[-1] in lex.company_heads]
    return _unique(found)


def _host(masked: str, names: list[_Name], lex: _Lexicon, gazetteer: Gazetteer | None) -> list[str]:
    """The first place a sentence puts the deals in or for: "signed in Songjiang", "projects in
    Xinqiao Town", "a partnership plan for West Hongqiao"."""
    for name in names:
        if not re.search(r"\b(?:in|for)\s+(?:the\s+)?$", masked[max(0, name.start - 9) : name.start]):
            continue
        for part in name.parts:
            if _tokens(part)[-1] in lex.place_heads or _is_place(part, gazetteer):
                return [part]
    return []


def _is_place(name: str, gazetteer: Gazetteer | None) -> bool:
    mentions = find_mentions(name, gazetteer) if gazetteer else []
    return len(mentions) == 1 and mentions[0].text == name


def _is_generic(party: str, lex: _Lexicon) -> bool:
    """A name made only of organisation words ("District Government") that found no referent."""
    return all(t in lex.heads or t in ("the", "municipal", "people's") for t in _tokens(party))
