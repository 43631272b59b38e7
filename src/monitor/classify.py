"""Tag partnership announcements with rules a reader can check and a user can extend.

Why rules and not a trained model: every tag in the digest must come with the sentence that proves
it and the rule that fired, and users must be able to add a verb or a document name without
writing Python. config/rules/partnership.toml holds the patterns and word lists; this module holds
the general machinery: where the principal part of an article is (a deal mentioned in passing deep
in the text is not the news), how a hedge ("will sign") or a negation attaches to the verb a rule
found, how organisation names are read around that verb ("A and B signed", "with C", "between D
and E", "by F"), and how short forms ("Fudan", "the District Government") are resolved.

Everything is a pure function of the article and the Rules; only ``load_rules`` reads files.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
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

# ---- the rules file (every key is described in config/rules/partnership.toml) --------------------


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
    joiners: list[str]
    dropped_tails: list[str] = []
    not_names: list[str] = []
    roles: list[str] = []
    surnames: list[str] = []
    not_parties: list[str] = []
    not_alone: list[str] = []
    generic: list[str] = []
    company_heads: list[str] = []
    place_heads: list[str] = []
    verbs: list[str] = []
    place_qualifiers: list[str] = []


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
    requires: frozenset[str]  # names of word lists, see Rules.firsts
    regex: re.Pattern[str]


@dataclass(frozen=True)
class _Lexicon:
    """The name pattern and the word sets ([parties] in the file) that judge a candidate name.
    ``not_names`` and ``surnames`` keep their case; the other sets are lower case."""

    regex: re.Pattern[str]
    sets: dict[str, frozenset[str]]

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.sets[name]


@dataclass(frozen=True)
class _Phrases:
    """Labelled phrases found in one scan of the lower-cased text (a trie pattern) on word
    boundaries; all-capital phrases ("AI", "IC") must be in capitals in the text too."""

    labels: tuple[str, ...]
    pattern: re.Pattern[str]
    entries: dict[str, tuple[tuple[int, str | None], ...]]  # phrase -> (label, exact form)

    def find(self, text: str) -> list[str]:
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose lower case is longer: match as written
            lowered = text
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
    firsts: dict[str, frozenset[str]]  # first words of each required word list
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
    try:
        spec = _RulesFile.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except OSError as error:
        raise ConfigError(path, f"cannot read rules: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"not valid TOML: {error}") from None
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or None
        raise ConfigError(path, first["msg"], key=key) from None
    gazetteer = load_gazetteer(path.parent / spec.gazetteer) if spec.gazetteer else None
    return _Compiler(path, spec).compile(gazetteer)


_WORD = re.compile(r"[a-z0-9]+")


def _alternation(phrases: list[str]) -> str:
    """The phrases as one pattern factored into a trie ("sign(?:ed|ing|s)?"): Python's engine
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
            if match.group(1) not in self.macros:
                raise ConfigError(self.path, f"unknown {match.group()}: not in [words] or "
                                  "[fragments]", key=key)
            return "(?:" + self.expand(self.macros[match.group(1)], key, depth + 1) + ")"

        return self._MACRO.sub(replace, pattern)

    def regex(self, pattern: str, key: str,
              flags: int = re.IGNORECASE | re.VERBOSE) -> re.Pattern[str]:
        try:
            return re.compile(self.expand(pattern, key), flags)
        except re.error as error:
            raise ConfigError(self.path, f"bad regular expression: {error}", key=key) from None

    def rule(self, index: int, spec: _RuleSpec) -> _Rule:
        regex = self.regex(spec.pattern, f"rule.{index}.pattern")
        if "verb" not in regex.groupindex:
            raise ConfigError(self.path, "pattern has no (?P<verb>...) group",
                              key=f"rule.{index}.pattern")
        unknown = [name for name in spec.requires if name not in self.spec.words]
        if unknown:
            raise ConfigError(self.path, f"unknown word lists {unknown}",
                              key=f"rule.{index}.requires")
        return _Rule(spec.id, spec.kind, spec.weight, spec.needs_parties,
                     spec.subject == "coordinated", frozenset(spec.requires), regex)

    def firsts(self) -> dict[str, frozenset[str]]:
        names = {name for rule in self.spec.rule for name in rule.requires}
        return {name: frozenset(_WORD.findall(w.lower())[0] for w in self.spec.words[name]
                                if _WORD.search(w.lower())) for name in sorted(names)}

    def cue(self, phrases: list[str], key: str) -> re.Pattern[str]:
        """A cue right before a verb, with only filler words between ("will also be signed")."""
        filler = _alternation(self.spec.words.get("filler", [])) or "(?!)"
        return self.regex(rf"(?:^|[^\w'])(?:{_alternation(phrases) or '(?!)'})\s+"
                          rf"(?:(?:{filler}|\w+ly)\s+){{0,3}}$", key, re.IGNORECASE)

    def any_of(self, patterns: list[str], key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        return self.regex("|".join(f"(?:{p})" for p in patterns) or "(?!)", key, flags)

    def words(self, phrases: list[str], key: str) -> re.Pattern[str]:
        """Phrases on word boundaries; all-capital ones ("AI") only in capitals."""
        parts = [f"(?-i:{re.escape(p)})" if p.isupper() else _alternation([p]) for p in phrases]
        return self.regex(r"(?<!\w)(?:" + ("|".join(parts) or "(?!)") + r")(?!\w)", key,
                          re.IGNORECASE)

    def sectors(self) -> _Phrases:
        labels = tuple(label for label, words in self.spec.sectors.items() if words)
        entries: dict[str, list[tuple[int, str | None]]] = {}
        for index, label in enumerate(labels):
            for phrase in self.spec.sectors[label]:
                key = " ".join(phrase.lower().split())
                entries.setdefault(key, []).append((index, phrase if phrase.isupper() else None))
        return _Phrases(labels, re.compile(_alternation(list(entries)) or "(?!)"),
                        {key: tuple(value) for key, value in entries.items()})

    def lexicon(self) -> _Lexicon:
        """The name pattern: capitalised words, joined by "of"/"and"/"&", a possessive
        ("Jiangsu's") in front, lower-case tails ("district government") behind."""
        p = self.spec.parties
        cap = r"(?:Co\.|Ltd\.|Inc\.|Corp\.|[A-Z][\w'’&-]*(?![\w$])|\d+[A-Z][\w-]*)"  # "US$": money
        core = (rf"{cap}(?:\s+(?:{cap}|\([A-Z][a-z]+\))|\s+(?:{_alternation(p.joiners)})\s+{cap})*"
                rf"(?:\s+(?:{_alternation(p.tails)})\b)*")
        name = (rf"(?=[A-Z\d])(?<![\w'’-])(?P<poss>{cap}(?:\s+{cap}){{0,2}}['’]s\s+)?"
                rf"(?P<core>{core})(?:\s+(?:{_alternation(p.dropped_tails) or '(?!)'})\b)?")
        cased = {"not_names", "surnames"}
        sets = {key: frozenset(w if key in cased else w.lower() for w in value)
                for key, value in p if key not in ("tails", "dropped_tails")}
        return _Lexicon(self.regex(name, "parties", 0), sets)

    def compile(self, gazetteer: Gazetteer | None) -> Rules:
        spec = self.spec
        return Rules(
            name=spec.name, version=f"{spec.name} {spec.version}; {CODE_VERSION}", path=self.path,
            spec=spec, gazetteer=gazetteer,
            rules=tuple(self.rule(i, r) for i, r in enumerate(spec.rule)), firsts=self.firsts(),
            hedge=self.cue(spec.cues.hedge, "cues.hedge"),
            negation=self.cue(spec.cues.negation, "cues.negation"),
            background=self.any_of(spec.cues.background, "cues.background"),
            pronoun=self.any_of(spec.cues.pronouns, "cues.pronouns"),
            skip=self.any_of(spec.position.skip, "position.skip", 0),
            lexicon=self.lexicon(), sectors=self.sectors(),
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


def _is_repeat(words: set[str], earlier: list[set[str]], overlap: float) -> bool:
    """Pages print the lede twice or the title under the photo; such repeats are not paragraphs."""
    return bool(words) and any(len(words & seen) / len(words) >= overlap for seen in earlier)


def _lead(article: Article, rules: Rules) -> list[_Block]:
    """Title, lede, headings before the story starts, then the first N story paragraphs."""
    pos, body = rules.spec.position, article.body
    blocks, seen = [_Block("title", article.title, pos.title_weight)], [_bag(article.title)]
    lede = article.lede
    if not lede and len(body) >= 3 and body[0] == body[2] and len(body[0].split()) < 5:
        lede, body = body[1], body[3:]  # pages that print the byline around the standfirst
    if lede and not _is_repeat(_bag(lede), seen, pos.duplicate_overlap):
        blocks.append(_Block("lede", lede, pos.lede_weight))
        seen.append(_bag(lede))
    story = 0
    for text in body:
        words = len(text.split())
        if story >= pos.lead_paragraphs:
            break
        if words < pos.caption_max_words and rules.skip.search(text):
            continue
        if words < pos.min_words:
            if story == 0 and words >= 2:
                blocks.append(_Block("heading", text, pos.heading_weight))
        elif not _is_repeat(_bag(text), seen, pos.duplicate_overlap):
            story += 1
            blocks.append(_Block(f"p{story}", text, pos.body_weight))
            seen.append(_bag(text))
    return blocks


def _bag(text: str) -> set[str]:
    return set(text.lower().split())


# ---- names of parties ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    """A capitalised phrase in a sentence; ``parts`` are its names once "A and B" is split."""

    start: int
    end: int
    parts: tuple[str, ...]


@dataclass
class _Sentence:
    """One sentence of the principal part; its names are read once, when first needed."""

    text: str
    block: _Block
    _names: tuple[str, list[_Name]] | None = field(default=None, repr=False)

    def names(self, lex: _Lexicon) -> tuple[str, list[_Name]]:
        """The sentence with asides blanked out, and the names in it."""
        if self._names is None:
            masked = _mask(self.text)
            self._names = (masked, _names(masked, lex))
        return self._names


_PARENTHESIS = re.compile(r"\((?![A-Z][a-z]+\))[^()]*\)")
# An aside between commas (", a unit of X,") but not a clause (", a plan was released,").
_APPOSITIVE = re.compile(r",\s+(?:a|an|both|which|who|whose|located|based|headquartered|one\s+of|"
                         r"each|its|their|the\s+\w+'s)\b"
                         r"(?:(?!\b(?:was|were|is|are|has|have|had|will)\b)[^,;]){0,120},")
_COORDINATOR = re.compile(r"^\s*,?\s*(?:(?:and|or|&|together\s+with|along\s+with|as\s+well\s+as)"
                          r"\s+)?(?:the\s+)?$", re.IGNORECASE)
_JOINING = re.compile(r"&|\band\b|\bor\b|\bwith\b")
_MODIFIER = re.compile(r"^\s+(?:in|from|of|at|under)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}$")
# Between a subject and its deal verb: auxiliaries, adverbs, and a light verb taking the deal as
# its object ("A and B have announced the renewal of ...", "held a ... signing ceremony").
_AUXILIARY = re.compile(r"^(?:\s+(?:have|has|had|was|were|is|are|also|now|just|both|all|then|"
                        r"today|yesterday|together|\w+ly|on\s+\w+day))*(?:\s+(?:announced|"
                        r"announces?|held|holds?|celebrated|witnessed|completed|marked|hosted|"
                        r"conducted|attended)(?:\s+(?:the|a|an|their|its))?"
                        r"(?:\s+[a-z][\w-]*){0,3})?\s*$", re.IGNORECASE)
_CUE = re.compile(r"\b(with|between|by)\s+", re.IGNORECASE)
_MEMBER_CUE = re.compile(r"\b(?:such\s+as|including|includes|include)\s+", re.IGNORECASE)
# Before the first name of a list: nothing, "the", an unnamed party joined to the names ("by the
# local chamber and A University"), or a count and its examples ("a dozen firms such as A").
_LIST_START = re.compile(r"^\s*(?:the\s+)?(?:(?:[a-z][\w-]*\s+){0,4}[a-z][\w-]*\s*(?:,|\s+and)\s+"
                         r"(?:the\s+)?|(?:[\w-]+\s+){0,6}?(?:such\s+as|including)\s+(?:the\s+)?)?$")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|of|from|for|on|by|with|to|near)\s+(?:the\s+)?$", re.I)


def _mask(sentence: str) -> str:
    """Blank out asides ("(US$1 billion)", ", a unit of X,") keeping every offset."""
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
    tokens, parts = core.split(), [[]]  # type: ignore[var-annotated]
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
        return len(nxt) >= 2 and nxt[-1].lower() in lex["heads"]
    return left[-1].lower() in lex["heads"]


def _is_person(tokens: list[str], lex: _Lexicon) -> bool:
    return (2 <= len(tokens) <= 3 and tokens[0] in lex["surnames"]
            and all(t.isalpha() and t.istitle() and t.lower() not in lex["heads"] for t in tokens))


def _tidy(tokens: list[str], lex: _Lexicon) -> str:
    """The name as written, trimmed of what is not part of it; "" when it is no party."""
    tokens = _trim(tokens, lex)
    return " ".join(tokens) if tokens and _is_party(tokens, lex) else ""


def _trim(tokens: list[str], lex: _Lexicon) -> list[str]:
    """Drop leading "The"/"On Monday" words, a headline verb and what follows ("X Park Holds
    ..."), a sentence run on ("Co. The factory"), a place qualifier ("Ningbo of Zhejiang
    Province") and a possessive "'s"."""
    while tokens and (tokens[0] in lex["not_names"] or tokens[0].lower() in lex["joiners"]):
        tokens = tokens[1:]
    cut = next((i for i, t in enumerate(tokens) if i and t.lower() in lex["verbs"]), len(tokens))
    if cut < len(tokens) or (tokens and tokens[-1] in lex["not_names"]):
        tokens = tokens[:cut]
        while tokens and (tokens[-1] in lex["not_names"] or tokens[-1] in lex["joiners"]):
            tokens = tokens[:-1]
        tokens = [*tokens[:-1], tokens[-1].rstrip(".")] if tokens else tokens
    if "of" in tokens[1:] and tokens[-1].lower() in lex["place_qualifiers"]:
        left = tokens[: tokens.index("of")]
        tokens = tokens if left[-1].lower() in lex["heads"] else left
    if tokens and tokens[-1].endswith(("'s", "’s")):
        tokens = [*tokens[:-1], tokens[-1][:-2]]
    return tokens


def _is_party(tokens: list[str], lex: _Lexicon) -> bool:
    """Not a person, an office-holder, an event, a document or a bare country or city."""
    low = [t.lower() for t in tokens]
    if len(tokens) == 1 and re.fullmatch(r"[A-Z][a-z]+-[a-z-]+", tokens[0]):
        return False  # "On-site", "High-end": a sentence-initial compound, not a name
    return not (_is_person(tokens, lex) or any(t in lex["roles"] for t in low)
                or low[-1] in lex["not_parties"] or low[0] in lex["not_parties"]
                or " ".join(low) in lex["not_alone"])


def _is_coordinator(gap: str) -> bool:
    return bool(_COORDINATOR.match(gap)) and ("," in gap or bool(_JOINING.search(gap)))


def _chain_before(names: list[_Name], masked: str, pos: int,
                  lex: _Lexicon) -> tuple[list[str], bool]:
    """The coordinated subject ending right before ``pos``, and whether it was coordinated. A
    headline capitalises its verb ("X Government Signs Y"): a name running into it is cut."""
    before = [n for n in names if n.end <= pos]
    for name in (n for n in names if n.start < pos < n.end):
        cut = _names(masked[name.start : pos].rstrip(), lex)
        before += [_Name(name.start + n.start, name.start + n.end, n.parts) for n in cut]
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
    chain = chain if joined else chain[-1:]  # "In X, Y signed": a comma alone joins nothing
    return [part for name in chain for part in name.parts], joined


def _chain_after(names: list[_Name], masked: str, pos: int) -> list[str]:
    """The coordinated list starting at ``pos`` ("with A, B and C in D" gives A, B, C)."""
    after = [n for n in names if n.start >= pos]
    if not after or not _LIST_START.match(masked[pos : after[0].start]):
        return []
    chain, end = [after[0]], after[0].end
    for nxt in after[1:]:
        gap = masked[end : nxt.start]
        if not (_MODIFIER.match(gap) or _is_coordinator(gap)):
            break
        chain += [] if _MODIFIER.match(gap) else [nxt]
        end = nxt.end
    return [part for name in chain for part in name.parts]


def _cue_lists(masked: str, names: list[_Name], end: int) -> list[str]:
    """The first "with ..." and "by ..." lists after ``end`` and any "between ..." list. A
    "with" after a comma starts an aside ("..., with the park as its centrepiece")."""
    found: list[str] = []
    taken: set[str] = set()
    for cue in _CUE.finditer(masked):
        word = cue.group(1).lower()
        if word in taken or (word != "between" and cue.start() < end):
            continue
        if word == "with" and masked[: cue.start()].rstrip().endswith(","):
            continue
        chain = _chain_after(names, masked, cue.end())
        if chain:
            found += chain
            taken.add(word)
    return found


def _leading_chain(sentence: _Sentence, lex: _Lexicon) -> list[str]:
    """The names a sentence opens with: what "they" or "the two sides" later points back to."""
    masked, names = sentence.names(lex)
    if not names or len(masked[: names[0].start].split()) > 5:
        return []
    if _PLACE_BEFORE.search(masked[: names[0].start]):
        return []  # "Located in Ningbo, X signed ...": the first name is a place, not a subject
    return _chain_after(names, masked, names[0].start)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# ---- merging and resolving names -----------------------------------------------------------------


def _tokens(name: str) -> list[str]:
    return [t for t in name.lower().replace("’", "'").split() if t != "the"]


def _same_party(a: str, b: str, lex: _Lexicon) -> bool:
    """Same organisation: "Fudan" / "Fudan University"; "Minhang (District) Government";
    "ECU" / "Eastlake Coastal University"."""
    short, long = sorted((_tokens(a), _tokens(b)), key=len)
    acronym, full = sorted((a, b), key=len)
    initials = "".join(w[0] for w in full.replace("-", " ").split() if w[0].isupper())
    if short == long or (acronym.isupper() and " " not in acronym and acronym == initials):
        return True
    if short and short[-1] not in lex["heads"] and long[: len(short)] == short:
        return True
    return set(short) < set(long) and set(long) - set(short) <= lex["generic"]


def _merge(parties: list[str], lex: _Lexicon) -> list[str]:
    """One entry per organisation, in the fullest form the article used."""
    merged: list[str] = []
    for party in parties:
        same = next((i for i, kept in enumerate(merged) if _same_party(party, kept, lex)), None)
        if same is None:
            merged.append(party)
        elif len(_tokens(party)) > len(_tokens(merged[same])):
            merged[same] = party
    return merged


def _is_generic(party: str, lex: _Lexicon) -> bool:
    """Only organisation words ("District Government"): a reference, not a name."""
    return all(t in lex["heads"] or t in ("the", "municipal", "people's") for t in _tokens(party))


def _resolve(party: str, known: list[str], lead_text: str, rules: Rules) -> str:
    """A short form as the fuller name the principal part uses: "Fudan" → "Fudan University";
    "the District Government" → the district the article names."""
    lex, tokens = rules.lexicon, _tokens(party)
    if tokens and _is_generic(party, lex):
        if tokens[-1] in ("district", "government") and rules.gazetteer is not None:
            return _district(lead_text, rules.gazetteer) or party
        return next((n for n in known if _tokens(n)[-1] == tokens[-1]
                     and not _is_generic(n, lex)), party)
    if not tokens or tokens[-1] in lex["heads"]:
        return party
    fuller = Counter(n for n in known if len(_tokens(n)) - len(tokens) in (1, 2)
                     and _tokens(n)[: len(tokens)] == tokens and _tokens(n)[-1] in lex["heads"])
    return fuller.most_common(1)[0][0] if fuller else party


def _district(lead_text: str, gazetteer: Gazetteer) -> str | None:
    """The first district the principal part names, with "District" if it is written so."""
    for mention in find_mentions(lead_text, gazetteer):
        if mention.label in gazetteer.districts:
            written = re.search(rf"\b{re.escape(mention.text)}\s+District\b", lead_text, re.I)
            return written.group() if written else f"{mention.label} District"
    return None


# ---- hits ----------------------------------------------------------------------------------------


@dataclass
class _Hit:
    rule: _Rule
    kind: Kind
    sentence: _Sentence
    parties: list[str] = field(default_factory=list)
    status: str = "ok"  # or hedged, negated, background, no-parties, not-coordinated
    needs_parties: bool = True
    pronoun: bool = False

    @property
    def score(self) -> float:
        return self.rule.weight * self.sentence.block.weight


_NUMBERS = {w: n for n, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
     "nineteen", "twenty"])}


