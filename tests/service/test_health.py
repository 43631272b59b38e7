from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx

from monitor.models import RunStats
from monitor.service.health import HealthServer, Metrics


def stats(ok: bool = True) -> RunStats:
    start = datetime(2025, 3, 25, tzinfo=UTC)
    return RunStats(source="shine", started_at=start, finished_at=start + timedelta(seconds=2),
                    stored_new=3, tagged=1, failures=[] if ok else ["x: network-error"])


def test_metrics_count_a_run() -> None:
    metrics = Metrics()
    metrics.observe_run(stats(), {"ok": 5, "not-modified": 1})
    text = metrics.render()
    assert 'monitor_requests_total{outcome="ok",source="shine"} 5' in text
    assert 'monitor_articles_stored_total{change="new",source="shine"} 3' in text
    assert 'monitor_run_duration_seconds_sum{source="shine"} 2' in text
    assert "# TYPE monitor_runs_total counter" in text


def test_failed_run_counts_a_failure() -> None:
    metrics = Metrics()
    metrics.observe_run(stats(ok=False), {})
    assert 'monitor_run_failures_total{source="shine"} 1' in metrics.render()


def test_label_values_are_escaped() -> None:
    metrics = Metrics()
    metrics.add("monitor_runs_total", source='we"ird\\name')
    assert 'source="we\\"ird\\\\name"' in metrics.render()


def test_health_server_answers_on_loopback() -> None:
    async def go() -> tuple[int, dict[str, object], int, str]:
        server = HealthServer("127.0.0.1:0", lambda: {"status": "ok"}, Metrics())
        await server.start()
        try:
            async with httpx.AsyncClient() as client:
                health = await client.get(f"http://127.0.0.1:{server.port}/healthz")
                missing = await client.get(f"http://127.0.0.1:{server.port}/nope")
                metrics = await client.get(f"http://127.0.0.1:{server.port}/metrics")
        finally:
            await server.stop()
        return health.status_code, health.json(), missing.status_code, metrics.text

    status, body, missing, metrics = asyncio.run(go())
    assert (status, body, missing) == (200, {"status": "ok"}, 404)
    assert "monitor_up 1" in metrics


def test_health_down_is_503() -> None:
    async def go() -> int:
        server = HealthServer("127.0.0.1:0", lambda: {"status": "down"}, Metrics())
        await server.start()
        try:
            async with httpx.AsyncClient() as client:
                return (await client.get(f"http://127.0.0.1:{server.port}/healthz")).status_code
        finally:
            await server.stop()

    assert asyncio.run(go()) == 503
