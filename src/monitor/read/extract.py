"""The generic article extractor: PageFields from any news page, with no site profile.

Sources change their HTML without notice and users add sites we never profiled, so the pipeline
needs one extractor that reads an article from structure alone: ``metadata`` reads what the page
says about itself (JSON-LD, OpenGraph/article:*, Dublin Core, <title>, h1), ``dates`` finds when
it was published, ``body`` finds and reads the article text. One tree (``tree.parse_tree``) is
shared by all three, and by the site profile before them. It never raises on bad markup:
whatever it cannot find stays empty.
"""

from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser

from monitor.models import PageFields
from monitor.read.body import read_body
from monitor.read.dates import published_of
from monitor.read.metadata import (
    PageMeta,
    byline_of,
    canonical_of,
    language_of,
    section_of,
    settle_lede,
    title_of,
)
from monitor.read.tree import parse_tree, utf8_page

__all__ = ["extract"]

_SHANGHAI = ZoneInfo("Asia/Shanghai")


def extract(
    page: str | bytes | LexborHTMLParser, url: str | None = None, *,
    default_tz: tzinfo = _SHANGHAI
) -> PageFields:
    """Read one article page into PageFields; what the page does not show stays empty.

    ``page`` is HTML text, bytes (read as ``tree.decode_page`` says) or a tree already parsed
    by ``tree.parse_tree``; a tree is pruned while its body is read, so read it last.
    ``published`` is always aware: a time without offset is read in ``default_tz``.
    """
    if isinstance(page, LexborHTMLParser):
        tree = page
    else:
        tree = parse_tree(utf8_page(page) if isinstance(page, bytes) else page)
    meta = PageMeta(tree)
    canonical = canonical_of(meta, url)
    fields = PageFields(
        title=title_of(meta), published=published_of(tree, meta, url or canonical, default_tz),
        tags=meta.tags(), section=section_of(tree, meta), canonical_url=canonical,
        language=language_of(tree, meta), byline=byline_of(tree, meta))
    read_body(tree, fields, meta.captions)
    settle_lede(meta, fields)
    return fields
