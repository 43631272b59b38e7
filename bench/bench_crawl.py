"""Live-crawl figures against a loopback server: the stored SHINE site repeated to N articles.

    python bench/bench_crawl.py [--articles 2000] [--concurrency 8]

Serves the synthetic site on 127.0.0.1 (real HTTP, real ETag/Last-Modified handling), runs
`monitor crawl --once` in a child process with politeness off, then crawls the unchanged site a
second time and counts what that cost: requests, 304 answers, article bodies downloaded.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _synth import build_site, loopback_config
from monitor.crawl.replay import FixtureServer, find_sites

ARTICLE = re.compile(r"^/feature/district/\d{10}/$")




def crawl(config: Path, work: Path) -> float:
    env = {**os.environ, "MONITOR_CONFIG": str(config)}
    env.pop("MONITOR_DB", None)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "monitor", "crawl", "--once"], env=env, cwd=work,
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"crawl failed ({done.returncode}): {done.stdout[-1000:]} {done.stderr[-2000:]}")
    print("  " + done.stdout.strip().splitlines()[0])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build_site(work / "site", args.articles)
        with FixtureServer(find_sites(work / "site")) as server:
            config = loopback_config(work, server.base_url, args.articles, args.concurrency)
            print("first crawl")
            first = crawl(config, work)
            peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            first_requests = list(server.requests)
            server.requests.clear()
            print("second crawl (unchanged site)")
            second = crawl(config, work)
            again = list(server.requests)
    pages = len(first_requests)
    bodies = sum(1 for path, status in again if ARTICLE.match(path) and status == 200)
    print(f"articles                      {args.articles}")
    print(f"first crawl                   {pages} requests in {first:.2f} s = {pages / first:,.0f} pages/s (whole process)")
    print(f"peak RSS of the crawl         {peak_mb:.0f} MB")
    print(f"second crawl                  {second:.2f} s")
    print(f"  requests sent               {len(again)}  {again}")
    print(f"  answered 304                {sum(1 for _, s in again if s == 304)}")
    print(f"  article bodies downloaded   {bodies}")


if __name__ == "__main__":
    main()
