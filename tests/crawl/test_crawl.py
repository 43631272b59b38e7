"""`monitor crawl --once` and `monitor record` end to end, against a real HTTP server on loopback."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import SHINE_SITE
from monitor.crawl.replay import FixtureServer, find_sites

pytestmark = pytest.mark.slow


def config_for(tmp_path: Path, base_url: str, respect_robots: bool = True) -> Path:
    config = tmp_path / "crawl.toml"
    config.write_text(f"""
[fetch]
polite = false
retries = 0
respect_robots = {str(respect_robots).lower()}
[[sources]]
name = "loopback"
profile = "shine"
listing_urls = ["{base_url}/feature/district/"]
allowed_domains = ["127.0.0.1"]
delay_seconds = 0
""")
    return config


@pytest.fixture
def site():  # type: ignore[no-untyped-def]
    with FixtureServer(find_sites(SHINE_SITE)) as server:
        yield server


def test_crawl_stores_the_site_then_costs_one_304(run_cli, site: FixtureServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config = config_for(tmp_path, site.base_url)
    first = run_cli("--config", config, "crawl", "--once")
    assert first.exit_code == 0 and "14 new" in first.stdout
    site.requests.clear()
    second = run_cli("--config", config, "crawl", "--once")
    assert second.exit_code == 0 and "0 new" in second.stdout
    # A new process reads robots.txt again; the unchanged listing answers 304 and nothing follows.
    assert site.requests == [("/robots.txt", 200), ("/feature/district/", 304)]

def test_every_request_is_in_the_fetch_log(run_cli, site: FixtureServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_cli("--config", config_for(tmp_path, site.base_url), "crawl", "--once")
    with sqlite3.connect(tmp_path / "test.db") as conn:
        rows = conn.execute("select url, status, outcome from fetch_log").fetchall()
    assert len(rows) == len(site.requests)
    assert all(outcome in ("ok",) for _, status, outcome in rows if status == 200)


def test_robots_deny_stops_the_crawl_and_says_why(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    closed = tmp_path / "closed"
    shutil.copytree(SHINE_SITE, closed)
    (closed / "pages" / "robots.txt").write_text("User-agent: monitor\nDisallow: /feature/\n")
    with FixtureServer(find_sites(closed)) as server:
        result = run_cli("--config", config_for(tmp_path, server.base_url), "crawl", "--once")
        requested = [path for path, _ in server.requests]
    assert "0 new" in result.stdout and "robots-denied 1" in result.stdout
    assert requested == ["/robots.txt"]


def test_record_then_replay_gives_the_same_article(run_cli, site: FixtureServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    into = tmp_path / "recorded"
    url = f"{site.base_url}/feature/district/2503258689/"
    recorded = run_cli("record", url, "--into", into)
    assert recorded.exit_code == 0
    manifest = json.loads((into / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["responses"][0]
    assert entry["url"] == url and entry["headers"]["etag"] and entry["status"] == 200
    parsed = run_cli("parse", into / entry["body"], "--profile", "shine", "--format", "json")
    assert json.loads(parsed.stdout)["title"] == "District partners with Fudan to build sci-tech park"
