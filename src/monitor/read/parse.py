"""Parse one page: the site profile's selectors first, the generic extractor for what they miss.

The profile is configuration (config/sites/*.toml). When a selector list finds nothing, that field
comes from the generic extractor instead, and ``Article.field_extractors`` says which one produced
each field. When the profile finds none of title, body and time, the page has outgrown its
profile: ``ParsedPage.profile_mismatch`` says so and the pipeline reports it once per source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser, LexborNode

from monitor.config import SiteProfile
from monitor.errors import ParseError
from monitor.models import Article, PageFields
from monitor.read.normalize import clean_fast, to_article
from monitor.read.tree import decode_page, parse_tree, utf8_page
from monitor.urls import canonicalize, host_of

__all__ = ["ParsedPage", "choose_profile", "decode_html", "parse_html", "read_profile_fields"]

# The fields a profile's absence hands over to the generic extractor, and the ones whose absence
# from the profile's own result means the profile no longer fits the page.
_FALLBACK = ("title", "lede", "published", "body", "canonical_url", "language", "section", "tags")
_ESSENTIAL = ("title", "published", "body")
_NO_TEXT = frozenset({"script", "style", "noscript", "template"})
_CREDIT_LINE = re.compile(r"Source\s*:\s*(?P<source>.+?)\s*(?:Editor\s*:\s*(?P<editor>.+))?$",
                          re.IGNORECASE)
_EDITOR_ONLY = re.compile(r"Editor\s*:\s*(?P<editor>.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedPage:
    article: Article
    profile_mismatch: bool


def decode_html(raw: bytes, declared: str | None = None) -> str:
    """Bytes to text: the HTTP charset, else UTF-8 when the bytes are valid UTF-8 (a lying
    <meta charset> loses), else the meta charset, else GB18030, else UTF-8 with replacement
    characters (``monitor.read.tree.decode_page``)."""
    return decode_page(raw, declared)


def choose_profile(url: str | None, profiles: Mapping[str, SiteProfile]) -> SiteProfile | None:
    """The profile whose domains cover the URL's host (``None`` means generic)."""
    host = host_of(url) if url else ""
    return next((p for p in profiles.values() if host and p.matches_host(host)), None)


def parse_html(html: str | bytes | LexborHTMLParser, *, url: str | None = None,
               profile: SiteProfile | None = None,
               profiles: Mapping[str, SiteProfile] | None = None, source: str | None = None,
               default_tz: tzinfo | None = None, path: str = "<page>",
               districts: Callable[[str], list[str]] | None = None,
               charset: str | None = None) -> ParsedPage:
    """One page to one Article. ``profile`` None: chosen from ``profiles`` by URL (or the page's
    canonical URL); pass ``profiles={}`` and no profile to force the generic extractor.
    ``html`` may be the bytes as fetched, with the HTTP ``charset``: a UTF-8 page then goes to
    the parser without being decoded and encoded again; or the tree ``tree.parse_tree`` made
    of it, for a caller that has read the tree already (it is pruned here: read it before)."""
    # The one parse: the profile reads the tree, then the generic extractor prunes it.
    tree = html if isinstance(html, LexborHTMLParser) else parse_tree(
        utf8_page(html, charset) if isinstance(html, bytes) else html)
    page_url = url or _page_canonical(tree)
    if profile is None and profiles:
        profile = choose_profile(page_url, profiles)
    zone = ZoneInfo(profile.timezone) if profile else (default_tz or ZoneInfo("Asia/Shanghai"))
    own = read_profile_fields(tree, profile, zone) if profile else PageFields()
    merged, origins = _merge_with_generic(own, tree, page_url, zone, profile)
    if not merged.title:
        raise ParseError(path, "no article found: the page has no title")
    if not merged.body:
        raise ParseError(path, "no article found: the page has no article text")
    # Both readers clean each paragraph as they take it off the page (``_node_text``, and the
    # generic extractor's ``body._flush``), and keep none that is empty.
    article = to_article(merged, url=url or merged.canonical_url, source=source, tz=zone,
                         extractor=_extractor_name(origins), field_extractors=origins,
                         districts=districts, body_is_clean=True)
    mismatch = profile is not None and not (own.found() & set(_ESSENTIAL))
    return ParsedPage(article=article, profile_mismatch=mismatch)


def _merge_with_generic(own: PageFields, tree: LexborHTMLParser, url: str | None, zone: tzinfo,
                        profile: SiteProfile | None) -> tuple[PageFields, dict[str, str]]:
    name = f"profile:{profile.name}" if profile else "generic"
    found = own.found()  # a set: in the fields' own order, so the JSON is the same every run
    origins = {field: name for field in PageFields.model_fields if field in found}
    missing = [f for f in _FALLBACK if f not in origins]
    if not missing:
        return own, origins
    from monitor.read.extract import extract  # deferred: the generic pass only runs when needed

    generic = extract(tree, url, default_tz=zone)
    updates: dict[str, Any] = {}
    for field in missing:
        value = getattr(generic, field)
        if value not in (None, [], ""):
            updates[field] = value
            origins[field] = "generic"
    for field in ("photo_credits", "editor", "byline", "source_credit"):
        if field not in origins and getattr(generic, field) not in (None, [], ""):
            updates[field] = getattr(generic, field)
            origins[field] = "generic"
    return own.model_copy(update=updates), origins


