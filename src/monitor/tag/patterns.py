"""Pattern helpers of the classifier and the name reader: fast to build, fast to run.

``alternation`` (a word list as one trie pattern), ``lower`` (lower case that keeps offsets),
``words_of`` (a text's words, fast), ``Anchored`` (a pattern tried only where the literal text
its matches start with occurs, read from the engine's own parse of the pattern), ``last_words``
and ``at_start`` (where a cue can stand), ``Phrases`` (labelled phrases looked up by word, for
sectors). Pure functions and immutable objects; nothing here knows about articles.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

__all__ = ["Anchored", "Phrases", "alternation", "at_start", "last_words", "lower", "words_of"]


def alternation(phrases: Iterable[str]) -> str:
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


# The only characters Python's engine matches, ignoring case, with an ASCII letter that is not
# that letter in either case: İ and ı (i), ſ (s), and the Kelvin sign (k). str.lower() keeps
# every other character where it was and maps no other character onto an ASCII letter.
_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")


def lower(text: str) -> str | None:
    """``text`` in lower case, character for character, for ``Anchored``; None when a character
    in it would make case-insensitive matching and lower case disagree."""
    return text.lower() if text.isascii() or not _FOLDS.search(text) else None


_SEPARATORS = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))


def words_of(text: str) -> list[bytes]:
    """The words of a text as runs of [a-z0-9] in its lower case, in ASCII bytes. Encoded as
    UTF-8, every other character is one or more bytes outside [a-z0-9] (a non-ASCII one only
    bytes of 128 and above), and one table look-up turns them all into spaces: several times
    faster than finding the runs with a pattern."""
    return text.lower().encode("utf-8", "surrogatepass").translate(_SEPARATORS).split()


class Anchored:
    """A compiled pattern with the literal beginnings of all its matches (in lower case).

    Python's engine tries a pattern that ignores case, or starts with a look-around, at every
    position of a text; most positions of a sentence cannot start a deal phrase. Where every
    match starts with one of a few literal strings ("sign", "ink", a digit, ...), an anchored
    pattern finds those strings in the lower-cased text first (a case-sensitive trie, which the
    engine skips to quickly) and tries the pattern only there. The matches are the same as
    ``finditer``'s and ``search``'s: the same leftmost, non-overlapping matches, found by
    ``match`` at the same positions. The beginnings are read from the engine's own parse of the
    pattern; when they cannot be read (or are not ASCII) the pattern is simply run as usual."""

    __slots__ = ("anchor", "ascii_digits", "regex", "whole_words", "word_start")

    def __init__(self, regex: re.Pattern[str]) -> None:
        parsed = _parse(regex)
        starts = _starts(parsed)
        self.regex = regex
        self.anchor = re.compile(alternation(starts)) if starts else None
        # "\d" read as 0-9: then only an ASCII text may be anchored (it has no other digits)
        self.ascii_digits = any(c.isdigit() for start in starts for c in start)
        # "\b" before beginnings that start with a letter or digit: only where a word starts
        self.word_start = bool(starts) and parsed is not None and _bounded(parsed) and all(
            _is_word(start[0]) for start in starts)
        # and no beginning can start at a word inside another one ("plan" in "action plan"):
        # then one engine pass over the text finds them all (``finditer`` skips overlaps)
        self.whole_words = self.word_start and not _nested(starts)

    def _usable(self, text: str, low: str | None) -> bool:
        return (self.anchor is not None and low is not None
                and not (self.ascii_digits and not text.isascii()))

    def finditer(self, text: str, low: str | None) -> list[re.Match[str]]:
        """``regex.finditer(text)``; ``low`` is ``lower(text)``."""
        if not self._usable(text, low):
            return list(self.regex.finditer(text))
        assert self.anchor is not None and low is not None
        found, end, match = [], 0, self.regex.match
        for at in self._positions(text, low, 0):
            if at >= end and (hit := match(text, at)) is not None:
                found.append(hit)
                end = hit.end()  # never empty: it starts with a literal
        return found

    def search(self, text: str, low: str | None, at: int = 0) -> re.Match[str] | None:
        """``regex.search(text, at)``; ``low`` is ``lower(text)``."""
        if not self._usable(text, low):
            return self.regex.search(text, at)
        assert self.anchor is not None and low is not None
        match, word_start = self.regex.match, self.word_start
        if self.whole_words:  # the first match wins: no need to find every beginning first
            for found in self.anchor.finditer(low, at):
                start = found.start()
                if (not (start and _is_word(text[start - 1]))
                        and (hit := match(text, start)) is not None):
                    return hit
            return None
        search = self.anchor.search
        while (found_at := search(low, at)) is not None:
            at = found_at.start()
            if (not (word_start and at and _is_word(text[at - 1]))
                    and (hit := match(text, at)) is not None):
                return hit
            at += 1
        return None

    def _positions(self, text: str, low: str, at: int) -> list[int]:
        """Where a beginning occurs from ``at`` on (at a word start, for a "\b" pattern)."""
        assert self.anchor is not None
        if self.whole_words:
            return [i for found in self.anchor.finditer(low, at)
                    if not ((i := found.start()) and _is_word(text[i - 1]))]
        positions, search, word_start = [], self.anchor.search, self.word_start
        while (found := search(low, at)) is not None:
            at = found.start()
            if not (word_start and at and _is_word(text[at - 1])):
                positions.append(at)
            at += 1
        return positions


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _nested(starts: list[str]) -> bool:
    """Whether a beginning can start where a word starts inside another beginning: a word of
    one (after a space or hyphen) that begins another, or is begun by it."""
    for start in starts:
        for at in range(1, len(start)):
            if _is_word(start[at]) and not _is_word(start[at - 1]):
                rest = start[at:]
                if any(other.startswith(rest) or rest.startswith(other) for other in starts):
                    return True
    return False


def last_words(text: str, count: int) -> int:
    """Where the last ``count`` words of ``text`` start (0 when it has no more). A pattern that
    must end the text within that many words matches the same when searched from there, and
    the engine still sees what comes before, for a look-behind."""
    parts = text.rsplit(None, count)
    return text.index(parts[1], len(parts[0])) if len(parts) > count else 0


def at_start(pattern: re.Pattern[str]) -> bool:
    """Whether the pattern can only match at the start of a text: it begins with "^" (not a
    "^" of one alternative only, nor one that also matches after a line break)."""
    parsed, op = _parse(pattern), _engine()
    return (parsed is not None and op is not None and parsed[:1] == [(op.AT, op.AT_BEGINNING)]
            and not pattern.flags & re.MULTILINE)


@dataclass(frozen=True)
class Phrases:
    """Labelled phrases (the sectors of the rules file), looked up by the words of a text rather
    than scanned for: a text's words come from one table translation (``words_of``), and only
    phrases whose first word is among them are checked, as word runs of the text. A hyphen or
    any other punctuation between words counts as a space ("new-energy" is "new energy"); an
    all-capital phrase ("AI", "IC") must also be in capitals in the text; a phrase counts only
    where no longer phrase it begins stands ("new energy" is not read in "new energy vehicles")."""

    labels: tuple[str, ...]
    firsts: frozenset[bytes]
    entries: dict[bytes, tuple[_Phrase, ...]]  # by first word

    @classmethod
    def build(cls, table: Mapping[str, list[str]]) -> Phrases:
        labels = tuple(label for label, words in table.items() if words)
        by_first: dict[bytes, dict[bytes, list[tuple[int, re.Pattern[str] | None]]]] = {}
        for index, label in enumerate(labels):
            for phrase in table[label]:
                words = words_of(phrase)
                if words:
                    exact = None
                    if phrase.isupper():
                        written = re.findall(r"[A-Za-z0-9]+", phrase)
                        exact = re.compile(r"(?<![A-Za-z0-9])" + r"[^A-Za-z0-9]+".join(written)
                                           + r"(?![A-Za-z0-9])")
                    padded = b" " + b" ".join(words) + b" "
                    by_first.setdefault(words[0], {}).setdefault(padded, []).append((index, exact))
        entries = {
            first: tuple(_Phrase(padded, padded.count(b" ") > 2, label, exact,
                                 tuple(q for q in phrases if q != padded and q.startswith(padded)))
                         for padded, found in phrases.items() for label, exact in found)
            for first, phrases in by_first.items()}
        return cls(labels, frozenset(entries), entries)

    def find(self, text: str, words: list[bytes] | None = None) -> list[str]:
        """The labels of the phrases in ``text``, in the order of the table; ``words`` is
        ``words_of(text)`` when the caller has it already."""
        words = words_of(text) if words is None else words
        candidates = self.firsts.intersection(words)
        if not candidates:
            return []
        joined = b""
        found: set[int] = set()
        for first in candidates:
            for entry in self.entries[first]:
                if entry.label in found or (entry.exact and not entry.exact.search(text)):
                    continue
                if entry.several_words or entry.longer:
                    joined = joined or b" " + b" ".join(words) + b" "
                    count = joined.count(entry.words)
                    if count <= sum(joined.count(longer) for longer in entry.longer):
                        continue
                found.add(entry.label)
        return [self.labels[label] for label in sorted(found)]


class _Phrase(NamedTuple):
    words: bytes  # b" new energy "
    several_words: bool
    label: int
    exact: re.Pattern[str] | None  # the capitals an all-capital phrase must be written in
    longer: tuple[bytes, ...]  # the phrases that begin with this one ("new energy vehicles")


# ---- reading a pattern's beginnings from the engine's own parse ----------------------------------
# re._parser and re._constants are private: whatever they do not offer as expected means "no
# beginnings" (the pattern is run as usual), never a failure.


def _engine() -> Any:
    """The engine's op codes (re._constants), or None."""
    try:
        return importlib.import_module("re._constants")
    except ImportError:
        return None