def _count_value(text: str, several: int) -> int:
    """The number in a count ("twenty-three" counts as twenty, "a number of" as ``several``)."""
    digits = re.search(r"\d[\d,]*", text)
    if digits:
        return int(digits.group().replace(",", ""))
    known = [_NUMBERS[w] for w in re.split(r"[\s-]+", text.lower().strip()) if w in _NUMBERS]
    return known[0] if known else several


def _kind_of(rule: _Rule, match: re.Match[str], rules: Rules) -> tuple[Kind, bool]:
    """The kind a match shows, and whether it needs named parties: a small count of projects is
    an investment deal; a small count of agreements is an agreement like any other."""
    kind: Kind = rule.kind
    if kind in ("agreement", "joint_entity"):
        kind = next((k for k, pattern in rules.kind_words if pattern.search(match.group())), kind)
    count, least = match.groupdict().get("count"), rules.spec.batch.min_count
    if count and _count_value(count, least) < least:
        return ("investment_deal", False) if rules.investment.search(match.group()) else (
            "agreement", True)
    return kind, rule.needs_parties


def _hit(rule: _Rule, match: re.Match[str], sentence: _Sentence, rules: Rules) -> _Hit:
    verb = "verb" if match.group("verb") is not None else "verb2"
    start, end = match.span(verb)
    kind, needs = _kind_of(rule, match, rules)
    hit, text = _Hit(rule, kind, sentence, needs_parties=needs), sentence.text
    before = text[max(0, start - 80) : start]
    if rules.negation.search(before):
        hit.status = "negated"
    elif rules.hedge.search(before):
        hit.status = "hedged"
    elif rules.background.search(text):
        hit.status = "background"
    else:  # only a hit that counts needs its parties
        masked, names = sentence.names(rules.lexicon)
        hit.parties, joined = _chain_before(names, masked, min(start, match.start()), rules.lexicon)
        hit.parties = _unique(hit.parties + _cue_lists(masked, names, end))
        hit.pronoun = bool(rules.pronoun.search(text))
        hit.status = "not-coordinated" if rule.coordinated and not joined else "ok"
    return hit


