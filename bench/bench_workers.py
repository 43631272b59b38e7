"""Crawl throughput with 1, 2 and 4 `monitor worker` processes on PostgreSQL, beside one
`monitor crawl --once` on SQLite, against many loopback hosts.

Serves one small synthetic news site (pages written here) on H loopback addresses
(127.0.0.2, 127.0.0.3, …; Linux routes all of 127/8 to the loopback device), one source per
host, so the articles are distinct by URL. Politeness is on with a per-host delay of 0 and a
per-host concurrency of 2. For each worker count: a fresh database, one deferred run per source,
then W worker processes until every run has succeeded; articles/s counts from the workers'
start. Peak memory is each worker's high-water RSS (VmHWM). Reports the median of R runs, and
what the shared host pacer (service/pacing.py) costs a request: a slot taken and given back,
and a turn, on one connection.

    .venv/bin/python bench/bench_workers.py [--hosts 50] [--per-host 40] [--workers 1,2,4]
                                            [--repeat 3] [--postgres URL]

Needs a PostgreSQL server where the user may create databases (--postgres or
MONITOR_BENCH_POSTGRES_URL). Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from monitor.config import load_settings
from monitor.service.workers import build_queue, defer_source_run, ensure_queue_schema
from monitor.store.contract import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_store import postgres_database

PER_PAGE = 20
ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Story {n} | Loopback News</title></head><body>
<div class="breadcrumb">Feature / District</div>
<h1 class="article-title">District story number {n}</h1>
<div class="article-lede">The district reports item {n} of its weekly news.</div>
<div class="article-meta"><span class="pub-time">14:00 UTC+8, 2025-03-25</span></div>
<div class="article-content">{body}</div></body></html>"""
PARAGRAPH = ("<p>Residents, companies and the district government met on item {n}; officials said "
             "the park, the university and the investment fund will report again next month.</p>")


def handler(per_host: int) -> type[BaseHTTPRequestHandler]:
    class Site(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms stall between them

        def do_GET(self) -> None:
            if match := re.fullmatch(r"/feature/district/(?:\?page=(\d+))?", self.path):
                self.send_html(listing(int(match.group(1) or 1), per_host))
            elif match := re.fullmatch(r"/feature/district/26(\d{8})/", self.path):
                n = int(match.group(1))
                self.send_html(ARTICLE.format(n=n, body=PARAGRAPH.format(n=n) * 6))
            else:
                self.send_error(404)

        def send_html(self, html: str) -> None:
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Site


def listing(page: int, total: int) -> str:
    first = (page - 1) * PER_PAGE
    items = "".join(f'<div class="row row-story"><h3><a class="story-title" '
                    f'href="/feature/district/26{n:08d}/">Story {n}</a></h3></div>'
                    for n in range(first, min(first + PER_PAGE, total)))
    nxt = (f'<a rel="next" href="/feature/district/?page={page + 1}">Next</a>'
           if first + PER_PAGE < total else "")
    return f"<html><body><main>{items}{nxt}</main></body></html>"


@contextmanager
def serve(hosts: int, per_host: int) -> Iterator[list[str]]:
    servers = [ThreadingHTTPServer((f"127.0.0.{i + 2}", 0), handler(per_host)) for i in range(hosts)]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield [f"http://127.0.0.{i + 2}:{s.server_address[1]}" for i, s in enumerate(servers)]
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def write_config(work: Path, bases: list[str], per_host: int) -> Path:
    sources = "".join(f"""
[[sources]]
name = "host{i}"
profile = "shine"
listing_urls = ["{base}/feature/district/"]
allowed_domains = ["{urlsplit(base).hostname}"]
max_listing_pages = {per_host // PER_PAGE + 2}
max_articles = {per_host + 1}
jitter_seconds = 0
delay_seconds = 0
concurrency = 2
""" for i, base in enumerate(bases))
    path = work / "bench.toml"
    path.write_text(f'data_dir = "{work / "data"}"\n[fetch]\nretries = 0\n'
                    f'[log]\nformat = "json"\nlevel = "WARNING"\n{sources}')
    return path




def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pending_runs(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("select count(*) from procrastinate_jobs where task_name = "
                           "'monitor.run_source' and status <> 'succeeded'").fetchone()
    return int(row[0]) if row else 0


def with_workers(url: str, config: Path, work: Path, sources: int, workers: int) -> tuple[float, int, float]:
    """Seconds until every run succeeded, articles stored, and the largest worker's peak MB."""
    open_store(url).close()
    ensure_queue_schema(url)

    settings = load_settings(config)

    async def defer_all() -> None:
        queue = build_queue(url)
        async with queue.open_async():
            for i in range(sources):
                await defer_source_run(queue, settings.source(f"host{i}"))

    asyncio.run(defer_all())
    env = {**os.environ, "MONITOR_CONFIG": str(config), "MONITOR_STORAGE__URL": url}
    env.pop("MONITOR_DB", None)
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "monitor", "worker", "--concurrency", "1"],
                              env=env, cwd=work) for _ in range(workers)]
    try:
        while pending_runs(url):
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        peaks = [peak_mb(p.pid) for p in procs]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
    with open_store(url) as store:
        return elapsed, store.count("articles"), max(peaks)


