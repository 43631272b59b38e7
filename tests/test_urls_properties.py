"""Property tests of URL handling and link discovery: nothing a page holds makes them raise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.crawl.discover import parse_listing, parse_sitemap
from monitor.urls import BadURL, canonicalize, is_allowed, try_canonicalize

BASE = "https://www.shine.cn/feature/district/"
_URL_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))
hrefs = st.one_of(
    st.text(_URL_ALPHABET, max_size=80),
    st.builds(lambda host, port, path: f"http://{host}:{port}/{path}",
              st.sampled_from(["www.shine.cn", "[::1", "[::1]", "exa mple.cn", "例子.cn", ""]),
              st.integers(-5, 200_000), st.text(_URL_ALPHABET, max_size=20)),
)


@given(hrefs)
def test_canonicalize_raises_only_bad_url(href: str) -> None:
    try:
        result: str | None = canonicalize(href, BASE)
    except BadURL:
        result = None
    assert result is None or isinstance(result, str)  # any other exception fails the test


@given(hrefs)
def test_canonical_form_is_a_fixed_point(href: str) -> None:
    once = try_canonicalize(href, BASE)
    if once is not None:
        assert canonicalize(once) == once


@given(hrefs, st.lists(st.sampled_from(["shine.cn", "127.0.0.1", "example.org"]), max_size=3))
def test_is_allowed_never_raises(href: str, domains: list[str]) -> None:
    assert is_allowed(href, domains) in (True, False)


@settings(max_examples=60)
@given(st.lists(hrefs, max_size=30))
def test_listing_links_are_on_site_canonical_and_unique(links: list[str]) -> None:
    html = "".join(f'<a href="{h.replace(chr(34), "")}">x</a>' for h in links)
    found = parse_listing(html, BASE, None, ["shine.cn"])
    urls = [link.url for link in found.links]
    assert len(urls) == len(set(urls))
    assert all(is_allowed(url, ["shine.cn"]) and canonicalize(url) == url for url in urls)


@settings(max_examples=60)
@given(st.lists(hrefs, max_size=20))
def test_sitemap_locs_never_raise(locs: list[str]) -> None:
    from xml.sax.saxutils import escape

    body = ("<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            + "".join(f"<url><loc>{escape(loc)}</loc></url>" for loc in locs) + "</urlset>")
    found = parse_sitemap(body.encode("utf-8", "replace"), ["shine.cn"])
    assert all(is_allowed(link.url, ["shine.cn"]) for link in found.links)


@given(st.from_regex(r"/(?:[a-z0-9~_-]{1,8}/){0,4}(?:[a-z0-9_-]{1,8}(?:\.html)?)?", fullmatch=True),
       st.sampled_from([BASE, "http://127.0.0.1:8000/x/", "https://WWW.Shine.CN:443/a"]))
def test_the_fast_path_for_plain_links_agrees_with_full_parsing(path: str, base: str) -> None:
    from urllib.parse import urljoin

    assert canonicalize(path, base) == canonicalize(urljoin(base, path))


@given(st.from_regex(r"https?://(?:[a-z0-9-]{1,6}\.){0,3}[a-z0-9]{1,6}(?:/[a-z0-9_~-]{0,6}){1,4}(?:\.html)?", fullmatch=True))
def test_the_fast_path_for_plain_absolute_links_agrees_with_full_parsing(url: str) -> None:
    slow = try_canonicalize(url + "#x")  # a fragment sends it down the full path
    assert try_canonicalize(url) == slow