def _hits(blocks: list[_Block], rules: Rules) -> tuple[list[_Hit], list[_Sentence]]:
    """Every rule match in the principal part, and its sentences. A rule is only tried where a
    word of each list it requires occurs: first in the block, then in the sentence."""
    hits: list[_Hit] = []
    sentences: list[_Sentence] = []
    for block in blocks:
        candidates = _applicable(rules.rules, block.text, rules)
        for text in split_sentences(block.text.replace("’", "'")):
            sentence = _Sentence(text, block)
            found = [_hit(rule, m, sentence, rules) for rule in _applicable(candidates, text, rules)
                     for m in rule.regex.finditer(text)] if candidates else []
            for hit in found:
                _complete(hit, hits, sentences, rules.lexicon)
            hits += found
            sentences.append(sentence)
    return hits, sentences


def _applicable(candidates: tuple[_Rule, ...], text: str, rules: Rules) -> tuple[_Rule, ...]:
    words = set(_WORD.findall(text.lower()))
    lists = {name for name, firsts in rules.firsts.items() if not firsts.isdisjoint(words)}
    return tuple(rule for rule in candidates if rule.requires <= lists)


def _complete(hit: _Hit, hits: list[_Hit], earlier: list[_Sentence], lex: _Lexicon) -> None:
    """Parties a counted hit names only indirectly: "they" (the parties of the latest deal
    sentence, else the names the latest sentence opened with), or outside its clause ("A will
    deepen ties with B after the signing of a deal")."""
    if hit.status != "ok" or len(hit.parties) >= 2:
        return
    if hit.pronoun:
        context = next((h.parties for h in reversed(hits) if h.parties), None)
        context = context or next((c for s in reversed(earlier) if (c := _leading_chain(s, lex))),
                                  [])
        hit.parties = _unique(context + hit.parties)
    if hit.needs_parties and len(hit.parties) < 2:
        masked, names = hit.sentence.names(lex)
        hit.parties = _unique(hit.parties + _leading_chain(hit.sentence, lex)
                              + _cue_lists(masked, names, 0))


