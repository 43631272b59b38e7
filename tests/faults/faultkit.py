"""Fixtures and helpers of the fault-injection suite: a hostile loopback site, a crawl against it.

A module, not a conftest.py: the suite's tests import it by name (tests/conftest.py is imported
as "conftest" by the other suites, and a second one would shadow it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile import HostileSite

__all__ = ["bomb", "crawl", "hostile"]  # the fixtures a test module takes with `import *`


def write_config(tmp_path: Path, site: HostileSite, source: dict[str, Any] | None = None,
                 **fetch: Any) -> Path:
    """A generic-profile source on the hostile site; quick timeouts so stalls cost little."""
    settings = {"polite": False, "retries": 1, "backoff_base": 0.01, "backoff_max": 0.02,
                "timeout_read": 1.0, "timeout_connect": 1.0, "request_deadline": 2.0,
                "circuit_failures": 50, **fetch}
    config = tmp_path / "hostile.toml"
    config.write_text("[fetch]\n" + "".join(f"{key} = {_toml(value)}\n" for key, value in settings.items())
                      + f"""[log]
format = "json"
[[sources]]
name = "hostile"
listing_urls = ["{site.base_url}/news/"]
allowed_domains = ["127.0.0.1"]
max_listing_pages = 20
delay_seconds = 0
""" + "".join(f"{key} = {_toml(value)}\n" for key, value in (source or {}).items()))
    return config


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return f'"{value}"' if isinstance(value, str) else repr(value)


def stored_urls(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("select canonical_url from articles")]


def frontier_states(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("select url, state from frontier where kind = 'article'").fetchall())


@pytest.fixture
def hostile() -> Iterator[Callable[..., HostileSite]]:
    """Start hostile sites on demand; all stop at the end of the test."""
    sites: list[HostileSite] = []

    def start(**options: Any) -> HostileSite:
        site = HostileSite(**options).start()
        sites.append(site)
        return site

    yield start
    for site in sites:
        site.stop()


@pytest.fixture
def crawl(run_cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """``crawl(site, **fetch_settings)`` runs `monitor crawl --once` in-process; returns the result."""

    def run(site: HostileSite, source: dict[str, Any] | None = None, **fetch: Any):  # type: ignore[no-untyped-def]
        return run_cli("--config", write_config(tmp_path, site, source, **fetch), "crawl", "--once")

    return run


@pytest.fixture(scope="session")
def bomb() -> bytes:
    """Built once before the server needs it (it takes a few seconds to compress)."""
    from hostile import double_gzip_bomb

    return double_gzip_bomb()