def _parse(regex: re.Pattern[str]) -> list[tuple[Any, Any]] | None:
    """The engine's parse of a pattern, as (op code, argument) items, or None."""
    try:
        return list(importlib.import_module("re._parser").parse(regex.pattern, regex.flags))
    except Exception:
        return None


def _starts(parsed: list[tuple[Any, Any]] | None) -> list[str]:
    """The literal strings (lower case, ASCII) one of which every match begins with; [] when
    they cannot be told."""
    op = _engine()
    try:
        starts = _heads(parsed, op) if parsed is not None and op is not None else None
    except Exception:
        return []
    return sorted(starts) if starts and all(s.isascii() for s in starts) else []


def _bounded(parsed: list[tuple[Any, Any]]) -> bool:
    r"""Whether every match starts with "\b" or "(?<!\w)" (before it consumes anything)."""
    op = _engine()
    try:
        return op is not None and _opens_with_boundary(parsed, op)
    except Exception:
        return False


def _opens_with_boundary(items: list[tuple[Any, Any]], op: Any) -> bool:
    for index, (code, value) in enumerate(items):
        if code is op.AT and value is op.AT_BOUNDARY:
            return True
        if code is op.ASSERT_NOT and value[0] == -1:
            behind = list(value[1])
            if (len(behind) == 1 and behind[0][0] is op.IN
                    and (op.CATEGORY, op.CATEGORY_WORD) in behind[0][1]):
                return True  # "(?<!\w)", "(?<![\w'])": no word character before
        if code in (op.AT, op.ASSERT, op.ASSERT_NOT):
            continue
        if code in (op.SUBPATTERN, op.BRANCH):
            branches = [value[3]] if code is op.SUBPATTERN else value[1]
            return all(_opens_with_boundary(list(branch), op) for branch in branches)
        if code in (op.MAX_REPEAT, op.MIN_REPEAT) and value[0] == 0:
            return (_opens_with_boundary(list(value[2]), op)
                    and _opens_with_boundary(items[index + 1 :], op))
        return False
    return False


