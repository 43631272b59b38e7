"""Is a page an article at all? Decided from structure, on pages we wrote (fixtures/pages/pagekind)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, SHINE_PAGES
from monitor.read.pagekind import page_kind

PAGEKIND = FIXTURES / "pages" / "pagekind"
LISTINGS = [SHINE_PAGES / "listing-district-1.html", SHINE_PAGES / "listing-district-2.html",
            PAGEKIND / "listing_government_list_with_dates.html",
            PAGEKIND / "listing_relative_links_with_intro.html"]
ARTICLES = [*sorted(p for p in SHINE_PAGES.glob("*.html") if not p.name.startswith("listing-")),
            *sorted((FIXTURES / "pages" / "generic").glob("*.html")),
            PAGEKIND / "article_no_metadata_related_list.html"]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", LISTINGS, ids=lambda p: p.name)
def test_listing_pages_are_not_articles(path: Path) -> None:
    assert page_kind(read(path)).is_article is False


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_article_pages_are_articles(path: Path) -> None:
    assert page_kind(read(path)).is_article is True


def test_related_stories_list_does_not_make_an_article_a_listing() -> None:
    kind = page_kind(read(PAGEKIND / "article_no_metadata_related_list.html"))
    assert kind.metadata is None and kind.teasers >= 5 and kind.running_text >= 400


def test_declared_article_metadata_wins_over_structure() -> None:
    html = read(SHINE_PAGES / "listing-district-1.html").replace(
        'content="website"', 'content="article"')
    assert page_kind(html).metadata == "og:type article"


def test_json_ld_news_article_counts_as_metadata() -> None:
    html = read(SHINE_PAGES / "listing-district-1.html").replace(
        "</head>", '<script type="application/ld+json">{"@type": ["NewsArticle"]}</script></head>')
    assert page_kind(html).is_article is True


def test_reason_names_the_figures() -> None:
    reason = page_kind(read(SHINE_PAGES / "listing-district-1.html")).reason
    assert "8 blocks linking to other articles" in reason and "no article metadata" in reason


def test_links_to_the_page_itself_are_not_teasers() -> None:
    html = read(PAGEKIND / "listing_government_list_with_dates.html")
    own = "https://qp.example.gov.cn/xwzx/20250328/t20250328_1042231.html"
    assert page_kind(html, own).teasers == page_kind(html).teasers - 1


def test_page_without_body_is_not_an_article() -> None:
    assert page_kind("<html><head><title>x</title></head></html>").teasers == 0


@pytest.mark.parametrize("path", [*LISTINGS, *ARTICLES], ids=lambda p: p.name)
def test_declared_metadata_of_the_parsed_tree_is_what_page_kind_reads(path: Path) -> None:
    from monitor.read.pagekind import declared_metadata
    from monitor.read.tree import parse_tree

    html = read(path)
    assert declared_metadata(parse_tree(html)) == page_kind(html).metadata


def test_teasers_count_each_story_once_however_often_it_is_linked() -> None:
    rows = "".join(f'<li><a href="/news/2025/03/{n}.html"><img src="{n}.jpg"></a>'
                   f'<a href="/news/2025/03/{n}.html">Story {n}</a></li>' for n in range(6))
    kind = page_kind(f"<html><body><ul>{rows}</ul></body></html>")
    assert kind.teasers == 6 and kind.is_article is False
