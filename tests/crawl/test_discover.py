from __future__ import annotations

import re

import pytest

from conftest import SHINE_PAGES
from monitor.config import SiteProfile
from monitor.crawl.discover import parse_feed, parse_listing, parse_sitemap

DOMAINS = ["www.shine.cn", "shine.cn"]
LISTING = "https://www.shine.cn/feature/district/"
ARTICLE = re.compile(r"^https://www\.shine\.cn/feature/district/\d{10}/$")


def listing(profiles: dict[str, SiteProfile], name: str, url: str = LISTING):  # type: ignore[no-untyped-def]
    html = (SHINE_PAGES / name).read_text(encoding="utf-8")
    return parse_listing(html, url, profiles["shine"], DOMAINS)


def test_listing_page_yields_its_stories(profiles: dict[str, SiteProfile]) -> None:
    found = listing(profiles, "listing-district-1.html")
    assert len(found.links) == 8
    assert all(ARTICLE.match(link.url) for link in found.links)


def test_listing_ignores_off_site_and_other_sections(profiles: dict[str, SiteProfile]) -> None:
    found = listing(profiles, "listing-district-1.html")
    assert not any("ads.example.com" in link.url or "/news/metro/" in link.url for link in found.links)


def test_listing_follows_next_page(profiles: dict[str, SiteProfile]) -> None:
    assert listing(profiles, "listing-district-1.html").next_pages == [f"{LISTING}?page=2"]
    assert listing(profiles, "listing-district-2.html", f"{LISTING}?page=2").next_pages == []


def test_generic_listing_takes_article_like_links() -> None:
    html = ("<html><body><nav><a href='/about/'>About</a></nav>"
            "<a href='/news/2025/03/25/park-opens/'>Park opens</a>"
            "<a href='https://other.example.com/2025/03/25/x/'>Elsewhere</a>"
            "<a rel='next' href='/news/?p=2'>More</a></body></html>")
    found = parse_listing(html, "https://city.example.cn/news/", None, ["city.example.cn"])
    assert [link.url for link in found.links] == ["https://city.example.cn/news/2025/03/25/park-opens/"]
    assert found.dropped["off-site"] == 1
    assert found.next_pages == ["https://city.example.cn/news/?p=2"]


def test_news_sitemap_gives_urls_with_times(profiles: dict[str, SiteProfile]) -> None:
    found = parse_sitemap((SHINE_PAGES / "sitemap-news.xml").read_bytes(), DOMAINS, profiles["shine"])
    assert len(found.links) == 14
    assert all(link.published is not None and link.published.utcoffset() is not None
               for link in found.links)


def test_sitemap_index_lists_child_sitemaps() -> None:
    xml = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<sitemap><loc>https://www.shine.cn/sitemap-news-1.xml</loc></sitemap>"
           b"<sitemap><loc>https://evil.example.com/s.xml</loc></sitemap></sitemapindex>")
    assert parse_sitemap(xml, DOMAINS).next_pages == ["https://www.shine.cn/sitemap-news-1.xml"]


@pytest.mark.parametrize("hostile", [
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    b"<urlset><url><loc>&b;</loc></url></urlset>",
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><urlset><url><loc>&e;</loc></url></urlset>',
    b"<urlset><url><loc>https://www.shine.cn/a/b/2503258689/",
])
def test_hostile_or_broken_xml_yields_nothing(hostile: bytes) -> None:
    assert parse_sitemap(hostile, DOMAINS).links == []


def test_rss_feed_items() -> None:
    xml = (b"<rss version='2.0'><channel><item><title>Deal signed</title>"
           b"<link>https://www.shine.cn/feature/district/2503258689/</link>"
           b"<pubDate>Tue, 25 Mar 2025 06:00:00 GMT</pubDate></item></channel></rss>")
    found = parse_feed(xml, DOMAINS)
    assert [link.url for link in found.links] == ["https://www.shine.cn/feature/district/2503258689/"]
    assert found.links[0].published is not None and found.links[0].published.hour == 6


def test_atom_feed_entries() -> None:
    xml = (b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>Lab opens</title>"
           b"<link rel='alternate' href='https://www.shine.cn/feature/district/2503250001/'/>"
           b"<updated>2025-03-25T14:00:00+08:00</updated></entry></feed>")
    found = parse_feed(xml, DOMAINS)
    assert found.links[0].url.endswith("/2503250001/") and found.links[0].title == "Lab opens"
