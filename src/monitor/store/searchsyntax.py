"""What a user types into ``monitor search``, as an SQLite FTS5 query that cannot be malformed.

FTS5 has its own grammar (``AND``, ``NEAR``, column filters, quotes, parentheses): a title
pasted into a search box ("AND", "Jing'an", "C++") is a syntax error there. So user text is
read in a small syntax of its own and every term reaches FTS5 quoted:

    words           every word must appear, in any order; words are stemmed, so "signs" finds
                    "signed" and "cooperate" finds "cooperation"
    "a phrase"      those words, in that order
    A OR B          either of the terms on each side of OR
    -word, -"a b"   leave out articles with it (needs at least one term to look for)
"""

from __future__ import annotations

import re

__all__ = ["SearchSyntaxError", "fts_query"]

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD_EDGES = re.compile(r"^\W+|\W+$")


class SearchSyntaxError(ValueError):
    """The text holds nothing to look for; the message says what to type instead."""


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term(text: str, *, phrase: bool) -> str | None:
    """One FTS5 string (its tokenizer splits it into words again); None when nothing is left.

    No prefix search: the index stems words ("cooperation" is stored as "cooper"), so a prefix
    such as "cooperat" would match nothing; stemming already finds a word's other forms."""
    words = " ".join(text.split()) if phrase else _WORD_EDGES.sub("", text)
    return _quoted(words) if words else None


def fts_query(text: str) -> str:
    """The FTS5 MATCH expression for *text*; raises SearchSyntaxError when there is no term."""
    wanted: list[str] = []
    unwanted: list[str] = []
    pending_or = False
    for match in _TOKEN.finditer(text):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare == "OR" and wanted and not pending_or:  # else it is just the word "or"
            pending_or = True
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        term = _term(phrase if phrase is not None else bare, phrase=phrase is not None)
        if term is None:
            continue
        if negated:
            unwanted.append(term)
        elif pending_or:
            wanted[-1] = f"{wanted[-1]} OR {term}"
        else:
            wanted.append(term)
        pending_or = False
    if not wanted:
        raise SearchSyntaxError(
            "nothing to search for: give a word or a \"quoted phrase\"" if not unwanted else
            "only words to leave out: give a word or a \"quoted phrase\" to look for as well")
    query = " AND ".join(f"({term})" if " OR " in term else term for term in wanted)
    if unwanted:
        query = f"({query}) NOT ({' OR '.join(unwanted)})"
    return query
