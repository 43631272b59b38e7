"""The daemon as users run it: a subprocess against a loopback copy of the fixture site."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from conftest import SHINE_SITE
from monitor.crawl.replay import FixtureServer, find_sites
from monitor.errors import MonitorError
from monitor.service.daemon import daemon_lock, lock_holder

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_config(tmp_path: Path, base_url: str, health_port: int, interval_minutes: float = 0.03) -> Path:
    config = tmp_path / "monitor.toml"
    config.write_text(f"""
data_dir = "{tmp_path / 'data'}"
[fetch]
respect_robots = false
retries = 0
[health]
listen = "127.0.0.1:{health_port}"
[log]
format = "json"
[digest]
out_dir = "{tmp_path / 'reports'}"
[[sources]]
name = "shine-district"
profile = "shine"
listing_urls = ["{base_url}/feature/district/"]
allowed_domains = ["127.0.0.1"]
interval_minutes = {interval_minutes}
jitter_seconds = 0
delay_seconds = 0
""")
    return config


def start_daemon(config: Path, tmp_path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "MONITOR_CONFIG": str(config)}
    env.pop("MONITOR_DB", None)
    return subprocess.Popen([sys.executable, "-m", "monitor", "run"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(predicate, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def runs_finished(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db) as conn:
            return int(conn.execute("select count(*) from runs").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


@pytest.fixture
def site():  # type: ignore[no-untyped-def]
    with FixtureServer(find_sites(SHINE_SITE)) as server:
        yield server


def test_daemon_runs_two_cycles_answers_health_and_stops_on_sigterm(site: FixtureServer, tmp_path: Path) -> None:
    port = free_port()
    daemon = start_daemon(write_config(tmp_path, site.base_url, port), tmp_path)
    db = tmp_path / "data" / "monitor.db"
    try:
        assert wait_for(lambda: runs_finished(db) >= 2), daemon.stderr.read() if daemon.poll() is not None else "no runs"
        health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
        metrics = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
        stopped_at = time.monotonic()
        daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(timeout=10)
        elapsed = time.monotonic() - stopped_at
    finally:
        if daemon.poll() is None:
            daemon.kill()
    assert code == 0 and elapsed < 5
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert 'monitor_articles_stored_total{change="new",source="shine-district"} 14' in metrics
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 14
        assert conn.execute("select count(distinct canonical_url) from articles").fetchone()[0] == 14
    logs = [json.loads(line) for line in daemon.stderr.read().splitlines() if line.startswith("{")]
    assert sum(1 for line in logs if line["event"] == "source run") >= 2


def test_second_daemon_on_the_same_database_refuses(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    with daemon_lock(db):
        assert lock_holder(db) == os.getpid()
        with pytest.raises(MonitorError, match="another monitor daemon"), daemon_lock(db):
            pass
    assert lock_holder(db) is None


def test_bad_config_reload_keeps_the_daemon_running(site: FixtureServer, tmp_path: Path) -> None:
    port = free_port()
    config = write_config(tmp_path, site.base_url, port, interval_minutes=60)
    daemon = start_daemon(config, tmp_path)
    try:
        assert wait_for(lambda: runs_finished(tmp_path / "data" / "monitor.db") >= 1)
        config.write_text(config.read_text() + "\n[fetch\n")
        daemon.send_signal(signal.SIGHUP)
        time.sleep(1.0)
        assert daemon.poll() is None
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=10) == 0
    finally:
        if daemon.poll() is None:
            daemon.kill()
    assert "config reload rejected" in daemon.stderr.read()


def test_health_data_names_robots_problems_and_the_frontier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor.service.daemon import Daemon, load_runtime
    from monitor.store.sqlite import Store

    monkeypatch.chdir(tmp_path)
    daemon = Daemon(load_runtime(None, tmp_path / "h.db"), None)
    with Store.open(tmp_path / "h.db") as store:
        store.set_source_fields("shine-district", robots_problem="robots.txt unavailable (HTTP 503)")
        store.frontier.add("shine-district", [("https://www.shine.cn/a/1/", None, None)], "https://www.shine.cn/")
        daemon._store = store
        health = daemon.health()
    assert health["robots_problems"] == {"shine-district": "robots.txt unavailable (HTTP 503)"}
    assert health["frontier"] == {"shine-district": {"pending": 1}}


def test_reload_rejects_a_profile_with_a_bad_css_selector(tmp_path: Path) -> None:
    from monitor.errors import ConfigError
    from monitor.service.daemon import load_runtime

    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "bad.toml").write_text(
        'name = "bad"\ndomains = ["x.cn"]\narticle_path_pattern = "/x/"\n[listing]\nnext_page = ["a:::next"]\n')
    (tmp_path / "monitor.toml").write_text("")
    with pytest.raises(ConfigError, match=r"bad.toml: listing.next_page: .*not a valid CSS selector"):
        load_runtime(tmp_path / "monitor.toml")
