"""What a page says about itself: <meta> values, JSON-LD, the canonical link, h1 and <title>,
and the fields read from them (title, lede, canonical URL, language, section, byline).

One whole-tree query gathers all of it, with the captions and breadcrumb boxes the body and the
section need later (each css() call walks the whole tree, so there are as few as possible).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from monitor.models import PageFields
from monitor.read.normalize import clean_fast

__all__ = ["PageMeta", "byline_of", "canonical_of", "language_of", "section_of", "settle_lede",
           "title_of", "unique"]

# Each css() call parses its selector anew and walks the tree (0.1-0.3 ms on a news page), so
# there are few whole-tree queries, each run once; small checks walk nodes in Python instead.
_HEAD = ("meta[content], script[type*=ld], link[rel=canonical][href], h1, title, "
         "time[datetime], [itemprop=datePublished]")
_CAPTIONS = "figcaption, [class*=caption i], [class*=credit i], [class*=photographer i]"
_CRUMB_BOXES = "[class*=breadcrumb], [aria-label*=readcrumb]"
_FIRST_PASS = f"{_HEAD}, {_CAPTIONS}, {_CRUMB_BOXES}"  # one walk of the whole tree for all
_CAPTION_CLASS = re.compile(r"caption|credit|photographer")
_BYLINES = "[rel=author], [class*=byline], [itemprop=author]"
_ARTICLE_TYPES = frozenset({"Article", "NewsArticle", "ReportageNewsArticle", "BlogPosting",
                            "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
                            "ReviewNewsArticle", "LiveBlogPosting", "TechArticle", "Report"})
# "_" separates only in titles without spaces, as Chinese sites write "标题_栏目_网站".
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " · ", " :: ", " « ", " » ", "｜", "_")
_HARD_SEPARATORS = frozenset({"|", "·", "::", "｜", "«", "»", "_"})
_NOT_SECTIONS = frozenset({"home", "homepage", "首页", "主页"})
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_TAG_SEPARATORS = re.compile(r"[,;，、]")
_MOST_TAGS = 100  # a page listing thousands of keywords is no article's tags


class PageMeta:
    """What the page says about itself: <meta> values, JSON-LD, canonical link, h1, <title>."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self.values: dict[str, list[str]] = {}
        self.times: list[str] = []
        self.texts: dict[str, str] = {}
        objects: list[dict[str, Any]] = []
        self.captions: list[LexborNode] = []  # read later, before the tree is pruned
        self.crumb_boxes: list[LexborNode] = []
        for node in tree.css(_FIRST_PASS):
            tag = node.tag or ""
            # One dict of the node's attributes: a lookup of a missing one through node.attrs
            # raises and catches a KeyError, and most lookups here miss. A valueless
            # attribute is None in the dict, "" through attrs.sget: hence the "or".
            attrs = node.attributes
            if tag == "meta":  # values are cleaned when read: most are never used
                key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
                       or attrs.get("http-equiv") or "")
                self.values.setdefault(key.strip().lower(), []).append(attrs.get("content") or "")
            elif tag == "script":
                objects.extend(_flatten(_loads(node.text())))
            elif tag in ("link", "h1", "title"):
                if tag not in self.texts:
                    self.texts[tag] = attrs.get("href") or clean_fast(node.text())
            elif tag == "figcaption" or _CAPTION_CLASS.search((attrs.get("class") or "").lower()):
                self.captions.append(node)
            elif ("breadcrumb" in (attrs.get("class") or "")
                  or "readcrumb" in (attrs.get("aria-label") or "")):
                self.crumb_boxes.append(node)
            if (tag == "time" and "datetime" in attrs) or attrs.get("itemprop") == "datePublished":
                self.times.append(attrs.get("datetime") or node.text())
        self.article = next((o for o in objects if _types(o) & _ARTICLE_TYPES), {})
        self.crumbs = next((o for o in objects if "BreadcrumbList" in _types(o)), {})
        names = (self.first("og:site_name", "application-name"), _as_text(self.article.get(
            "publisher")))
        self.site_names = {n.lower() for n in names if n}

    def first(self, *keys: str) -> str | None:
        values = (clean_fast(v) for k in keys for v in self.values.get(k, ()))
        return next((v for v in values if v), None)

    def ld(self, key: str) -> str | None:
        return _as_text(self.article.get(key))

    def tags(self) -> list[str]:
        raw = [*self.values.get("article:tag", []), *self.values.get("keywords", []),
               *self.values.get("news_keywords", [])]
        keywords = self.article.get("keywords")
        raw += keywords if isinstance(keywords, list) else [_as_text(keywords) or ""]
        split = (clean_fast(t) for value in raw if isinstance(value, str)
                 for t in _TAG_SEPARATORS.split(value))
        tags = unique(t for t in split if t and len(t) <= 60 and not t.startswith("@"))
        return tags[:_MOST_TAGS]


