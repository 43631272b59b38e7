"""The rules file of the partnership classifier: validated once, compiled once.

config/rules/partnership.toml holds the patterns and word lists (every key is described there);
``load_rules`` reads it with the gazetteers it names (districts, institutions), checks every key
with pydantic, naming the file and key of the first fault, and compiles everything that depends
only on the rules (patterns, word lists, the lexicon of names), so that classifying an article
compiles nothing. monitor.tag.classify applies the compiled Rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from monitor.errors import ConfigError
from monitor.models import Kind
from monitor.tag.districts import Gazetteer, aliases, load_gazetteer
from monitor.tag.institutions import Institutions, load_institutions
from monitor.tag.parties import Lexicon, PartiesTable, build_lexicon
from monitor.tag.patterns import Anchored, Phrases, alternation, at_start, words_of
from monitor.tag.tomlfile import read_toml, validated

__all__ = ["CODE_VERSION", "Rule", "Rules", "load_rules"]

# Bump when the machinery of monitor.tag.classify changes what a given rules file produces.
CODE_VERSION = "classify 13"

# ---- the rules file (every key is described in config/rules/partnership.toml) --------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Position(_Strict):
    lead_paragraphs: int = Field(3, ge=0)
    unread_paragraphs: int = Field(1, ge=0)
    min_words: int = Field(8, ge=1)
    duplicate_overlap: float = Field(0.7, gt=0.0, le=1.0)
    title_weight: float = Field(1.0, ge=0.0, le=1.0)
    lede_weight: float = Field(1.0, ge=0.0, le=1.0)
    heading_weight: float = Field(0.95, ge=0.0, le=1.0)
    body_weight: float = Field(0.9, ge=0.0, le=1.0)
    caption_max_words: int = Field(30, ge=0)
    credit_caption_max_words: int = Field(40, ge=0)
    skip: list[str] = Field(default_factory=list)


class _Batch(_Strict):
    min_count: int = Field(3, ge=1)
    investment_words: list[str] = Field(default_factory=list)


class _Kinds(_Strict):
    priority: list[Kind]
    words: dict[Kind, list[str]] = Field(default_factory=dict)


class _Cues(_Strict):
    hedge: list[str]
    done_purposes: list[str] = Field(default_factory=list)
    hedge_clause: list[str] = Field(default_factory=list)
    deal_content: list[str] = Field(default_factory=list)
    negation: list[str]
    background: list[str] = Field(default_factory=list)
    pronouns: list[str] = Field(default_factory=list)
    private: list[str] = Field(default_factory=list)
    private_signers: list[str] = Field(default_factory=list)
    private_counterparts: list[str] = Field(default_factory=list)
    private_purposes: list[str] = Field(default_factory=list)
    review_titles: list[str] = Field(default_factory=list)


class RuleSpec(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Kind
    weight: float = Field(ge=0.0, le=1.0)
    needs_parties: bool = True
    counts_unread: bool = False
    names_inside: bool = False
    kind_only: bool = False
    subject: Literal["any", "coordinated", "none"] = "any"
    requires: list[str] = Field(default_factory=list)
    pattern: str = Field(min_length=1)
    why: str = ""


class RulesFile(_Strict):
    name: str = Field(min_length=1)
    version: int = Field(ge=1)
    threshold: float = Field(0.5, gt=0.0, le=1.0)
    extra_hit_bonus: float = Field(0.05, ge=0.0, le=0.5)
    near_threshold: float = Field(0.1, ge=0.0, le=1.0)
    gazetteer: str | None = None
    institutions: str | None = None
    position: _Position = Field(default_factory=_Position)
    batch: _Batch = Field(default_factory=_Batch)
    kinds: _Kinds
    words: dict[str, list[str]]
    fragments: dict[str, str] = Field(default_factory=dict)
    cues: _Cues
    rule: list[RuleSpec] = Field(min_length=1)
    parties: PartiesTable
    sectors: dict[str, list[str]] = Field(default_factory=dict)


# ---- compiled rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    kind: Kind
    weight: float
    needs_parties: bool
    counts_unread: bool  # a hit counts even when its parties cannot be read
    names_inside: bool  # a party may stand inside the match ("became B's partner")
    kind_only: bool  # never tags an article: says the kind of deal other hits found
    coordinated: bool
    requires: tuple[int, ...]  # a word of a list of each bit mask must occur, see Rules.firsts
    find: Anchored  # the pattern
    subject_parties: bool = True  # False: who the subject names attended, they signed nothing


@dataclass(frozen=True)
class Rules:
    """A validated, compiled rules file. ``version`` names rules and code, for stored results."""

    name: str
    version: str
    path: Path
    spec: RulesFile
    gazetteer: Gazetteer | None
    institutions: Institutions | None
    rules: tuple[Rule, ...]
    firsts: dict[bytes, int]  # first word of a phrase of a required list -> bits of its lists
    hedge: Anchored
    done_purpose: Anchored  # "came together to": the purpose of a done act is done, no hedge
    hedge_clause: Anchored  # hedges every verb after it in its clause ("if", "will see")
    deal_content: Anchored  # hedges every verb after it in its sentence ("under which")
    negation: Anchored
    cue_words: int  # a hedge or negation match spans at most this many words
    background: Anchored  # found anywhere in a sentence
    background_opening: re.Pattern[str]  # the background cues that open a sentence ("^...")
    pronoun: Anchored
    private: Anchored  # documents people sign for themselves ("relocation agreement")
    private_signers: Anchored  # people who sign them ("households signed ...")
    private_counterparts: re.Pattern[str]  # whom a business signs them with ("with 30 clients")
    review_title: Anchored  # a title that makes the article a year's review ("work report")
    skip: tuple[re.Pattern[str], ...]  # one each: apart, most have a prefix the engine skips to
    lexicon: Lexicon
    sectors: Phrases
    kind_words: tuple[tuple[Kind, Anchored], ...]
    any_kind_word: Anchored  # any of them: most matches hold none
    investment: Anchored
    documents: frozenset[str]  # first words of the documents one signs, in lower case
    _by_lists: dict[int, tuple[Rule, ...]] = field(default_factory=dict, repr=False)

    def applicable(self, lists: int) -> tuple[Rule, ...]:
        """The rules all of whose required word lists are among ``lists`` (bits). A table of
        the rules file, filled in as combinations of lists come up: at most one entry each."""
        found = self._by_lists.get(lists)
        if found is None:
            found = self._by_lists[lists] = tuple(
                rule for rule in self.rules if all(lists & need for need in rule.requires))
        return found


def load_rules(path: Path) -> Rules:
    """Read, validate and compile a rules file; any fault raises ConfigError naming file and key."""
    path = Path(path)
    spec = validated(path, RulesFile, read_toml(path, "rules"))
    gazetteer = load_gazetteer(path.parent / spec.gazetteer) if spec.gazetteer else None
    institutions = load_institutions(path.parent / spec.institutions,
                                     aliases(gazetteer) if gazetteer else ()
                                     ) if spec.institutions else None
    return _Compiler(path, spec).compile(gazetteer, institutions)


class _Compiler:
    """Turns the validated file into regular expressions, naming the key of anything that fails."""

    _MACRO = re.compile(r"\{([a-z_]+)\}")

    def __init__(self, path: Path, spec: RulesFile) -> None:
        self.path, self.spec = path, spec
        self.macros = {name: alternation(words) or "(?!)" for name, words in spec.words.items()}
        self.macros.update(spec.fragments)
        required = sorted({name for rule in spec.rule for entry in rule.requires
                           for name in entry.split("|")})
        self.bits = {name: 1 << index for index, name in enumerate(required)}

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

    def rule(self, index: int, spec: RuleSpec) -> Rule:
        regex = self.regex(spec.pattern, f"rule.{index}.pattern")
        if "verb" not in regex.groupindex:
            raise ConfigError(self.path, "pattern has no (?P<verb>...) group",
                              key=f"rule.{index}.pattern")
        names = [entry.split("|") for entry in spec.requires]
        unknown = [name for entry in names for name in entry if name not in self.spec.words]
        if unknown:
            raise ConfigError(self.path, f"unknown word lists {unknown}",
                              key=f"rule.{index}.requires")
        return Rule(spec.id, spec.kind, spec.weight, spec.needs_parties, spec.counts_unread,
                     spec.names_inside, spec.kind_only, spec.subject == "coordinated",
                     tuple(sum(self.bits[name] for name in set(entry)) for entry in names),
                     Anchored(regex), spec.subject != "none")

    def firsts(self) -> dict[bytes, int]:
        """The first word of every phrase of a required list, with the lists it starts: a rule
        is only tried where a first word of each list it requires occurs."""
        firsts: dict[bytes, int] = {}
        for name, bit in self.bits.items():
            for phrase in self.spec.words[name]:
                words = words_of(phrase)
                if words:
                    firsts[words[0]] = firsts.get(words[0], 0) | bit
        return firsts

    def cue(self, phrases: list[str], key: str, not_before: str = "(?!)") -> Anchored:
        """A cue right before a verb, with only filler words between ("will also be signed"),
        not inside a word (the look-behind lets the pattern start at the cue itself), nor
        followed by ``not_before`` ("not only signed ... but also")."""
        filler = alternation(self.spec.words.get("filler", [])) or "(?!)"
        return Anchored(self.regex(rf"(?<![\w'])(?:{alternation(phrases) or '(?!)'})"
                                   rf"(?!\s+(?:{not_before})\b)\s+"
                                   rf"(?:(?:{filler}|\w+ly)\s+){{0,3}}$", key, re.IGNORECASE))

    def opening(self, pattern: str) -> bool:
        """Whether a cue can only match at the start of a sentence: apart from the others, it is
        tried there once, and the others can be found from their literal beginnings."""
        return at_start(self.any_of([pattern], "cues.background"))

    def any_of(self, patterns: list[str], key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        return self.regex("|".join(f"(?:{p})" for p in patterns) or "(?!)", key, flags)

    def words(self, phrases: list[str], key: str) -> Anchored:
        """Phrases on word boundaries; all-capital ones ("AI") only in capitals."""
        parts = [f"(?-i:{re.escape(p)})" if p.isupper() else alternation([p]) for p in phrases]
        return Anchored(self.regex(r"(?<!\w)(?:" + ("|".join(parts) or "(?!)") + r")(?!\w)",
                                   key, re.IGNORECASE))

    def skip(self) -> tuple[re.Pattern[str], ...]:
        """The skip patterns, apart: most start with a character the engine skips to. Those
        that only match at the start ("^By ...") are tried together, once."""
        patterns = self.spec.position.skip
        first = [p for p in patterns if at_start(self.any_of([p], "position.skip", 0))]
        rest = [self.any_of([p], "position.skip", 0) for p in patterns if p not in first]
        return (self.any_of(["^(?:" + "|".join(f"(?:{p})" for p in first) + ")"],
                            "position.skip", 0), *rest) if first else tuple(rest)

    def lexicon(self) -> Lexicon:
        try:
            return build_lexicon(self.spec.parties)
        except re.error as error:
            raise ConfigError(self.path, f"bad regular expression: {error}",
                              key="parties") from None

    def compile(self, gazetteer: Gazetteer | None, institutions: Institutions | None) -> Rules:
        spec = self.spec
        self.any_of(spec.position.skip, "position.skip", 0)  # the file's own check, as one
        return Rules(
            name=spec.name, version=f"{spec.name} {spec.version}; {CODE_VERSION}", path=self.path,
            spec=spec, gazetteer=gazetteer, institutions=institutions,
            rules=tuple(self.rule(i, r) for i, r in enumerate(spec.rule)), firsts=self.firsts(),
            hedge=self.cue(spec.cues.hedge, "cues.hedge"),
            done_purpose=self.cue([f"{verb} to" for verb in spec.cues.done_purposes],
                                  "cues.done_purposes"),
            hedge_clause=Anchored(self.regex(
                rf"(?<![\w'])(?:{alternation(spec.cues.hedge_clause) or '(?!)'})\b[^,;:.?!]*$",
                "cues.hedge_clause", re.IGNORECASE)),
            deal_content=Anchored(self.regex(
                rf"(?<![\w'])(?:{alternation(spec.cues.deal_content) or '(?!)'})\b[^;:.?!]*$",
                "cues.deal_content", re.IGNORECASE)),
            negation=self.cue(spec.cues.negation, "cues.negation", "only|just|merely"),
            cue_words=max(len(p.split()) for p in [*spec.cues.hedge, *spec.cues.negation, "x"])
            + 3 * max(len(p.split()) for p in [*spec.words.get("filler", []), "x"]),
            background=Anchored(self.any_of([p for p in spec.cues.background
                                             if not self.opening(p)], "cues.background")),
            background_opening=self.any_of([p for p in spec.cues.background if self.opening(p)],
                                           "cues.background"),
            pronoun=Anchored(self.any_of(spec.cues.pronouns, "cues.pronouns")),
            private=self.words(spec.cues.private, "cues.private"),
            private_signers=Anchored(self.regex(
                # the signers head the verb's subject: up to ten words, not across a clause
                rf"(?<!\w)(?:{alternation(spec.cues.private_signers) or '(?!)'})"
                # not the body they form: "the Eastlake Farmers Cooperative signed ..."
                r"(?!['’]?\s+(?:cooperatives?|co-ops?|unions?|associations?|federations?|clubs?"
                r"|committees?|councils?|groups?|chambers?|societies|society)\b)"
                r"(?:\s+(?!(?:and|but|which|who|whom|whose|that|where|while|after|when|because|as|so|then)\b)"
                r"[^\s,;]+){0,10}\s*$",
                "cues.private_signers", re.IGNORECASE)),
            private_counterparts=self.regex(
                # "ceremony for 30 staff", "contracts with family doctors"; not "with B to train"
                r"(?:\s+ceremon(?:y|ies))?\s+(?:with|for)\s+(?:(?!(?:to|on|in|and)\b)\S+\s+){0,3}?"
                rf"(?:{alternation(spec.cues.private_counterparts) or '(?!)'})\b"
                # "a deal to buy", "a contract with B to supply 100 buses"
                r"|(?:\s+with\s+(?:[^\s;,.]+\s+){1,6}?|\s+)to\s+"
                rf"(?:{alternation(spec.cues.private_purposes) or '(?!)'})\b",
                "cues.private_counterparts", re.IGNORECASE),
            review_title=self.words(spec.cues.review_titles, "cues.review_titles"),
            skip=self.skip(),
            lexicon=self.lexicon(), sectors=Phrases.build(spec.sectors),
            kind_words=(kind_words := tuple((kind, self.words(words, f"kinds.words.{kind}"))
                                            for kind, words in spec.kinds.words.items() if words)),
            any_kind_word=Anchored(self.any_of([w.regex.pattern for _, w in kind_words] or ["(?!)"],
                                               "kinds.words")),
            investment=self.words(spec.batch.investment_words, "batch.investment_words"),
            documents=frozenset(phrase.split()[0].lower()
                                for phrase in spec.words.get("document", []) if phrase.split()),
        )