def _extractor_name(origins: dict[str, str]) -> str:
    used = sorted(set(origins.values()))
    return "+".join(used) if used else "generic"


def _page_canonical(tree: LexborHTMLParser) -> str | None:
    for selector, attribute in (("link[rel=canonical]", "href"), ("meta[property='og:url']", "content")):
        node = tree.css_first(selector)
        if node is not None and (value := node.attributes.get(attribute)):
            return canonicalize(value)
    return None


# -- the profile's own reading -------------------------------------------------------------------


def _matches(tree: LexborHTMLParser, selectors: list[str]) -> list[LexborNode]:
    for selector in selectors:
        nodes = tree.css(selector)
        if nodes:
            return list(nodes)
    return []


def _node_text(node: LexborNode, excluded: frozenset[int] = frozenset()) -> str:
    if node.tag == "meta":
        return clean_fast(node.attributes.get("content") or "")
    return clean_fast(_visible_text(node, excluded))


def _visible_text(node: LexborNode, excluded: frozenset[int]) -> str:
    """The text a reader sees in ``node``, read without changing the tree (the generic
    extractor reads it next): a <br> is a space, inline text joins without one, and script,
    style, template and the ``excluded`` subtrees count for nothing."""
    parts: list[str] = []
    pending = [node.iter(include_text=True)]
    while pending:
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
        elif child.is_text_node:
            parts.append(child.text_content or "")
        elif child.tag == "br":
            parts.append(" ")
        elif child.tag not in _NO_TEXT and child.mem_id not in excluded:
            pending.append(child.iter(include_text=True))
    return "".join(parts)


def _first_text(tree: LexborHTMLParser, selectors: list[str]) -> str | None:
    for node in _matches(tree, selectors):
        if text := _node_text(node):
            return text
    return None


def _texts(tree: LexborHTMLParser, selectors: list[str],
           excluded: frozenset[int] = frozenset()) -> list[str]:
    """The texts of the first selector matching anything outside the ``excluded`` nodes."""
    for selector in selectors:
        nodes = [n for n in tree.css(selector) if not _inside(n, excluded)]
        if nodes:
            return [t for t in (_node_text(n, excluded) for n in nodes) if t]
    return []


def _inside(node: LexborNode, excluded: frozenset[int]) -> bool:
    current: LexborNode | None = node
    while excluded and current is not None:
        if current.mem_id in excluded:
            return True
        current = current.parent
    return False


def read_profile_fields(tree: LexborHTMLParser, profile: SiteProfile, zone: tzinfo) -> PageFields:
    """What the profile's selectors find. The tree is left as it was: ``body_exclude`` nodes
    are skipped, not removed, so the generic extractor can read the same tree after."""
    rules = profile.article
    source_credit, editor = _credit_line(_first_text(tree, rules.credit_line))
    excluded = frozenset(n.mem_id for selector in rules.body_exclude for n in tree.css(selector))
    return PageFields(
        title=_first_text(tree, rules.title),
        lede=_first_text(tree, rules.lede),
        published=_published(tree, profile, zone),
        section=_first_text(tree, rules.section),
        photo_credits=_texts(tree, rules.photo_credits),
        source_credit=source_credit,
        editor=editor,
        tags=list(dict.fromkeys(_texts(tree, rules.tags))),
        canonical_url=_page_canonical(tree),
        language=_language(tree),
        body=_texts(tree, rules.body, excluded),
    )


def _language(tree: LexborHTMLParser) -> str | None:
    html = tree.css_first("html")
    return html.attributes.get("lang") if html is not None else None


def _credit_line(line: str | None) -> tuple[str | None, str | None]:
    if not line:
        return None, None
    if match := _CREDIT_LINE.search(line):
        return clean_fast(match["source"]) or None, clean_fast(match["editor"] or "") or None
    if match := _EDITOR_ONLY.search(line):
        return None, clean_fast(match["editor"]) or None
    return None, None


def _published(tree: LexborHTMLParser, profile: SiteProfile, zone: tzinfo) -> datetime | None:
    rules = profile.article
    if rules.published_pattern:
        pattern = re.compile(rules.published_pattern)
        for node in _matches(tree, rules.published):
            if moment := _from_pattern(pattern, _node_text(node), zone):
                return moment
    for node in _matches(tree, rules.published_meta):
        if moment := _from_iso(_node_text(node), zone):
            return moment
    return None


def _from_pattern(pattern: re.Pattern[str], text: str, zone: tzinfo) -> datetime | None:
    match = pattern.search(text)
    if not match:
        return None
    parts = {k: int(v) for k, v in match.groupdict(default="0").items() if v.isdigit()}
    try:
        return datetime(parts["year"], parts["month"], parts["day"], parts.get("hour", 0),
                        parts.get("minute", 0), tzinfo=zone)
    except (KeyError, ValueError):
        return None


def _from_iso(text: str, zone: tzinfo) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)
