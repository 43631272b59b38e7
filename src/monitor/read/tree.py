"""Page bytes to text, and text to the one parsed tree every reader of a page shares.

Parsing is the largest single cost of reading a page, so a page is parsed once: the site
profile reads the tree without changing it, then the generic extractor (which prunes it) reads
the same tree. Two kinds of input would otherwise cost far more than their size says:

- charsets: a ``<meta charset>`` copied from a template often lies about a page saved as UTF-8;
  bytes that are valid UTF-8 are read as UTF-8 whatever the meta tag says.
- nesting: an HTML tree builder checks the open elements for a ``<p>`` on every block start tag,
  so N nested blocks cost N² (35,000 nested divs: seconds instead of milliseconds). Block tags
  nested deeper than ``MAX_DEPTH`` are dropped before parsing, as browsers stop nesting at a
  fixed depth; their text stays, in place.
"""

from __future__ import annotations

import re
from itertools import accumulate

from selectolax.lexbor import LexborDocumentOptions, LexborHTMLParser

__all__ = ["MAX_DEPTH", "bound_nesting", "decode_page", "parse_tree", "utf8_page"]

MAX_DEPTH = 512  # deeper than any real page (the benchmark's deepest nests 68 blocks)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w:.]+)""", re.I)
_UTF8_BOM = b"\xef\xbb\xbf"
# The start tags that make the tree builder look for an open <p> (the N² ones), and their ends.
_NESTING_TAG = re.compile(
    rb"<(/?)(?:div|section|article|aside|nav|main|header|footer|blockquote|ul|ol|dl|figure|"
    rb"fieldset|details|address|center|menu|form)(?=[\s>/])[^>]*>", re.I)
_STEP = {b"": 1, b"/": -1}
_DIV_START = re.compile(rb"<div", re.I)


def decode_page(raw: bytes, declared: str | None = None) -> str:
    """Bytes to text: a BOM, else the HTTP charset, else UTF-8 when the bytes are valid UTF-8
    (whatever a <meta charset> claims), else the meta charset, else GB18030 (what undeclared
    Chinese pages are written in), else UTF-8 with bad bytes replaced."""
    if raw.startswith(_UTF8_BOM):
        return raw[len(_UTF8_BOM):].decode("utf-8", errors="replace")
    meta = _META_CHARSET.search(raw[:4096])
    meta_charset = meta.group(1).decode("ascii", "ignore") if meta else None
    if meta_charset and meta_charset.lower().startswith(("utf-16", "utf-32")):
        meta_charset = None  # markup readable as ASCII is no UTF-16, whatever it says
    for charset in (declared, "utf-8", meta_charset, "gb18030"):
        if charset:
            try:
                return raw.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    for charset in (meta_charset, "utf-8"):  # bad bytes in a page that says what it is
        try:
            return raw.decode(charset or "utf-8", errors="replace")
        except LookupError:
            continue
    return raw.decode("utf-8", errors="replace")


def utf8_page(raw: bytes, declared: str | None = None) -> bytes:
    """The page as UTF-8 bytes, read the way ``decode_page`` reads it. A page already in
    UTF-8 is passed on as it is: the parser reads bytes, and decoding a page only to encode it
    again costs as much as a third of the parse."""
    if raw.startswith(_UTF8_BOM):
        return raw[len(_UTF8_BOM):]
    if not declared or declared.strip().lower() in ("utf-8", "utf8"):
        if raw.isascii():
            return raw
        try:
            raw.decode("utf-8")  # only to know it is valid
        except UnicodeDecodeError:
            pass
        else:
            return raw
    return decode_page(raw, declared).encode("utf-8", "surrogatepass")


def parse_tree(page: str | bytes) -> LexborHTMLParser:
    """The parsed page (text, or UTF-8 bytes from ``utf8_page``), with nesting bounded.
    Readers only read and remove nodes, so the tree is built without mutation events."""
    data = page if isinstance(page, bytes) else page.encode("utf-8", "surrogatepass")
    return LexborHTMLParser(bound_nesting(data), options=LexborDocumentOptions.WO_EVENTS)


def bound_nesting(data: bytes, max_depth: int = MAX_DEPTH) -> bytes:
    """``data`` with block tags nested deeper than ``max_depth`` made line breaks.

    Counting "<div" rules out almost every page before any tag is looked at: depth
    ``max_depth`` needs at least that many block start tags, and div is how pages nest.
    """
    if len(_DIV_START.findall(data)) < max_depth:  # a regex counts faster than bytes.count
        return data
    steps = map(_STEP.__getitem__, _NESTING_TAG.findall(data))
    if max(accumulate(steps), default=0) <= max_depth:
        return data
    depth = 0

    def keep_or_drop(tag: re.Match[bytes]) -> bytes:
        nonlocal depth
        closing = tag.group(1) == b"/"
        depth += -1 if closing else 1
        too_deep = depth + (1 if closing else 0) > max_depth
        return b"<br>" if too_deep else tag.group(0)  # a line break keeps paragraphs apart

    return _NESTING_TAG.sub(keep_or_drop, data)
