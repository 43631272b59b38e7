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
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["MIN_RUNNING_TEXT", "MIN_TEASERS", "PageKind", "page_kind"]

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
    metadata = _article_metadata(tree)
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


def _article_metadata(tree: LexborHTMLParser) -> str | None:
    """The first article marker the page declares in its head or JSON-LD."""
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
    first_links: dict[str, LexborNode] = {}
    for link in body.css("a[href]"):
        target = _article_target(link, page_url)
        if target is not None and target != own:
            first_links.setdefault(target, link)
    blocks: dict[int, LexborNode] = {}
    for link in first_links.values():
        block = _widest_block(link, body, page_url)
        blocks.setdefault(block.mem_id, block)
    return list(blocks.values())


def _widest_block(link: LexborNode, body: LexborNode, page_url: str | None) -> LexborNode:
    """Climb from *link* while the parent still leads to one article only."""
    node = link
    while node.parent is not None and node.parent.mem_id != body.mem_id:
        targets = {t for a in node.parent.css("a[href]") if (t := _article_target(a, page_url))}
        if len(targets) > 1:
            break
        node = node.parent
    return node


def _article_target(link: LexborNode, page_url: str | None) -> str | None:
    """The path *link* leads to when it looks like an article's, else None."""
    href = (link.attributes.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    path = "/" + _path(urljoin(page_url or "", href)).lstrip("/")  # relative, with no base
    return path if _ARTICLE_PATH.search(path + "/") else None


def _path(url: str) -> str:
    return urlsplit(url.strip()).path.rstrip("/")
