"""Faults tried and survived, articles lost and duplicated, peak memory under the bombs.

    python bench/bench_faults.py [--kills 10] [--seed 12]

Each scenario starts the hostile loopback site of the fault-injection suite (tests/faults/
hostile.py) with one fault, runs `monitor crawl --once` in a child process up to three times on
a fresh database, and checks what a reader would: no traceback, every article that can be had
stored exactly once (lost and duplicated counted), and the child's peak memory (from wait4).
Then it kills a crawl with SIGKILL at random points ``--kills`` times and restarts it.
A scenario survives when nothing is lost or duplicated, no run printed a traceback (or hung),
and no crawl's peak memory passed 150 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "faults"))
from hostile import Fault, HostileSite, article_path, double_gzip_bomb  # noqa: E402

FAULTY = article_path(5)
_LIMIT = 90.0  # seconds one crawl of 30 small articles may take
_MEMORY_KIB = 150 * 1024  # the most one crawl may hold, whatever the server sends


@dataclass
class Scenario:
    name: str
    faults: dict[str, Fault] = field(default_factory=dict)
    lost_for_good: set[str] = field(default_factory=set)  # paths no run can store
    extra_links: list[str] = field(default_factory=list)
    aliases: dict[str, int] = field(default_factory=dict)
    robots: str = "User-agent: *\nAllow: /\n"
    fetch: dict[str, object] = field(default_factory=dict)
    source: dict[str, object] = field(default_factory=dict)


def scenarios() -> list[Scenario]:
    passing = [Fault("reset", times=2), Fault("status", 503, times=2), Fault("status", 500, times=1),
               Fault("drip", times=1), Fault("hang", times=1), Fault("length-lie", times=1)]
    lasting = [Fault("bomb"), Fault("corrupt-gzip"), Fault("content-type", "image/png"),
               Fault("redirect", "http://127.0.0.1:99999/x/"), Fault("redirect", "http://[::1/x/"),
               Fault("redirect", "https://elsewhere.example/x/"), Fault("status", 404)]
    links = ["http://127.0.0.1:99999/news/2501099999/", "http://[::1/news/2501099998/",
             "http://exa mple.com/news/2501099997/", "http://127.0.0.1:0/news/2501099996/",
             "/news/" + "9" * 9000 + "/"]
    found = [Scenario(f"passing {f.kind} {f.arg or ''} x{f.times}", {FAULTY: f}) for f in passing]
    found += [Scenario(f"lasting {f.kind} {f.arg or ''}", {FAULTY: f}, {FAULTY}) for f in lasting]
    found += [Scenario(f"bad link {href[:40]}", extra_links=[href]) for href in links]
    found += [
        Scenario("two URLs, one canonical", aliases={"/news/9925010000002/": 2}),
        Scenario("robots.txt 500 then fine", {"/robots.txt": Fault("status", 500, times=1)},
                 fetch={"respect_robots": True, "robots_ttl": 0}),
        Scenario("robots.txt hangs once", {"/robots.txt": Fault("hang", times=1)},
                 fetch={"respect_robots": True, "robots_ttl": 0}),
        Scenario("robots.txt of 800 KB", {"/robots.txt": Fault("body", "User-agent: *\nAllow: /\n"
                                                               + "# pad\n" * 140_000)},
                 fetch={"respect_robots": True}),
        Scenario("Crawl-delay: 3600", robots="User-agent: *\nCrawl-delay: 3600\n",
                 fetch={"respect_robots": True, "polite": True}),
        Scenario("max_articles 12 of 30", source={"max_articles": 12}),
    ]
    return found


def supports(key: str) -> bool:
    from monitor.config import FetchSettings

    return key in FetchSettings.model_fields


def write_config(work: Path, site: HostileSite, scenario: Scenario) -> Path:
    fetch: dict[str, object] = {"polite": False, "retries": 1, "backoff_base": 0.01, "backoff_max": 0.02,
                                "timeout_read": 1.0, "timeout_connect": 1.0, "respect_robots": False,
                                "circuit_failures": 50, **scenario.fetch}
    for key, value in (("request_deadline", 3.0), ("crawl_delay_max", 0.05)):
        if supports(key):
            fetch[key] = value
    body = "".join(f"{k} = {_toml(v)}\n" for k, v in fetch.items())
    source = "".join(f"{k} = {_toml(v)}\n" for k, v in scenario.source.items())
    config = work / "bench.toml"
    config.write_text(f"""[fetch]\n{body}[log]\nformat = "json"\nlevel = "WARNING"
