"""Daemon memory over many cycles: `monitor run` against the fixture site on loopback.

    python bench/bench_daemon.py [--cycles 1000] [--interval 0.05]

Starts the daemon as a child process with a very short schedule (seconds), lets it run the
given number of source cycles, and samples its resident memory (VmRSS) along the way. The first
cycle stores the fixture site; later ones get a 304 for the listing page, as an unchanged site does.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from monitor.crawl.replay import FixtureServer, find_sites  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cycles(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("select count(*) from runs").fetchone()[0])
    except sqlite3.Error:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between source runs")
    args = parser.parse_args()
    marks = sorted({10, 100, args.cycles // 2, args.cycles})
    with tempfile.TemporaryDirectory() as tmp, FixtureServer(find_sites(ROOT / "fixtures" / "sites" / "shine")) as site:
        work = Path(tmp)
        config = work / "monitor.toml"
        config.write_text(f"""
data_dir = "{work}"
[fetch]
polite = false
[log]
level = "WARNING"
[schedule]
misfire_grace_time = 60
[[sources]]
name = "shine-district"
profile = "shine"
listing_urls = ["{site.base_url}/feature/district/"]
allowed_domains = ["127.0.0.1"]
interval_minutes = {args.interval / 60}
jitter_seconds = 0
delay_seconds = 0
""")
        env = {**os.environ, "MONITOR_CONFIG": str(config)}
        env.pop("MONITOR_DB", None)
        daemon = subprocess.Popen([sys.executable, "-m", "monitor", "run"], env=env, cwd=work,
                                  stderr=subprocess.DEVNULL)
        started = time.monotonic()
        try:
            for mark in marks:
                while cycles(work / "monitor.db") < mark:
                    if daemon.poll() is not None:
                        sys.exit(f"daemon exited with {daemon.returncode}")
                    time.sleep(0.2)
                print(f"after {mark:>5} cycles  RSS {rss_mb(daemon.pid):6.1f} MB   "
                      f"({time.monotonic() - started:5.1f} s)", flush=True)
        finally:
            daemon.send_signal(signal.SIGTERM)
            code = daemon.wait(timeout=30)
        print(f"daemon exit status after SIGTERM: {code}; requests served: {len(site.requests)}")


if __name__ == "__main__":
    main()
