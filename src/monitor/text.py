"""Whitespace and sentence helpers shared by the parsers and the classifier."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean", "is_blank", "split_sentences"]

# Every Unicode space (no-break, thin, ideographic, zero-width…) counts as white space here:
# real pages mix them into titles and credits and a reader never sees the difference.
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_SENTENCE_END = re.compile(r"([.!?。！？][\"'”’)]?)\s+(?=[\"'“‘(]?[A-Z0-9\u4e00-\u9fff])")
_ABBREVIATIONS = ("Co.", "Ltd.", "Inc.", "Corp.", "No.", "Mr.", "Ms.", "Mrs.", "Dr.", "St.", "Rd.",
                  "Jan.", "Feb.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec.", "U.S.", "Prof.")


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
        if sentences and sentences[-1].endswith(_ABBREVIATIONS):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return [s for s in sentences if s]
