"""Faults a hostile web throws at a crawl: each costs at most the URL it hit, never the run,
and whatever heals is stored on a later run, exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest
from faultkit import *  # noqa: F403 -- the suite's fixtures: bomb, crawl, hostile
from faultkit import frontier_states, stored_urls
from hostile import Fault, article_path

pytestmark = pytest.mark.slow

FAULTY = article_path(5)


def crawl_until_settled(crawl, site, runs: int = 2, **fetch):  # type: ignore[no-untyped-def]
    results = [crawl(site, **fetch) for _ in range(runs)]
    for result in results:
        assert "Traceback" not in result.output
    return results


@pytest.mark.parametrize("fault", [
    Fault("reset", times=2),
    Fault("status", 503, times=2),
    Fault("status", 500, times=1),
    Fault("drip", times=1),
    Fault("hang", times=1),
    Fault("length-lie", times=1),
], ids=lambda f: f"{f.kind}-{f.arg or ''}x{f.times}")
def test_a_passing_fault_is_stored_on_a_later_run_exactly_once(crawl, hostile, tmp_path: Path, fault: Fault) -> None:  # type: ignore[no-untyped-def]
    site = hostile(faults={FAULTY: fault})
    crawl_until_settled(crawl, site)
    stored = stored_urls(tmp_path / "test.db")
    assert sorted(stored) == sorted(site.article_urls())


@pytest.mark.parametrize(("fault", "reason"), [
    (Fault("bomb"), "too-large"),
    (Fault("corrupt-gzip"), "bad-encoding"),
    (Fault("content-type", "image/png"), "bad-content-type"),
    (Fault("redirect", "http://127.0.0.1:99999/x/"), "bad-redirect"),
    (Fault("redirect", "http://[::1/x/"), "bad-redirect"),
    (Fault("redirect", "https://elsewhere.example/x/"), "off-site-redirect"),
    (Fault("status", 404), "http-error"),
], ids=["bomb", "corrupt-gzip", "png", "redirect-bad-port", "redirect-bad-ipv6", "redirect-off-site", "404"])
def test_a_lasting_fault_costs_that_url_only_and_is_settled_for_good(crawl, hostile, bomb, tmp_path: Path, fault: Fault, reason: str) -> None:  # type: ignore[no-untyped-def]
    site = hostile(faults={FAULTY: fault})
    first = crawl(site)
    assert "Traceback" not in first.output and "29 new" in first.output
    states = frontier_states(tmp_path / "test.db")
    assert states[site.base_url + FAULTY] == "dead"
    with __import__("sqlite3").connect(tmp_path / "test.db") as conn:
        error = conn.execute("select last_error from frontier where url = ?", [site.base_url + FAULTY]).fetchone()[0]
    assert error.startswith(reason)


def test_the_bomb_is_cut_at_the_body_limit(crawl, hostile, bomb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = hostile(articles=1, faults={article_path(1): Fault("bomb")})
    crawl(site, max_body_bytes=1_000_000)
    with __import__("sqlite3").connect(tmp_path / "test.db") as conn:
        row = conn.execute("select outcome, error from fetch_log where url like '%/news/25010%'").fetchone()
    assert row == ("too-large", "body over 1000000 bytes")


@pytest.mark.parametrize("href", [
    "http://127.0.0.1:99999/news/2501099999/",
    "http://[::1/news/2501099998/",
    "http://exa mple.com/news/2501099997/",
    "http://127.0.0.1:0/news/2501099996/",
    "/news/" + "9" * 9000 + "/",
], ids=["port-out-of-range", "broken-ipv6", "space-in-host", "port-zero", "huge-url"])
def test_a_malformed_link_costs_that_link_only(crawl, hostile, tmp_path: Path, href: str) -> None:  # type: ignore[no-untyped-def]
    site = hostile(extra_links=[href])
    result = crawl(site)
    assert "Traceback" not in result.output
    assert sorted(stored_urls(tmp_path / "test.db")) == sorted(site.article_urls())


def test_one_article_reached_by_two_urls_is_stored_once(crawl, hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = hostile(aliases={"/news/9925010000002/": 2})
    crawl(site)
    stored = stored_urls(tmp_path / "test.db")
    assert len(stored) == len(set(stored)) == 30 and site.base_url + article_path(2) in stored


def test_articles_over_max_articles_are_fetched_by_the_next_runs(crawl, hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = hostile(listing_etags=True)
    outputs = [crawl(site, source={"max_articles": 12}).output for _ in range(3)]
    summaries = [next(line for line in o.splitlines() if line.startswith("hostile:")) for o in outputs]
    assert [s.split(":")[1].split(",")[0].strip() for s in summaries] == ["12 new", "12 new", "6 new"]
    assert sorted(stored_urls(tmp_path / "test.db")) == sorted(site.article_urls())


def test_listing_validators_wait_until_everything_it_led_to_is_settled(crawl, hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = hostile(listing_etags=True, articles=10)
    crawl(site, source={"max_articles": 4})
    with __import__("sqlite3").connect(tmp_path / "test.db") as conn:
        cached = conn.execute("select count(*) from http_cache where url like '%/news/'").fetchone()[0]
    assert cached == 0


def test_the_summary_counts_every_request_robots_included(crawl, hostile) -> None:  # type: ignore[no-untyped-def]
    site = hostile(articles=5)
    result = crawl(site)
    assert f"{len(site.requests)} requests" in result.output


def test_robots_txt_server_error_is_said_not_silent(crawl, hostile, run_cli) -> None:  # type: ignore[no-untyped-def]
    site = hostile(faults={"/robots.txt": Fault("status", 500)})
    result = crawl(site, respect_robots=True)
    assert result.exit_code == 1 and "robots.txt unavailable (http-error (HTTP 500))" in result.output
    status = run_cli("status", "--json")
    assert '"robots_problems"' in status.output and "robots.txt unavailable" in status.output


def test_a_hanging_robots_txt_ends_at_the_deadline_and_is_said(crawl, hostile) -> None:  # type: ignore[no-untyped-def]
    site = hostile(faults={"/robots.txt": Fault("hang")})
    result = crawl(site, respect_robots=True, request_deadline=1.0)
    assert "robots.txt unavailable (deadline" in result.output


def test_a_huge_robots_txt_is_read_up_to_its_limit(crawl, hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    body = "User-agent: *\nAllow: /\n" + "# padding\n" * 80_000 + f"Disallow: {article_path(1)}\n"
    site = hostile(articles=3, faults={"/robots.txt": Fault("body", body)})
    result = crawl(site, respect_robots=True)
    assert "3 new" in result.output and "only its beginning was read" in result.output


def test_a_huge_crawl_delay_is_capped_and_said(crawl, hostile) -> None:  # type: ignore[no-untyped-def]
    site = hostile(articles=3, robots="User-agent: *\nCrawl-delay: 3600\n")
    result = crawl(site, respect_robots=True, polite=True, crawl_delay_max=0.05)
    assert "3 new" in result.output and "Crawl-delay 3600 s; capped at 0.05 s" in result.output


def test_a_300_kb_title_is_capped(crawl, hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html = "<html><head><title>x</title></head><body><article><h1>" + "T" * 300_000 + "</h1>" + "<p>body text of a real length here.</p>" * 3 + "</article></body></html>"
    site = hostile(articles=1, faults={article_path(1): Fault("body", html)})
    crawl(site)
    with __import__("sqlite3").connect(tmp_path / "test.db") as conn:
        assert conn.execute("select max(length(title)) from articles").fetchone()[0] < 10_000
