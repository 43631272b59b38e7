"""Counters in the Prometheus format (prometheus-client), and the server that answers
/healthz and /metrics for the daemon (the whole workspace when web.listen is set)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from monitor.config import Settings
from monitor.errors import ConfigError
from monitor.models import RunStats
from monitor.service.health import HealthServer, Metrics


def stats(ok: bool = True) -> RunStats:
    start = datetime(2025, 3, 25, tzinfo=UTC)
    return RunStats(source="shine", started_at=start, finished_at=start + timedelta(seconds=2),
                    stored_new=3, tagged=1, failures=[] if ok else ["x: network-error"])


def test_metrics_count_requests_by_outcome() -> None:
    metrics = Metrics()
    metrics.observe_run(stats(), {"ok": 5, "not-modified": 1})
    assert 'monitor_requests_total{outcome="ok",source="shine"} 5.0' in metrics.render()


def test_metrics_count_stored_articles() -> None:
    metrics = Metrics()
    metrics.observe_run(stats(), {})
    assert 'monitor_articles_stored_total{change="new",source="shine"} 3.0' in metrics.render()


def test_metrics_add_run_seconds() -> None:
    metrics = Metrics()
    metrics.observe_run(stats(), {})
    assert 'monitor_run_duration_seconds_total{source="shine"} 2.0' in metrics.render()


def test_failed_run_counts_a_failure() -> None:
    metrics = Metrics()
    metrics.observe_run(stats(ok=False), {})
    assert 'monitor_run_failures_total{source="shine"} 1.0' in metrics.render()


def test_label_values_are_escaped() -> None:
    metrics = Metrics()
    metrics.runs.labels('we"ird\\name').inc()
    assert 'source="we\\"ird\\\\name"' in metrics.render()


def test_two_metrics_objects_do_not_share_counts() -> None:
    first, second = Metrics(), Metrics()
    first.observe_run(stats(), {})
    assert "monitor_runs_total{" not in second.render()


async def _get(server: HealthServer, *paths: str) -> list[httpx.Response]:
    await server.start()
    try:
        async with httpx.AsyncClient() as client:
            return [await client.get(f"http://127.0.0.1:{server.port}{p}") for p in paths]
    finally:
        await server.stop()


def test_health_server_answers_healthz_on_loopback() -> None:
    server = HealthServer("127.0.0.1:0", lambda: {"status": "ok"}, Metrics())
    health, missing = asyncio.run(_get(server, "/healthz", "/nope"))
    assert (health.status_code, health.json(), missing.status_code) == (200, {"status": "ok"}, 404)


def test_health_server_answers_metrics() -> None:
    server = HealthServer("127.0.0.1:0", lambda: {"status": "ok"}, Metrics())
    (metrics,) = asyncio.run(_get(server, "/metrics"))
    assert "monitor_up 1.0" in metrics.text


def test_health_down_is_503() -> None:
    server = HealthServer("127.0.0.1:0", lambda: {"status": "down"}, Metrics())
    (health,) = asyncio.run(_get(server, "/healthz"))
    assert health.status_code == 503


def test_with_settings_the_server_serves_the_workspace(settings: Settings) -> None:
    server = HealthServer("127.0.0.1:0", lambda: {"status": "ok"}, Metrics(), settings)
    day, health = asyncio.run(_get(server, "/", "/healthz"))
    assert day.status_code == 200 and "<h1>Day" in day.text and health.json() == {"status": "ok"}


def test_workspace_on_a_public_address_without_auth_is_refused(settings: Settings,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    monkeypatch.delenv("MONITOR_WEB_TOKEN", raising=False)
    server = HealthServer("0.0.0.0:0", lambda: {"status": "ok"}, Metrics(), settings)
    with pytest.raises(ConfigError, match=r"web\.listen: listening on 0\.0\.0\.0 needs authentication"):
        asyncio.run(server.start())
