"""Per-host politeness across workers: two fetchers with pacers of their own (two workers'
sessions) fetch from one loopback host, which records what it sees."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from postgres_server import fresh_database

pytest.importorskip("psycopg")

from monitor.config import FetchSettings
from monitor.crawl.fetch import Fetcher, HostPolicy, build_client
from monitor.service.pacing import SharedHostPacer
from monitor.service.workers import ensure_queue_schema

HOST = "127.0.0.1"


class Seen:
    """Requests in flight at the peak, and when each arrived."""

    def __init__(self, answer_seconds: float) -> None:
        self.answer_seconds = answer_seconds
        self.lock = threading.Lock()
        self.in_flight = self.peak = 0
        self.arrivals: list[float] = []

    def mean_gap(self) -> float:
        times = sorted(self.arrivals)
        return (times[-1] - times[0]) / (len(times) - 1)


@pytest.fixture
def site() -> Iterator[tuple[str, Seen]]:
    seen = Seen(answer_seconds=0.05)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with seen.lock:
                seen.in_flight += 1
                seen.peak = max(seen.peak, seen.in_flight)
                seen.arrivals.append(time.monotonic())
            time.sleep(seen.answer_seconds)
            with seen.lock:  # counted out before the answer leaves
                seen.in_flight -= 1
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((HOST, 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://{HOST}:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


@pytest.fixture
def url() -> Iterator[str]:
    with fresh_database() as found:
        ensure_queue_schema(found)
        yield found


async def _two_workers_fetch(url: str, base: str, policy: HostPolicy, each: int,
                             shared: bool = True) -> None:
    """Two fetchers, each with its own pacer (its own session), fetch ``each`` pages at once."""
    settings = FetchSettings(retries=0, respect_robots=False)
    pacers = [SharedHostPacer(url) for _ in range(2)]

    async def one_worker(pacer: SharedHostPacer, worker: int) -> None:
        async with build_client(settings) as client:
            fetcher = Fetcher(client, settings, pacer=pacer if shared else None)
            fetcher.set_policy(HOST, policy)
            await asyncio.gather(*(fetcher.get(f"{base}/{worker}/{n}", domains=[HOST])
                                   for n in range(each)))

    try:
        await asyncio.gather(*(one_worker(pacer, n) for n, pacer in enumerate(pacers)))
    finally:
        for pacer in pacers:
            await pacer.aclose()


def test_two_workers_together_keep_one_host_s_concurrency(url: str, site: tuple[str, Seen]) -> None:
    base, seen = site
    asyncio.run(_two_workers_fetch(url, base, HostPolicy(delay=0, concurrency=2), each=8))
    assert (seen.peak, len(seen.arrivals)) == (2, 16)


def test_without_the_shared_pacer_two_workers_exceed_it(url: str, site: tuple[str, Seen]) -> None:
    base, seen = site
    asyncio.run(_two_workers_fetch(url, base, HostPolicy(delay=0, concurrency=2), each=8,
                                   shared=False))
    assert seen.peak > 2


def test_two_workers_together_keep_one_host_s_delay(url: str, site: tuple[str, Seen]) -> None:
    base, seen = site
    seen.answer_seconds = 0.0
    asyncio.run(_two_workers_fetch(url, base, HostPolicy(delay=0.1, concurrency=2), each=6))
    # The mean gap, not the smallest: one request sent late by a busy machine shortens the gap
    # after it, but turns are kept on the database's clock, so lateness never adds up.
    assert seen.mean_gap() >= 0.09


def test_a_closed_session_gives_its_slots_back(url: str) -> None:
    async def scenario() -> bool:
        holder, other = SharedHostPacer(url), SharedHostPacer(url)
        try:
            async with holder.slot(HOST, 1):
                await holder.aclose()  # as a killed worker's connection ends
                async with asyncio.timeout(5), other.slot(HOST, 1):
                    return True
        finally:
            await other.aclose()

    assert asyncio.run(scenario())


async def _timed_turns(url: str, turns: list[tuple[str, float]]) -> float:
    """Seconds the last of ``turns`` waited."""
    pacer = SharedHostPacer(url)
    try:
        for host, delay in turns[:-1]:
            await pacer.turn(host, delay)
        started = time.monotonic()
        await pacer.turn(*turns[-1])
        return time.monotonic() - started
    finally:
        await pacer.aclose()


def test_a_host_s_next_turn_waits_its_delay(url: str) -> None:
    assert asyncio.run(_timed_turns(url, [("a.example", 0.3), ("a.example", 0.3)])) >= 0.25


def test_another_host_s_turn_does_not_wait(url: str) -> None:
    assert asyncio.run(_timed_turns(url, [("a.example", 5.0), ("b.example", 5.0)])) < 1.0
