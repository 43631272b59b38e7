"""Three worker processes crawl a loopback site of 2,000 articles on two hosts, with per-host
limits; one worker is killed with SIGKILL mid-run and its run finishes on the others. Every
article is stored once, the frontier ends settled, and neither host ever sees more than the
configured concurrency, nor more requests in a second than the delay allows."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from postgres_server import fresh_database

pytest.importorskip("procrastinate")

from monitor.config import load_settings
from monitor.service.workers import build_queue, defer_source_run, ensure_queue_schema
from monitor.store.contract import open_store

pytestmark = pytest.mark.slow
HOSTS = ("127.0.0.1", "127.0.0.2")  # two hosts of the loopback network, two sources on each
SECTIONS = ("district", "culture")
PER_SOURCE, PER_PAGE, WORKERS = 500, 25, 3
ARTICLES = PER_SOURCE * len(HOSTS) * len(SECTIONS)
CONCURRENCY, DELAY = 2, 0.01  # per host, whichever worker fetches
SERVICE_SECONDS = 0.03  # longer than DELAY: a run alone keeps CONCURRENCY requests in flight

_ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Story {n} | Loopback News</title></head><body>
<div class="breadcrumb">Feature / {section}</div>
<h1 class="article-title">Qingpu story number {n}</h1>
<div class="article-lede">The district reports item {n} of its weekly news.</div>
<div class="article-meta"><span class="pub-time">14:00 UTC+8, 2025-03-25</span></div>
<div class="article-content"><p>Residents of the district read dispatch {n} today.</p>
<p>Officials said the work on item {n} continues next month.</p></div>
</body></html>"""


def _first_article(host: int, section: int) -> int:
    return (host * len(SECTIONS) + section) * PER_SOURCE


def _listing(section: str, first: int, page: int) -> str:
    start = first + (page - 1) * PER_PAGE
    items = "".join(f'<div class="row row-story"><h3><a class="story-title" '
                    f'href="/feature/{section}/26{n:08d}/">Story {n}</a></h3></div>'
                    for n in range(start, min(start + PER_PAGE, first + PER_SOURCE)))
    more = start + PER_PAGE < first + PER_SOURCE
    nxt = f'<a rel="next" href="/feature/{section}/?page={page + 1}">Next</a>' if more else ""
    return f"<html><body><main>{items}{nxt}</main></body></html>"


@dataclass
class Traffic:
    """What one host saw: when each request arrived, and when one arrived while CONCURRENCY
    others were still being answered."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0
    arrivals: list[float] = field(default_factory=list)
    over_limit: list[float] = field(default_factory=list)

    def busiest_second(self) -> int:
        times = sorted(self.arrivals)
        most, start = 0, 0
        for end, at in enumerate(times):
            while at - times[start] >= 1.0:
                start += 1
            most = max(most, end - start + 1)
        return most


def _handler(host: int, traffic: Traffic) -> type[BaseHTTPRequestHandler]:
    class Site(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with traffic.lock:
                traffic.in_flight += 1
                traffic.arrivals.append(time.monotonic())
                if traffic.in_flight > CONCURRENCY:
                    traffic.over_limit.append(traffic.arrivals[-1])
            try:
                time.sleep(SERVICE_SECONDS)
                html = self._page()
            finally:  # counted out before the answer leaves, so the client's next is not early
                with traffic.lock:
                    traffic.in_flight -= 1
            self._send(html)

        def _page(self) -> str | None:
            match = re.fullmatch(r"/feature/([a-z]+)/(?:\?page=(\d+))?", self.path)
            if match and match.group(1) in SECTIONS:
                first = _first_article(host, SECTIONS.index(match.group(1)))
                return _listing(match.group(1), first, int(match.group(2) or 1))
            if match := re.fullmatch(r"/feature/([a-z]+)/26(\d{8})/", self.path):
                return _ARTICLE.format(n=int(match.group(2)), section=match.group(1))
            return None

        def _send(self, html: str | None) -> None:
            if html is None:
                self.send_error(404)
                return
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Site


@contextmanager
def _serve_sites() -> Iterator[list[tuple[str, Traffic]]]:
    """One server per loopback host: its base URL and what it saw."""
    servers, out = [], []
    for number, address in enumerate(HOSTS):
        traffic = Traffic()
        server = ThreadingHTTPServer((address, 0), _handler(number, traffic))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        out.append((f"http://{address}:{server.server_address[1]}", traffic))
    yield out
    for server in servers:
        server.shutdown()
        server.server_close()


def _config(tmp_path: Path, bases: list[str]) -> Path:
    sources = "".join(f"""
