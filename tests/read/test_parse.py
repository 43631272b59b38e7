"""The SHINE profile over the stored site, checked against hand-written expectations."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHINE_PAGES, load_expected, seed_path, shine_expectations
from monitor.config import SiteProfile
from monitor.errors import ParseError
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
