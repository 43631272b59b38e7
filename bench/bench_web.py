"""Response times of the workspace's day page and search over a database of 100,000 articles.

Builds the synthetic year of bench_digest.py (100,000 articles over 200 days, ~500 a day), serves
the workspace with uvicorn in a child process pinned to one core, and requests from this process,
one request at a time: day pages of random days, and searches (words, filters, later pages). It
prints p50 / p95 / max per kind of page. Target: p95 < 100 ms for both.

    .venv/bin/python bench/bench_web.py [--articles N] [--requests R] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bench_digest import FIRST_DAY, build_database
from monitor.store.sqlite import Store

SEARCHES = ["q=cooperation", "q=university+research", "q=park&status=tagged", "kind=mou",
            "district=Qingpu&status=untagged", "sector=ai&date_from=2024-10-01&date_to=2024-12-31",
            "q=innovation&page=5", "status=tagged&page=20", "source=shine-district&q=culture"]

SERVER = """
import os, sys, uvicorn
sys.path.insert(0, {src!r})
os.sched_setaffinity(0, {{0}})
from monitor.config import load_settings
from monitor.web.app import create_app
from monitor.web.auth import Auth
settings = load_settings(environ={{"MONITOR_DB": {db!r}}})
app = create_app(settings, Auth(users={{}}, token=None, required=False, local_user="bench"))
uvicorn.run(app, host="127.0.0.1", port={port}, log_level="warning", access_log=False)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    sys.exit("the workspace did not start")


def _percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return (f"p50 {statistics.median(ordered) * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms   "
            f"max {ordered[-1] * 1000:6.1f} ms   ({len(ordered)} requests; target p95 < 100 ms: "
            f"{'met' if p95 < 0.1 else 'MISSED'})")


def _measure(client: httpx.Client, paths: list[str]) -> list[float]:
    times = []
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.db or Path(scratch) / "web.db"
        with Store.open(path) as store:
            if store.db.execute("SELECT count(*) FROM articles").fetchone()[0] != args.articles:
                build_database(store, args.articles, args.days)
        port = _free_port()
        src = str(Path(__file__).resolve().parents[1] / "src")
        server = subprocess.Popen([sys.executable, "-c", SERVER.format(src=src, db=str(path), port=port)])
        try:
            url = f"http://127.0.0.1:{port}"
            _wait(url)
            rng = random.Random(13)
            days = [f"/?date={FIRST_DAY + timedelta(days=rng.randrange(args.days))}"
                    for _ in range(args.requests)]
            searches = [f"/search?{rng.choice(SEARCHES)}" for _ in range(args.requests)]
            with httpx.Client(base_url=url, timeout=30) as client:
                _measure(client, days[:10] + searches[:10])  # warm the page cache
                day_times = _measure(client, days)
                search_times = _measure(client, searches)
            print(f"database: {args.articles:,} articles over {args.days} days; server on one core "
                  f"(load average {os.getloadavg()[0]:.1f})")
            print(f"  day page: {_percentiles(day_times)}")
            print(f"  search:   {_percentiles(search_times)}")
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