[[sources]]
name = "h{host}-{section}"
profile = "shine"
listing_urls = ["{base}/feature/{section}/"]
allowed_domains = ["{HOSTS[host]}"]
max_listing_pages = {PER_SOURCE // PER_PAGE + 2}
max_articles = {PER_SOURCE + 1}
jitter_seconds = 0
delay_seconds = {DELAY}
concurrency = {CONCURRENCY}
""" for host, base in enumerate(bases) for section in SECTIONS)
    path = tmp_path / "monitor.toml"
    path.write_text(f"""
[fetch]
retries = 0
[log]
format = "json"
level = "WARNING"
{sources}""")
    return path


def _query(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def _runs(url: str) -> list[tuple[Any, ...]]:
    """(id, source, status, attempts, worker id) of each source run in the queue."""
    return _query(url, "select id, args->>'source', status::text, attempts, worker_id "
                       "from procrastinate_jobs where task_name = 'monitor.run_source' order by id")


def _stored(url: str, source: str) -> int:
    return int(_query(url, "select count(*) from articles where source = %s", (source,))[0][0])


def _wait_for(check: Callable[[], Any], timeout: float = 150.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := check()):
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)
    return found


def _defer_every_source(url: str, config: Path) -> None:
    settings = load_settings(config)

    async def defer() -> None:
        queue = build_queue(url)
        async with queue.open_async():
            for source in settings.sources:
                await defer_source_run(queue, source)

    asyncio.run(defer())


@dataclass
class Outcome:
    killed_runs: list[tuple[Any, ...]]  # the runs the killed worker had, as they were then
    stored_at_kill: int  # articles of its first run stored when it was killed
    killed_at: float  # time.monotonic()
    runs: list[tuple[Any, ...]]  # every run once all have finished, workers still alive


def _crawl_with_a_kill(url: str, config: Path, tmp_path: Path) -> Outcome:
    env = {**os.environ, "MONITOR_CONFIG": str(config), "MONITOR_STORAGE__URL": url}
    env.pop("MONITOR_DB", None)

    def start(name: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-m", "monitor", "worker", "--concurrency", "2",
                                 "--stalled-after", "3", "--name", name], env=env, cwd=tmp_path)

    # The first worker takes the two runs of the first host alone; once it has stored some of
    # their articles the others start and take the second host's, and the first is killed while
    # its runs are under way: they finish on the others, beside the second host's.
    workers = [start("w0")]
    try:
        def under_way() -> list[tuple[Any, ...]] | None:
            doing = [run for run in _runs(url) if run[2] == "doing"]
            return doing if len(doing) == 2 and _stored(url, doing[0][1]) >= PER_SOURCE // 10 else None

        killed_runs = _wait_for(under_way)
        workers += [start(f"w{i}") for i in range(1, WORKERS)]
        _wait_for(lambda: len([run for run in _runs(url) if run[2] == "doing"]) == 4)
        killed_at = time.monotonic()
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait()
        stored_at_kill = _stored(url, killed_runs[0][1])
        runs = _wait_for(lambda: (found := _runs(url)) and all(r[2] == "succeeded" for r in found)
                         and found)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    return Outcome(killed_runs, stored_at_kill, killed_at, runs)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Outcome, list[Traffic]]]:
    """The whole crawl, once for this module's checks: (store URL, outcome, traffic per host)."""
    tmp_path = tmp_path_factory.mktemp("cluster")
    with _serve_sites() as found, fresh_database() as url:
        open_store(url).close()
        ensure_queue_schema(url)
        config = _config(tmp_path, [base for base, _ in found])
        _defer_every_source(url, config)
        yield url, _crawl_with_a_kill(url, config, tmp_path), [traffic for _, traffic in found]



def test_every_article_is_stored_once(crawled: tuple[str, Outcome, list[Traffic]]) -> None:
    url, _, _ = crawled
    counts = _query(url, "select count(*), count(distinct canonical_url) from articles")
    assert counts == [(ARTICLES, ARTICLES)]


def test_the_frontier_ends_with_nothing_due(crawled: tuple[str, Outcome, list[Traffic]]) -> None:
    url, _, _ = crawled
    states = dict(_query(url, "select state, count(*) from frontier where kind <> 'listing' "
                              "group by state"))
    assert states == {"stored": ARTICLES}


def test_the_worker_was_killed_mid_run(crawled: tuple[str, Outcome, list[Traffic]]) -> None:
    _, outcome, _ = crawled
    assert 0 < outcome.stored_at_kill < PER_SOURCE


def test_the_killed_runs_are_retried_and_finished_by_other_workers(
        crawled: tuple[str, Outcome, list[Traffic]]) -> None:
    _, outcome, _ = crawled
    killed_worker = outcome.killed_runs[0][4]
    finals = [run for run in outcome.runs if run[0] in {r[0] for r in outcome.killed_runs}]
    assert [(run[2], run[3], run[4] in (None, killed_worker)) for run in finals] == [
        ("succeeded", 2, False)] * 2


def test_every_source_runs_once(crawled: tuple[str, Outcome, list[Traffic]]) -> None:
    url, _, _ = crawled
    assert _query(url, "select count(*), count(distinct source) from runs") == [(4, 4)]


def test_no_host_sees_more_than_its_concurrency(crawled: tuple[str, Outcome, list[Traffic]]) -> None:
    _, outcome, traffic = crawled
    # Except for a moment after the kill: the server may still be answering what the killed
    # worker had asked when PostgreSQL hands its slots to the others.
    after_kill = [at - outcome.killed_at for host in traffic for at in host.over_limit]
    assert all(0 <= delay < 1.0 for delay in after_kill)


def test_no_host_sees_more_requests_in_a_second_than_its_delay_allows(
        crawled: tuple[str, Outcome, list[Traffic]]) -> None:
    _, _, traffic = crawled
    # Turns are DELAY apart; a request sent late (a busy machine) can bunch with the next ones,
    # but only the CONCURRENCY requests holding a slot have a turn outstanding.
    allowed = round(1.0 / DELAY) + 2 * CONCURRENCY + 1
    assert all(0 < host.busiest_second() <= allowed for host in traffic)
