"""Whitespace and sentence helpers shared by the parsers and the classifier."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean", "is_blank", "split_sentences"]

# Every Unicode space (no-break, thin, ideographic, zero-width…) counts as white space here:
# real pages mix them into titles and credits and a reader never sees the difference.
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
# A sentence end: its mark, then white space and a capital, or a capital straight after the full
# stop of a word ("innovation.Life": a lost space). Every match starts with the mark itself, so
# the engine only stops at marks (a pattern opening with a look-behind is tried everywhere).
_SENTENCE_END = re.compile(r"([.!?。！？][\"'”’)]?)(?:\s+(?=[\"'“‘(]?[A-Z0-9\u4e00-\u9fff])"
                           r"|(?<=[a-z]{3}\.)(?=[A-Z][a-z]))")
_ABBREVIATIONS = ("No.", "Mr.", "Ms.", "Mrs.", "Dr.", "St.", "Rd.", "Jan.", "Feb.", "Aug.",
                  "Sept.", "Sep.", "Oct.", "Nov.", "Dec.", "U.S.", "Prof.", "Gov.")
# A company suffix ends a sentence unless another suffix follows ("Co. Ltd.").
_COMPANY_SUFFIXES = ("Co.", "Ltd.", "Inc.", "Corp.")
_SUFFIX_NEXT = ("Ltd", "Limited", "Inc", "Co", "Corp", "LLC", "(")


def clean(text: str) -> str:
    """Fold runs of any white space into one space and trim; keep quotes and CJK as they are."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def is_blank(text: str) -> bool:
    return not _SPACES.sub("", text)


def split_sentences(paragraph: str) -> list[str]:
    """Split on sentence ends, but not after common abbreviations such as "Co." or "No."."""
    marked = _SENTENCE_END.sub("\\1\x00", paragraph.strip())
    sentences: list[str] = []
    for piece in marked.split("\x00"):
        if sentences and _continues(sentences[-1], piece):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return [s for s in sentences if s]


def _continues(previous: str, piece: str) -> bool:
    if previous.endswith(_ABBREVIATIONS):
        return True
    if previous.endswith(_COMPANY_SUFFIXES) and piece.startswith(_SUFFIX_NEXT):
        return True
    # A quoted title that holds a full stop ("signed the "X Co., Ltd. Strategic Cooperation
    # Agreement""): the sentence goes on to the closing quotation mark.
    return ((previous.count("“") > previous.count("”") and "”" in piece[:_QUOTE_REACH])
            or (previous.count('"') % 2 == 1 and '"' in piece[:_QUOTE_REACH]))


_QUOTE_REACH = 160
