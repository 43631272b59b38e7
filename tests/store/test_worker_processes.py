"""Worker processes on a loopback site: one killed with SIGKILL mid-run, the others finish its
work, and every article is stored once."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from postgres_server import fresh_database

pytest.importorskip("procrastinate")

from monitor.config import load_settings
from monitor.service.workers import build_queue, defer_source_run, ensure_queue_schema
from monitor.store.contract import open_store

pytestmark = pytest.mark.slow
ARTICLES, PER_PAGE, WORKERS = 120, 20, 3

_ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Story {n} | Loopback News</title></head><body>
<div class="breadcrumb">Feature / District</div>
<h1 class="article-title">Qingpu story number {n}</h1>
<div class="article-lede">The district reports item {n} of its weekly news.</div>
<div class="article-meta"><span class="pub-time">14:00 UTC+8, 2025-03-25</span></div>
<div class="article-content"><p>Residents of the district read dispatch {n} today.</p>
<p>Officials said the work on item {n} continues next month.</p></div>
</body></html>"""


def _listing(page: int) -> str:
    first = (page - 1) * PER_PAGE
    items = "".join(f'<div class="row row-story"><h3><a class="story-title" '
                    f'href="/feature/district/26{n:08d}/">Story {n}</a></h3></div>'
                    for n in range(first, min(first + PER_PAGE, ARTICLES)))
    more = first + PER_PAGE < ARTICLES
    nxt = f'<a rel="next" href="/feature/district/?page={page + 1}">Next</a>' if more else ""
    return f"<html><body><main>{items}{nxt}</main></body></html>"


class _Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if match := re.fullmatch(r"/feature/district/(?:\?page=(\d+))?", self.path):
            self._send(_listing(int(match.group(1) or 1)))
        elif match := re.fullmatch(r"/feature/district/26(\d{8})/", self.path):
            self._send(_ARTICLE.format(n=int(match.group(1))))
        else:
            self.send_error(404)

    def _send(self, html: str) -> None:
        body = html.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _config(tmp_path: Path, base: str) -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(f"""
[fetch]
retries = 0
[log]
format = "json"
level = "WARNING"
[[sources]]
name = "loopback"
profile = "shine"
listing_urls = ["{base}/feature/district/"]
allowed_domains = ["127.0.0.1"]
max_listing_pages = {ARTICLES // PER_PAGE + 2}
max_articles = {ARTICLES + 1}
jitter_seconds = 0
delay_seconds = 0.005
concurrency = 2
# A retried run must walk the whole listing again: pagination stops at a page with nothing new,
# and the first pages were stored before the kill. (The crawl frontier will make this needless.)
refresh_stored = true
""")
    return path


def _job_status(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("select status from procrastinate_jobs "
                           "where task_name = 'monitor.run_source'").fetchone()
    assert row is not None
    return str(row[0])


def _wait_for(check, timeout: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def _count(url: str) -> int:
    with open_store(url) as store:
        return store.count("articles")


def test_a_killed_worker_s_run_finishes_on_the_others(tmp_path: Path, site: str) -> None:
    with fresh_database() as url:
        open_store(url).close()
        ensure_queue_schema(url)

        config = _config(tmp_path, site)

        async def defer() -> None:
            queue = build_queue(url)
            async with queue.open_async():
                await defer_source_run(queue, load_settings(config).source("loopback"))

        asyncio.run(defer())
        env = {**os.environ, "MONITOR_CONFIG": str(config), "MONITOR_STORAGE__URL": url}
        env.pop("MONITOR_DB", None)
        def start(name: str) -> subprocess.Popen[bytes]:
            return subprocess.Popen([sys.executable, "-m", "monitor", "worker", "--concurrency", "1",
                                     "--stalled-after", "2", "--name", name], env=env, cwd=tmp_path)

        # The first worker takes the run; the others start once it is under way and wait.
        workers = [start("w0")]
        try:
            _wait_for(lambda: _count(url) >= ARTICLES // 4)
            workers += [start(f"w{i}") for i in range(1, WORKERS)]
            assert _job_status(url) == "doing"
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait()
            assert _count(url) < ARTICLES  # killed mid-run
            _wait_for(lambda: _job_status(url) == "succeeded")
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)
        with open_store(url) as store:
            assert store.count("articles") == ARTICLES
            assert store.rows("select count(distinct canonical_url) as n from articles") == [{"n": ARTICLES}]