def _loads(raw: str) -> Any:
    """JSON-LD as pages really write it: wrapped in comments or CDATA, trailing commas, junk."""
    text = raw.strip().removeprefix("<!--").removesuffix("-->").strip()
    text = text.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    decoder = json.JSONDecoder(strict=False)
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return decoder.raw_decode(attempt)[0]
        except (ValueError, RecursionError):
            continue
    return None


def _flatten(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 5:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _flatten(data.get("@graph"), depth + 1)
        yield from _flatten(data.get("mainEntity"), depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def _as_text(value: Any) -> str | None:
    """A JSON-LD value as text, whether a string, a list of them or a {"name": …} object."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("text")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return clean_fast(str(value)) or None
    return None


def unique(items: Iterable[str]) -> list[str]:
    """The items in order, each once, ignoring case."""
    first: dict[str, str] = {}
    for item in items:
        first.setdefault(item.lower(), item)
    return list(first.values())


def title_of(meta: PageMeta) -> str | None:
    h1 = meta.texts.get("h1") or None
    for candidate in (meta.first("og:title"), meta.ld("headline"), h1,
                      meta.first("twitter:title"), meta.texts.get("title")):
        if candidate and candidate.lower() not in meta.site_names:
            return _strip_site(candidate, meta.site_names, h1)
    return None


def _strip_site(title: str, site_names: set[str], h1: str | None) -> str:
    """Drop a trailing " | Site" / " - Site" (or a leading "Site | ") from a title."""
    for sep in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(sep)
        if not found or not head.strip() or (sep == "_" and " " in title):
            continue
        hard = sep.strip() in _HARD_SEPARATORS
        if tail.lower() in site_names or head == h1 or (hard and len(tail.split()) <= 5):
            return _strip_site(head.strip(), site_names, h1)
        first, _, rest = title.partition(sep)
        if first.lower() in site_names and rest:
            return rest.strip()
    return title


def settle_lede(meta: PageMeta, fields: PageFields) -> None:
    """The description is the lede when it is a standfirst, not the first paragraph cut short;
    a standfirst repeated as the first paragraph leaves the body."""
    lede = (meta.first("og:description", "description", "twitter:description")
            or meta.ld("description"))
    if not lede or len(lede) < 15 or lede == fields.title:
        return
    first = fields.body[0] if fields.body else ""
    if first == lede:
        fields.body = fields.body[1:]
    elif first.startswith(lede.rstrip(".…").rstrip()):
        return
    fields.lede = lede


def canonical_of(meta: PageMeta, url: str | None) -> str | None:
    base = url or meta.first("og:url") or meta.ld("url")
    href = (meta.texts.get("link") or "").strip() or base or ""
    try:
        return urljoin(base, href) if base and href else (href or None)
    except ValueError:  # a malformed URL such as "http://[::1"
        return href or None


def language_of(tree: LexborHTMLParser, meta: PageMeta) -> str | None:
    root = tree.root
    lang = root.attrs.sget("lang") if root is not None and root.tag == "html" else ""
    lang = lang or meta.first("content-language", "og:locale", "dc.language") or ""
    return clean_fast(lang).replace("_", "-") or None


def section_of(tree: LexborHTMLParser, meta: PageMeta) -> str | None:
    section = meta.ld("articleSection") or meta.first("article:section", "section")
    if section:
        return section
    items = meta.crumbs.get("itemListElement")
    names = [_as_text(i.get("item") if isinstance(i.get("item"), dict) else i)
             for i in (items if isinstance(items, list) else []) if isinstance(i, dict)]
    names = names or [clean_fast(a.text()) for a in _crumb_links(meta.crumb_boxes)]
    title = (meta.first("og:title") or meta.ld("headline") or "").lower()
    names = [n for n in names if n and len(n) <= 40 and n.lower() not in _NOT_SECTIONS
             and not title.startswith(n.lower())]
    return names[-1] if names else None


def _crumb_links(boxes: list[LexborNode]) -> list[LexborNode]:
    """The links inside breadcrumb boxes, each once (boxes nest: a list in a nav), in order."""
    links = {a.mem_id: a for box in boxes for a in box.css("a")}
    return list(links.values())


def byline_of(tree: LexborHTMLParser, meta: PageMeta) -> str | None:
    authors = meta.article.get("author")
    names = [_as_text(a) for a in (authors if isinstance(authors, list) else [authors])]
    byline = ", ".join(n for n in names if n) or meta.first("author") or ""
    if not byline:
        node = tree.css_first(_BYLINES)
        byline = clean_fast(node.text()) if node is not None else ""
    byline = re.sub(r"^by\s+", "", byline, flags=re.I)
    return byline if 0 < len(byline) <= 120 else None