def sqlite_crawl(config: Path, work: Path) -> tuple[float, int, float]:
    db = work / f"crawl-{uuid.uuid4().hex[:6]}.db"
    env = {**os.environ, "MONITOR_CONFIG": str(config), "MONITOR_DB": str(db)}
    env.pop("MONITOR_STORAGE__URL", None)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "crawl", "--once"], env=env, cwd=work,
                            stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit(f"crawl --once failed with status {status}")
    with open_store(db) as store:
        return elapsed, store.count("articles"), usage.ru_maxrss / 1024


def pacer_ms(url: str, rounds: int = 500) -> tuple[float, float]:
    """Milliseconds for one host slot taken and given back, and for one turn."""
    from monitor.service.pacing import SharedHostPacer

    open_store(url).close()
    ensure_queue_schema(url)

    async def measure() -> tuple[float, float]:
        pacer = SharedHostPacer(url)
        try:
            await pacer.turn("warm.example", 1e-6)
            start = time.perf_counter()
            for _ in range(rounds):
                async with pacer.slot("a.example", 2):
                    pass
            slot = time.perf_counter() - start
            start = time.perf_counter()
            for _ in range(rounds):
                await pacer.turn("b.example", 1e-6)
            return slot / rounds * 1000, (time.perf_counter() - start) / rounds * 1000
        finally:
            await pacer.aclose()

    return asyncio.run(measure())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--per-host", type=int, default=40)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("MONITOR_BENCH_POSTGRES_URL", ""))
    args = parser.parse_args()
    if not args.postgres:
        sys.exit("needs a PostgreSQL server: --postgres URL or MONITOR_BENCH_POSTGRES_URL")
    counts = [int(n) for n in args.workers.split(",")]
    results: dict[str, list[tuple[float, int, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp, serve(args.hosts, args.per_host) as bases:
        work = Path(tmp)
        config = write_config(work, bases, args.per_host)
        for _ in range(args.repeat):
            results.setdefault("sqlite, crawl --once", []).append(sqlite_crawl(config, work))
            for workers in counts:
                with postgres_database(args.postgres) as url:
                    results.setdefault(f"postgresql, {workers} worker(s)", []).append(
                        with_workers(url, config, work, args.hosts, workers))
        with postgres_database(args.postgres) as url:
            slot_ms, turn_ms = pacer_ms(url)
    total = args.hosts * args.per_host
    print(f"{args.hosts} hosts x {args.per_host} articles = {total}; per-host delay 0, concurrency 2; "
          f"median of {args.repeat} runs")
    for name, runs in results.items():
        rates = [stored / elapsed for elapsed, stored, _ in runs]
        stored = {s for _, s, _ in runs}
        print(f"  {name:<26} {statistics.median(rates):7.1f} articles/s (min {min(rates):.1f}, "
              f"max {max(rates):.1f}); stored {sorted(stored)}; "
              f"peak RSS per process {statistics.median(p for _, _, p in runs):.0f} MB")
    print(f"  shared host pacer: {slot_ms:.2f} ms per slot taken and given back, "
          f"{turn_ms:.2f} ms per turn (load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
