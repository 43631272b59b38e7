"""The SHINE profile over the stored site, checked against hand-written expectations."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHINE_PAGES, load_expected, seed_path, shine_expectations
from monitor.config import SiteProfile
from monitor.errors import ParseError
from monitor.read.normalize import DEFAULT_LIMITS, TRUNCATION_MARK, truncate
from monitor.read.parse import choose_profile, decode_html, parse_html
from monitor.read.seedformat import write_seed

FIELDS = ["title", "lede", "section", "body", "photo_credits", "source_credit", "editor", "tags"]


def parse_fixture(expected_path: Path, profiles: dict[str, SiteProfile]):  # type: ignore[no-untyped-def]
    html_path = expected_path.with_name(expected_path.name.replace(".expected.json", ".html"))
    expected = load_expected(expected_path)
    parsed = parse_html(html_path.read_bytes(), url=str(expected["url"]), profiles=profiles)
    return parsed, expected


@pytest.mark.parametrize("expected_path", shine_expectations(), ids=lambda p: p.name.split(".")[0])
@pytest.mark.parametrize("field", FIELDS)
def test_profile_reads_field(expected_path: Path, field: str, profiles: dict[str, SiteProfile]) -> None:
    parsed, expected = parse_fixture(expected_path, profiles)
    assert getattr(parsed.article, field) == expected[field]


@pytest.mark.parametrize("expected_path", shine_expectations(), ids=lambda p: p.name.split(".")[0])
def test_profile_reads_time_with_offset(expected_path: Path, profiles: dict[str, SiteProfile]) -> None:
    parsed, expected = parse_fixture(expected_path, profiles)
    assert parsed.article.published.isoformat() == expected["published"]
    assert str(parsed.article.date) == expected["date"]


@pytest.mark.parametrize("expected_path", shine_expectations(), ids=lambda p: p.name.split(".")[0])
def test_profile_alone_reads_shine_pages(expected_path: Path, profiles: dict[str, SiteProfile]) -> None:
    parsed, _ = parse_fixture(expected_path, profiles)
    assert not parsed.profile_mismatch
    assert parsed.article.field_extractors["body"] == "profile:shine"


@pytest.mark.parametrize(("page", "seed"), [("seed-000-baoshan-strategic-deal.html", "000"),
                                            ("seed-003-qingpu-fudan-park.html", None)])
def test_seed_pages_give_seed_text(page: str, seed: str | None, profiles: dict[str, SiteProfile]) -> None:
    article = parse_html((SHINE_PAGES / page).read_bytes(), profiles=profiles).article
    text = write_seed(article)
    if seed:
        assert text.encode("utf-8") == seed_path(seed).read_bytes()
    else:
        assert text.startswith(" date 2025-03-25 Qingpu District and Fudan University have signed")


def test_profile_chosen_from_page_canonical_url(profiles: dict[str, SiteProfile]) -> None:
    page = (SHINE_PAGES / "seed-003-qingpu-fudan-park.html").read_bytes()
    article = parse_html(page, profiles=profiles).article
    assert article.extractor == "profile:shine"
    assert article.canonical_url == "https://www.shine.cn/feature/district/2503258689/"


def test_choose_profile_by_host(profiles: dict[str, SiteProfile]) -> None:
    assert choose_profile("https://www.shine.cn/x/", profiles) is profiles["shine"]
    assert choose_profile("https://example.com/x/", profiles) is None


def test_page_without_article_is_a_parse_error(profiles: dict[str, SiteProfile]) -> None:
    with pytest.raises(ParseError, match="listing.html: no article found"):
        parse_html("<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
                   profiles=profiles, path="listing.html")


@pytest.mark.parametrize(("raw", "declared", "text"), [
    ("青浦区".encode("gb18030"), "gb18030", "青浦区"),
    (b'<meta charset="gbk"><p>' + "松江".encode("gbk"), None, "松江"),
    ("<p>上海市青浦区</p>".encode("gbk"), None, "上海市青浦区"),
    (b"<p>\xff\xfe\xfd\x81</p>", None, "\ufffd"),
])
def test_decode_html_charsets(raw: bytes, declared: str | None, text: str) -> None:
    assert text in decode_html(raw, declared)


# --- faults of real pages: what must never reach a stored article ------------------------------

SHINE_URL = "https://www.shine.cn/feature/district/2503258689/"
STORY = "Qingpu District opened a water-town museum in Zhujiajiao on Saturday, with 12 halls."


def _shine_page(body: str, title: str = "Qingpu opens a water-town museum") -> str:
    return ("<html><head></head><body>"
            f"<h1 class='article-title'>{title}</h1><div class='pub-time'>14:00 UTC+8, 2025-03-25"
            f"</div><div class='article-content'>{body}</div></body></html>")


@pytest.mark.parametrize("tag", ["script", "style", "noscript", "template"])
def test_script_and_style_text_stays_out_of_a_profile_body(
        tag: str, profiles: dict[str, SiteProfile]) -> None:
    page = _shine_page(f"<p>{STORY}<{tag}>var hidden = 'LEAKED';</{tag}></p>")
    body = parse_html(page, url=SHINE_URL, profiles=profiles).article.body
    assert body == [STORY]


@pytest.mark.parametrize("tag", ["script", "style", "noscript", "template"])
def test_script_and_style_text_stays_out_of_a_generic_body(tag: str) -> None:
    page = _shine_page(f"<p>{STORY}<{tag}>var hidden = 'LEAKED';</{tag}></p>")
    body = parse_html(page, url="https://news.example.cn/a/1.html", profiles={}).article.body
    assert body == [STORY]


def test_profile_reading_leaves_the_tree_for_the_generic_extractor(
        profiles: dict[str, SiteProfile]) -> None:
    page = _shine_page(f"<p>{STORY}</p><div class='share-bar'>Share</div>")
    article = parse_html(page, url=SHINE_URL, profiles=profiles).article
    assert article.field_extractors["body"] == "profile:shine" and article.body == [STORY]


def test_a_huge_title_is_cut_to_its_limit() -> None:
    title = "Qingpu " * 50_000
    article = parse_html(_shine_page(f"<p>{STORY}</p>", title=title), profiles={}).article
    assert len(article.title) <= DEFAULT_LIMITS.title and article.title.endswith(TRUNCATION_MARK)


def test_a_huge_paragraph_is_cut_to_its_limit() -> None:
    article = parse_html(_shine_page(f"<p>{STORY * 2_000}</p>"), profiles={}).article
    assert len(article.body[0]) <= DEFAULT_LIMITS.paragraph


def test_the_number_of_paragraphs_is_bounded() -> None:
    paragraphs = "".join(f"<p>{number}. {STORY}</p>" for number in range(3_000))
    article = parse_html(_shine_page(paragraphs), profiles={}).article
    assert len(article.body) == DEFAULT_LIMITS.paragraphs


def test_the_number_of_tags_is_bounded() -> None:
    head = "<meta name='keywords' content='" + ",".join(f"tag{i}" for i in range(500)) + "'>"
    page = _shine_page(f"<p>{STORY}</p>").replace("<head>", f"<head>{head}")
    assert len(parse_html(page, profiles={}).article.tags) == DEFAULT_LIMITS.tags


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("Qingpu water town", 100, "Qingpu water town"),
    ("Qingpu water town", 14, "Qingpu water…"),
    ("青浦区朱家角镇水乡博物馆", 6, "青浦区朱家…"),
])
def test_truncate(text: str, limit: int, expected: str) -> None:
    assert truncate(text, limit) == expected


def test_valid_utf8_wins_over_a_conflicting_meta_charset() -> None:
    raw = '<meta charset="iso-8859-1"><p>“青浦区” café</p>'.encode()
    assert "“青浦区” café" in decode_html(raw)


def test_the_http_charset_still_wins() -> None:
    raw = "<p>松江区</p>".encode("gbk")
    assert "松江区" in decode_html(raw, "gbk")


def test_fetched_bytes_with_their_http_charset_parse_as_their_text(
        profiles: dict[str, SiteProfile]) -> None:
    page = _shine_page("<p>青浦区朱家角镇开设水乡博物馆，共有十二个展厅，周六起免费开放。</p>")
    from_bytes = parse_html(page.encode("gbk"), url=SHINE_URL, profiles=profiles, charset="gbk")
    from_text = parse_html(page, url=SHINE_URL, profiles=profiles)
    assert from_bytes.article.body == from_text.article.body != []


def test_an_http_utf16_charset_is_honoured() -> None:
    assert decode_html("<p>松江区</p>".encode("utf-16"), "utf-16") == "<p>松江区</p>"


def test_a_meta_utf16_charset_on_ascii_markup_is_ignored() -> None:
    raw = '<meta charset="utf-16"><p>Songjiang café</p>'.encode()
    assert "Songjiang café" in decode_html(raw)


def test_a_body_selector_whose_matches_are_all_excluded_gives_way_to_the_next(
        profiles: dict[str, SiteProfile]) -> None:
    page = _shine_page(f"<p class='share-bar'>Share this story</p><div><p>{STORY}</p></div>")
    article = parse_html(page, url=SHINE_URL, profiles=profiles).article
    assert (article.body, article.field_extractors["body"]) == ([STORY], "profile:shine")


# -- paragraphs cleaned once ---------------------------------------------------------------------

def _normalized(body: list[str], **options: bool) -> list[str]:
    from datetime import UTC

    from monitor.models import PageFields
    from monitor.read.normalize import to_article

    fields = PageFields(title="Qingpu opens a library", body=body)
    return to_article(fields, url=None, source=None, tz=UTC, extractor="generic", **options).body


def test_paragraphs_from_elsewhere_are_cleaned() -> None:
    assert _normalized(["A\u00a0new  library\n opened.", " \u3000 "]) == ["A new library opened."]


def test_paragraphs_a_reader_cleaned_are_not_cleaned_again() -> None:
    cleaned = ["A new library opened.", "It holds 3,000 books."]
    assert _normalized(cleaned, body_is_clean=True) == cleaned
