"""Party reading, by idea: one name for the classifier to import from.

Reading the parties of a deal takes four steps, each in its own module:

- monitor.tag.lexicon: the [parties] word lists of the rules file, compiled once (``Lexicon``);
- monitor.tag.names: the capitalised names of one sentence, split and trimmed (``Reader``);
- monitor.tag.lists: which names a deal verb joins (subject, "with"/"between"/"by" lists, hosts);
- monitor.tag.resolve: short forms resolved to fuller names, one entry per organisation.

The classifier and the rules have always imported these names from here, and still can; the
pattern helpers (``alternation``, ``words_of``, ``Anchored``, ...) of monitor.tag.patterns are
named here too, where callers have always found them.
"""

from __future__ import annotations

from monitor.tag.lexicon import Lexicon, PartiesTable, build_lexicon
from monitor.tag.lists import (
    agents,
    around,
    cue_lists,
    host,
    indirect,
    is_place,
    leading_names,
    list_after,
    members,
    subject_before,
    unique,
)
from monitor.tag.names import Name, Names, Reader, tokens
from monitor.tag.patterns import (
    Anchored,
    Phrases,
    alternation,
    at_start,
    last_words,
    lower,
    words_of,
)
from monitor.tag.resolve import (
    companies,
    compound_parties,
    final_parties,
    is_generic,
    merge,
    restated,
    same_party,
    short_forms,
    signed_for,
    spelled_out,
    verdict_parties,
)

__all__ = [
    "Anchored",
    "Lexicon",
    "Name",
    "Names",
    "PartiesTable",
    "Phrases",
    "Reader",
    "agents",
    "alternation",
    "around",
    "at_start",
    "build_lexicon",
    "companies",
    "compound_parties",
    "cue_lists",
    "final_parties",
    "host",
    "indirect",
    "is_generic",
    "is_place",
    "last_words",
    "leading_names",
    "list_after",
    "lower",
    "members",
    "merge",
    "restated",
    "same_party",
    "short_forms",
    "signed_for",
    "spelled_out",
    "subject_before",
    "tokens",
    "unique",
    "verdict_parties",
    "words_of",
]