def _gate(hits: list[_Hit], lex: _Lexicon) -> None:
    """A deal needs two named parties: in its own sentence, or one there and one in another hit."""
    pool = _merge([p for h in hits if h.status == "ok" for p in h.parties], lex)
    for hit in hits:
        own = _merge(hit.parties, lex)
        lonely = len(own) < 2 and not (own and len(pool) > 1)
        if hit.status == "ok" and hit.needs_parties and lonely:
            hit.status = "no-parties"


# ---- the verdict ---------------------------------------------------------------------------------


def classify(article: Article, rules: Rules) -> Classification:
    """Partnership verdict: kind, parties, sectors, districts, evidence, the rules that fired."""
    blocks = _lead(article, rules)
    hits, sentences = _hits(blocks, rules)
    _gate(hits, rules.lexicon)
    counted = [hit for hit in hits if hit.status == "ok"]
    score = _score(hits, counted, rules)
    tagged = score >= rules.spec.threshold
    lead_text = "\n".join(block.text for block in blocks)
    return Classification(
        partnership=tagged,
        score=round(score, 3),
        kind=next((k for k in rules.spec.kinds.priority if any(h.kind == k for h in counted)),
                  None) if tagged else None,
        parties=_parties(counted, sentences, lead_text, rules) if tagged else [],
        sectors=rules.sectors.find(lead_text) if tagged else [],
        districts=find_districts(article.text, rules.gazetteer) if rules.gazetteer else [],
        evidence=_unique([hit.sentence.text for hit in counted]) if tagged else [],
        rules=_unique([hit.rule.id if hit.status == "ok" else f"{hit.rule.id}:{hit.status}"
                       for hit in hits]),
        version=rules.version,
    )


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


