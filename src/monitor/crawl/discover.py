"""Discovery: the article URLs a listing page, a news sitemap or an RSS/Atom feed points to.

Pure functions: page text in, canonical on-site URLs out. XML is parsed with defusedxml, which
refuses entity expansion and external references — sitemaps and feeds come from the network.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass, field
from datetime import datetime
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from selectolax.lexbor import LexborHTMLParser

from monitor.config import SiteProfile
from monitor.urls import is_allowed, try_canonicalize

__all__ = ["Discovered", "Link", "parse_feed", "parse_listing", "parse_sitemap"]

# Without a profile, a link is taken for an article when its path looks like one: a long number
# or a date in it, or a slug of several words ending in .html.
_GENERIC_ARTICLE_PATH = re.compile(
    r"/(\d{6,}|\d{4}/\d{1,2}/|\d{4}-\d{2}-\d{2}|[\w-]+-[\w-]+-[\w-]+\.s?html?)")
_GENERIC_NEXT = ("a[rel=next]", ".pagination a.next", "a.next", "link[rel=next]")
_DROP_REASONS = ("off-site", "not-an-article", "bad-url")


@dataclass(frozen=True)
class Link:
    url: str
    published: datetime | None = None
    title: str | None = None


@dataclass
class Discovered:
    links: list[Link] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_DROP_REASONS, 0))
    # URLs already in ``links``: a set, so a listing of 100,000 links stays linear; the on-site
    # verdict per host, and canonical forms per href, asked once each.
    _seen: set[str] = field(default_factory=set, repr=False)
    _hosts: dict[str, bool] = field(default_factory=dict, repr=False)
    _canonical: dict[str, str | None] = field(default_factory=dict, repr=False)

    def add(self, link: Link | None, domains: list[str], pattern: re.Pattern[str] | None) -> None:
        """Keep an on-site article link once; ``None`` is a link that could not be read."""
        if link is None:
            self.dropped["bad-url"] += 1
        elif not self._on_site(link.url, domains):
            self.dropped["off-site"] += 1
        elif pattern is not None and not pattern.search(_path(link.url)):
            self.dropped["not-an-article"] += 1
        elif link.url not in self._seen:
            self._seen.add(link.url)
            self.links.append(link)

    def has(self, url: str | None) -> bool:
        return url in self._seen


    def _on_site(self, url: str, domains: list[str]) -> bool:
        netloc = url.split("/", 3)[2] if "://" in url else url
        if netloc not in self._hosts:
            self._hosts[netloc] = is_allowed(url, domains)
        return self._hosts[netloc]

    def canonical(self, href: str, base: str) -> str | None:
        if href not in self._canonical:
            self._canonical[href] = try_canonicalize(href, base)
        return self._canonical[href]


def _link(href: str, base: str | None = None, published: datetime | None = None,
          title: str | None = None) -> Link | None:
    url = try_canonicalize(href, base)
    return Link(url, published=published, title=title) if url else None


def _path(url: str) -> str:
    """Path and query of a canonical URL (no fragment), by string: urlsplit per link was the
    larger part of reading a 100,000-link listing."""
    parts = url.split("/", 3)
    return "/" + parts[3] if len(parts) > 3 else "/"


def _article_pattern(profile: SiteProfile | None) -> re.Pattern[str]:
    return re.compile(profile.article_path_pattern) if profile else _GENERIC_ARTICLE_PATH


def parse_listing(html: str, page_url: str, profile: SiteProfile | None,
                  domains: list[str]) -> Discovered:
    """Article links (profile selectors, else every link that looks like an article) and the
    next listing page."""
    tree = LexborHTMLParser(html)
    found = Discovered()
    pattern = _article_pattern(profile)
    selectors = profile.listing.links if profile and profile.listing.links else ["a[href]"]
    for selector in selectors:
        nodes = tree.css(selector)
        for node in nodes:
            href = node.attributes.get("href")
            if href and not href.startswith(("#", "javascript:", "mailto:")):
                url = found.canonical(href, page_url)
                if found.has(url):
                    continue  # a teaser repeated on the page: the first one's title stands
                title = " ".join(node.text().split()) or None
                found.add(Link(url, title=title) if url else None, domains, pattern)
        if nodes:
            break
    next_selectors = profile.listing.next_page if profile and profile.listing.next_page else _GENERIC_NEXT
    for selector in next_selectors:
        link = tree.css_first(selector)
        if link is not None and (href := link.attributes.get("href")):
            target = try_canonicalize(href, page_url)
            if target and is_allowed(target, domains) and target != try_canonicalize(page_url):
                found.next_pages.append(target)
            break
    return found


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element: Element, name: str) -> str | None:
    for child in element.iter():
        if _local(child.tag) == name and child.text:
            return child.text.strip()
    return None


def _texts(element: Element) -> dict[str, str]:
    """The first text of each descendant by local name, in one pass (a <url> of a news
    sitemap nests news:title and news:publication_date one level down)."""
    found: dict[str, str] = {}
    for child in element.iter():
        if child.text and (name := _local(child.tag)) not in found and child.text.strip():
            found[name] = child.text.strip()
    return found


def _parse_xml(body: bytes) -> Element | None:
    try:
        root: Element = SafeET.fromstring(body)
        return root
    except (SafeET.ParseError, DefusedXmlException, ValueError):
        return None


def _iso(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def parse_sitemap(body: bytes, domains: list[str], profile: SiteProfile | None = None
                  ) -> Discovered:
    """A sitemap index gives child sitemaps (as ``next_pages``); a urlset gives articles with
    their news:publication_date (or lastmod)."""
    found = Discovered()
    root = _parse_xml(body)
    if root is None:
        return found
    if _local(root.tag) == "sitemapindex":
        for item in root:
            loc = _child_text(item, "loc")
            child = try_canonicalize(loc) if loc else None
            if child and is_allowed(child, domains):
                found.next_pages.append(child)
        return found
    pattern = re.compile(profile.article_path_pattern) if profile else None
    for item in root:
        fields = _texts(item)
        if loc := fields.get("loc"):
            published = _iso(fields.get("publication_date") or fields.get("lastmod"))
            found.add(_link(loc, published=published, title=fields.get("title")), domains, pattern)
    return found


def parse_feed(body: bytes, domains: list[str], profile: SiteProfile | None = None) -> Discovered:
    """RSS 2.0 items or Atom entries: their links and publication times."""
    found = Discovered()
    root = _parse_xml(body)
    if root is None:
        return found
    pattern = re.compile(profile.article_path_pattern) if profile else None
    for item in root.iter():
        if _local(item.tag) not in ("item", "entry"):
            continue
        href = _feed_link(item)
        if href:
            published = _feed_time(item)
            found.add(_link(href, published=published, title=_child_text(item, "title")), domains,
                      pattern)
    return found


def _feed_link(item: Element) -> str | None:
    for child in item:
        if _local(child.tag) != "link":
            continue
        if child.attrib.get("href") and child.attrib.get("rel", "alternate") == "alternate":
            return child.attrib["href"]
        if child.text and child.text.strip():
            return child.text.strip()
    return None


def _feed_time(item: Element) -> datetime | None:
    for name in ("published", "updated", "pubDate", "date"):
        text = _child_text(item, name)
        if not text:
            continue
        if moment := _iso(text):
            return moment
        try:
            return email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            continue
    return None