[[sources]]
name = "hostile"
listing_urls = ["{site.base_url}/news/"]
allowed_domains = ["127.0.0.1"]
max_listing_pages = 20
delay_seconds = 0
{source}""")
    return config


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return f'"{value}"' if isinstance(value, str) else repr(value)


def run_child(config: Path, db: Path, work: Path, kill_when=None) -> tuple[int, str, int]:  # type: ignore[no-untyped-def]
    """(exit status, output, peak RSS in KiB) of one `monitor crawl --once`."""
    env = {**os.environ, "MONITOR_CONFIG": str(config), "MONITOR_DB": str(db)}
    log = work / "child.out"
    with log.open("w") as out:
        child = subprocess.Popen([sys.executable, "-m", "monitor", "crawl", "--once"], cwd=work, env=env,
                                 stdout=out, stderr=subprocess.STDOUT)
        # A crawl that hangs is a failed fault, not a stuck benchmark: killed after ``_LIMIT``.
        # wait4 (not Popen.poll, which would reap the child) so its peak memory can be read.
        deadline = time.monotonic() + (60 if kill_when is not None else _LIMIT)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline or (kill_when is not None and kill_when()):
                timed_out = kill_when is None
                child.send_signal(signal.SIGKILL)
                _, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.01)
        child.returncode = os.waitstatus_to_exitcode(status)
    output = log.read_text(errors="replace") + ("\nTraceback: timed out" if timed_out else "")
    return child.returncode, output, usage.ru_maxrss


def stored(db: Path) -> list[str]:
    try:
        with sqlite3.connect(db) as conn:
            return [row[0] for row in conn.execute("select canonical_url from articles")]
    except sqlite3.OperationalError:
        return []


@dataclass
class Outcome:
    survived: bool
    lost: int
    duplicated: int
    peak_kib: int


def run_scenario(scenario: Scenario) -> Outcome:
    with tempfile.TemporaryDirectory() as tmp, HostileSite(
            faults=scenario.faults, extra_links=scenario.extra_links, aliases=scenario.aliases,
            robots=scenario.robots) as site:
        work = Path(tmp)
        config, db = write_config(work, site, scenario), work / "bench.db"
        clean, peak = True, 0
        for _ in range(3):
            code, output, rss = run_child(config, db, work)
            clean &= "Traceback" not in output and code in (0, 1)
            peak = max(peak, rss)
            if "timed out" in output:
                break
        return judge(site, db, scenario.lost_for_good, clean, peak)


def judge(site: HostileSite, db: Path, lost_for_good: set[str], clean: bool, peak: int) -> Outcome:
    articles = {site.base_url + article_path(n) for n in range(1, site.articles + 1)}
    wanted = articles - {site.base_url + path for path in lost_for_good}
    rows = stored(db)
    lost = len(wanted - set(rows))
    # A row twice, or a row under another URL of one of the site's articles, is a duplicate.
    duplicated = len(rows) - len(set(rows) & articles)
    survived = clean and not lost and not duplicated and peak <= _MEMORY_KIB
    return Outcome(survived, lost, duplicated, peak)


def run_kills(kills: int, seed: int) -> list[Outcome]:
    chance = random.Random(seed)
    slow = {article_path(n): Fault("slow", 0.04) for n in range(1, 31)}
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp, HostileSite(faults=slow) as site:
        work = Path(tmp)
        config, db = write_config(work, site, Scenario("kill", source={"concurrency": 2})), work / "kill.db"
        for _ in range(kills):
            target = chance.randrange(0, 30)
            code, output, peak = run_child(config, db, work, kill_when=lambda t=target: len(stored(db)) >= t)
            if len(stored(db)) >= 30:  # the run finished before the kill point: start again
                db.unlink()
                for suffix in ("-wal", "-shm"):
                    Path(str(db) + suffix).unlink(missing_ok=True)
                continue
            code, output, peak = run_child(config, db, work)
            with sqlite3.connect(db) as conn:
                intact = conn.execute("pragma integrity_check").fetchone()[0] == "ok"
            outcome = judge(site, db, set(), "Traceback" not in output and code == 0 and intact, peak)
            outcomes.append(outcome)
            db.unlink()
            for suffix in ("-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--skip", action="append", default=[],
                        help="leave out scenarios whose name contains this (e.g. bomb on a small machine)")
    parser.add_argument("--only", default="", help="run only scenarios whose name contains this")
    args = parser.parse_args()
    double_gzip_bomb()  # built before any server needs it
    results: list[tuple[str, Outcome]] = []
    for scenario in scenarios():
        if any(word in scenario.name for word in args.skip) or args.only not in scenario.name:
            continue
        outcome = run_scenario(scenario)
        results.append((scenario.name, outcome))
        print(f"  {'ok  ' if outcome.survived else 'FAIL'} {scenario.name}: lost {outcome.lost}, "
              f"duplicated {outcome.duplicated}, peak {outcome.peak_kib / 1024:.0f} MB", flush=True)
    for index, outcome in enumerate(run_kills(args.kills if not args.only else 0, args.seed)):
        results.append((f"kill -9 #{index + 1}", outcome))
        print(f"  {'ok  ' if outcome.survived else 'FAIL'} kill -9 #{index + 1} then restart: "
              f"lost {outcome.lost}, duplicated {outcome.duplicated}", flush=True)
    bombs = [o.peak_kib for name, o in results if "bomb" in name]
    print(f"faults tried: {len(results)}, survived: {sum(o.survived for _, o in results)}")
    print(f"articles lost: {sum(o.lost for _, o in results)}, "
          f"duplicated: {sum(o.duplicated for _, o in results)}")
    print(f"peak memory of a crawl under the bomb: {max(bombs, default=0) / 1024:.0f} MB; "
          f"of any crawl: {max(o.peak_kib for _, o in results) / 1024:.0f} MB")


if __name__ == "__main__":
    main()