_DIGITS = {str(digit) for digit in range(10)}


def _heads(items: list[tuple[Any, Any]], op: Any) -> set[str] | None:
    r"""The literal beginnings of a parsed pattern: a run of literals and white space ("\s+"),
    extended through a group or alternation that follows it; zero-width assertions before the
    run are passed over, an optional part gives its own beginnings and those of what follows
    it, "\d" the ten digits."""
    run = ""
    for index, (code, value) in enumerate(items):
        if code is op.LITERAL:
            run += chr(value).lower()
            continue
        if run:
            if (code in (op.MAX_REPEAT, op.MIN_REPEAT) and value[0] >= 1
                    and list(value[2]) == [(op.IN, [(op.CATEGORY, op.CATEGORY_SPACE)])]):
                run += " "  # "\s+": a space here, white space in the anchor (see alternation)
                continue
            if code in (op.SUBPATTERN, op.BRANCH):
                heads = _heads([(code, value)], op)
                return {run + h for h in heads} if heads else {run}
            return {run}
        if code in (op.AT, op.ASSERT, op.ASSERT_NOT):
            continue  # "\b", "^", look-arounds: they consume nothing
        if code in (op.SUBPATTERN, op.BRANCH):
            branches = [value[3]] if code is op.SUBPATTERN else value[1]
            found = [_heads(list(branch), op) for branch in branches]
            return None if any(h is None for h in found) else {h for f in found if f for h in f}
        if code in (op.MAX_REPEAT, op.MIN_REPEAT) and value[0] == 0:
            optional, rest = _heads(list(value[2]), op), _heads(items[index + 1 :], op)
            return None if optional is None or rest is None else optional | rest
        if code is op.IN and value == [(op.CATEGORY, op.CATEGORY_DIGIT)]:
            return set(_DIGITS)
        return None
    return {run} if run else None
