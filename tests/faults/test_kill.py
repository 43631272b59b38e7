"""Interruptions a crawl must survive: kill -9 at random points, and SIGTERM in the daemon.

Both run monitor as users do, in a child process against the hostile loopback site, and then
check that every article ends up stored exactly once and that SQLite finds its file intact.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faultkit import *  # noqa: F403 -- the suite's fixtures: bomb, crawl, hostile
from faultkit import frontier_states, stored_urls, write_config
from hostile import Fault, article_path

pytestmark = pytest.mark.slow

ARTICLES = 30


def slow_site(hostile, delay: float):  # type: ignore[no-untyped-def]
    return hostile(articles=ARTICLES,
                   faults={article_path(n): Fault("slow", delay) for n in range(1, ARTICLES + 1)})


def monitor(args: list[str], config: Path, db: Path, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "MONITOR_CONFIG": str(config), "MONITOR_DB": str(db)}
    return subprocess.Popen([sys.executable, "-m", "monitor", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("pragma integrity_check").fetchone()[0])


def test_kill_9_at_random_points_then_restart_stores_every_article_once(hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = slow_site(hostile, 0.04)
    config = write_config(tmp_path, site, source={"concurrency": 2})
    db = tmp_path / "kill.db"
    chance = random.Random(12)
    # One kill at a random moment of start-up or discovery, then kills as the stored count
    # reaches random points of the run (a machine under load starts children slowly).
    targets = sorted(chance.sample(range(1, ARTICLES - 2), 3))
    after_kills = [_kill_after(monitor(["crawl", "--once"], config, db, tmp_path),
                               lambda: False, timeout=chance.uniform(0.1, 0.6), db=db)]
    for target in targets:
        child = monitor(["crawl", "--once"], config, db, tmp_path)
        after_kills.append(_kill_after(child, lambda t=target: _count(db) >= t, timeout=30, db=db))
    assert any(0 < count < ARTICLES for count in after_kills), after_kills  # killed mid-run
    final = monitor(["crawl", "--once"], config, db, tmp_path)
    _, err = final.communicate(timeout=60)
    assert final.returncode == 0, err[-2000:]
    stored = stored_urls(db)
    assert sorted(stored) == sorted(site.article_urls()) and len(stored) == len(set(stored))
    assert integrity(db) == "ok"
    assert set(frontier_states(db).values()) == {"stored"}


def test_sigterm_lets_the_article_in_hand_finish_and_the_run_says_it_was_cut_short(hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = slow_site(hostile, 0.3)
    config = write_config(tmp_path, site, source={"concurrency": 1, "interval_minutes": 60})
    db = tmp_path / "daemon.db"
    daemon = monitor(["run"], config, db, tmp_path)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not db.exists() or _count(db) < 3):
            time.sleep(0.1)
        daemon.send_signal(signal.SIGTERM)
        _, err = daemon.communicate(timeout=15)
    finally:
        if daemon.poll() is None:
            daemon.kill()
    assert daemon.returncode == 0 and "Traceback" not in err
    assert all(json.loads(line) for line in err.splitlines() if line.strip())
    with sqlite3.connect(db) as conn:
        stats = json.loads(conn.execute("select stats from runs order by id desc limit 1").fetchone()[0])
    assert stats["cut_short"] is True and 3 <= stats["stored_new"] < ARTICLES


def _kill_after(child: subprocess.Popen[str], ready, timeout: float, db: Path) -> int:  # type: ignore[no-untyped-def]
    """kill -9 the child once ``ready()`` or after ``timeout`` s; returns the articles stored."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and child.poll() is None and not ready():
        time.sleep(0.01)
    child.kill()
    child.wait()
    return _count(db)


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return int(conn.execute("select count(*) from articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
