"""Is this page an article at all? Decided from the page's structure, before anyone reads it.

A section front or listing page ("Feature / District") strings together the titles and ledes of
many articles; read as one article, its ledes look like a string of signed deals. Such a page:

- declares no article metadata (og:type "article", article:published_time, ArticlePublishDate,
  a JSON-LD NewsArticle): a page that declares it is taken at its word;
- links to many article-like URLs (a long number or a date in the path), each link heading its
  own small block (a "row", a list item: the teaser of one story);
- has little running text outside those blocks, once navigation, header and footer are gone.

Only a page with all three is "not an article": an article with a "related stories" list still
has its own paragraphs, and a short page with few links is left to the reader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["MIN_RUNNING_TEXT", "MIN_TEASERS", "PageKind", "declared_metadata", "page_kind"]

MIN_TEASERS = 5  # a listing shows at least this many stories
MIN_RUNNING_TEXT = 400  # characters: below a short news brief's body
_ARTICLE_PATH = re.compile(r"/\d{6,}(?:[/._]|$)|/(?:19|20)\d{2}[/-]?\d{2}[/-]|/t(?:19|20)\d{6}_")
_ARTICLE_TYPES = frozenset({"article", "newsarticle", "reportagenewsarticle", "blogposting",
                            "analysisnewsarticle", "opinionnewsarticle"})
_BOILERPLATE = "nav, header, footer, aside, script, style, noscript, form, template"


@dataclass(frozen=True)
class PageKind:
    """The verdict and the figures behind it, so a user can see why."""

    is_article: bool
    teasers: int  # blocks that each lead to one other article
    running_text: int  # characters outside those blocks and the page's furniture
    metadata: str | None  # the article metadata the page declares, if any

    @property
    def reason(self) -> str:
        if self.metadata:
            return f"declares article metadata ({self.metadata})"
        return (f"{self.teasers} blocks linking to other articles, {self.running_text} characters "
                f"of running text, no article metadata")


def page_kind(html: str, url: str | None = None) -> PageKind:
    """Article or not, from *html* (whose address, when known, resolves relative links)."""
    tree = LexborHTMLParser(html)
    metadata = declared_metadata(tree)
    for node in tree.css(_BOILERPLATE):
        node.decompose()
    body = tree.body
    if body is None:
        return PageKind(is_article=metadata is not None, teasers=0, running_text=0, metadata=metadata)
    teasers = _teasers(body, url or _canonical(tree))
    for node in teasers:
        node.decompose()
    running = len(" ".join(body.text(separator=" ").split()))
    is_article = metadata is not None or len(teasers) < MIN_TEASERS or running >= MIN_RUNNING_TEXT
    return PageKind(is_article, len(teasers), running, metadata)


def declared_metadata(tree: LexborHTMLParser) -> str | None:
    """The first article marker the page declares in its head or JSON-LD. A page that declares
    one is an article whatever its structure, so a caller holding the page's tree already can
    ask this first and skip ``page_kind`` (and its own parse of the page) on most articles."""
    og_type = tree.css_first('meta[property="og:type"]')
    if og_type is not None and (og_type.attributes.get("content") or "").strip().lower() == "article":
        return "og:type article"
    for name in ("article:published_time", "ArticlePublishDate", "article:published"):
        if tree.css_first(f'meta[property="{name}"], meta[name="{name}"]') is not None:
            return name
    for script in tree.css('script[type="application/ld+json"]'):
        if _json_ld_is_article(script.text()):
            return "JSON-LD article"
    return None


def _json_ld_is_article(text: str) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False
    items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
    for item in items:
        kinds = item.get("@type", []) if isinstance(item, dict) else []
        for kind in [kinds] if isinstance(kinds, str) else kinds:
            if isinstance(kind, str) and kind.lower() in _ARTICLE_TYPES:
                return True
    return False


def _canonical(tree: LexborHTMLParser) -> str | None:
    link = tree.css_first('link[rel="canonical"]')
    return link.attributes.get("href") if link is not None else None


def _teasers(body: LexborNode, page_url: str | None) -> list[LexborNode]:
    """For each link to another article-like URL, the largest block around it that leads to
    no other article: one story's teaser."""
    own = "/" + _path(page_url).lstrip("/") if page_url else None
    targets = _link_targets(body, page_url)
    first_links: dict[str, LexborNode] = {}
    for link, target in targets.values():
        if target != own:
            first_links.setdefault(target, link)
    below = _targets_below(targets.values(), body)
    blocks: dict[int, LexborNode] = {}
    for link in first_links.values():
        block = _widest_block(link, body, below)
        blocks.setdefault(block.mem_id, block)
    return list(blocks.values())


def _link_targets(body: LexborNode, page_url: str | None) -> dict[int, tuple[LexborNode, str]]:
    """Each link to an article-like path, by node id, in page order; a page repeats its hrefs
    (a teaser's title and picture), so each href is resolved once."""
    resolved: dict[str, str | None] = {}
    found: dict[int, tuple[LexborNode, str]] = {}
    for link in body.css("a[href]"):
        href = link.attributes.get("href") or ""
        if href not in resolved:
            resolved[href] = _article_target(href, page_url)
        if (target := resolved[href]) is not None:
            found[link.mem_id] = (link, target)
    return found


def _targets_below(links: Iterable[tuple[LexborNode, str]], body: LexborNode) -> dict[int, set[str]]:
    """The article paths linked from inside each element below *body*, by node id, as far as
    ``_widest_block`` needs them: one path, or two and more. A walk up from each link stops at
    an element that has two already, since every element above it has them too."""
    below: dict[int, set[str]] = {}
    for link, target in links:
        node = link.parent
        while node is not None and node.mem_id != body.mem_id:
            paths = below.setdefault(node.mem_id, set())
            if len(paths) > 1:
                break
            paths.add(target)
            node = node.parent
    return below


def _widest_block(link: LexborNode, body: LexborNode, below: dict[int, set[str]]) -> LexborNode:
    """Climb from *link* while the parent still leads to one article only."""
    node = link
    while node.parent is not None and node.parent.mem_id != body.mem_id:
        if len(below.get(node.parent.mem_id, ())) > 1:
            break
        node = node.parent
    return node


def _article_target(href: str, page_url: str | None) -> str | None:
    """The path a link's *href* leads to when it looks like an article's, else None."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    path = "/" + _path(urljoin(page_url or "", href)).lstrip("/")  # relative, with no base
    return path if _ARTICLE_PATH.search(path + "/") else None


def _path(url: str) -> str:
    return urlsplit(url.strip()).path.rstrip("/")