def _parties(counted: list[_Hit], sentences: list[_Sentence], lead_text: str,
             rules: Rules) -> list[str]:
    lex = rules.lexicon
    named = [p for hit in counted for p in hit.parties]
    if any(not hit.needs_parties for hit in counted):
        batch = [h for h in counted if not h.needs_parties]
        named += _batch_parties(batch, sentences, rules, hosted=not named)
    if any(_tokens(p)[-1] not in lex["heads"] or _is_generic(p, lex) for p in named if p):
        known = [p for s in sentences for n in s.names(lex)[1] for p in n.parts]  # short forms
        named = [_resolve(p, known, lead_text, rules) for p in named]
    return _merge([p for p in named if not _is_generic(p, lex)], lex)


def _batch_parties(hits: list[_Hit], sentences: list[_Sentence], rules: Rules,
                   hosted: bool) -> list[str]:
    """Who stands behind a batch of deals when no sentence says "A signed with B": the place the
    projects were signed in or go to (when ``hosted``: no deal sentence names a signatory; and
    always the host of an alliance), the members listed ("such as A, B and C"), and the
    companies the principal part names."""
    lex, found = rules.lexicon, []
    for hit in hits:
        masked, names = hit.sentence.names(lex)
        if hosted or hit.kind == "alliance":
            found += _host(masked, names, rules)
        for cue in _MEMBER_CUE.finditer(masked):
            found += _chain_after(names, masked, cue.end())
    found += [p for s in sentences for n in s.names(lex)[1] for p in n.parts
              if _tokens(p)[-1] in lex["company_heads"]]
    return _unique(found)


def _host(masked: str, names: list[_Name], rules: Rules) -> list[str]:
    """The first place a sentence puts the deals in or for: "signed in Minhang", "projects in
    Malu Town", "a partnership plan for Lingang"."""
    for name in names:
        if re.search(r"\b(?:in|for)\s+(?:the\s+)?$", masked[max(0, name.start - 9) : name.start]):
            for part in name.parts:
                if _tokens(part)[-1] in rules.lexicon["place_heads"] or _is_place(part, rules):
                    return [part]
    return []


def _is_place(name: str, rules: Rules) -> bool:
    mentions = find_mentions(name, rules.gazetteer) if rules.gazetteer else []
    return len(mentions) == 1 and mentions[0].text == name
