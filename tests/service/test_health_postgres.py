"""`monitor health` on a PostgreSQL store: the database answers, its schema, the sources' last
runs, the task queue's depth and the workers alive."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

# The throwaway-database helper lives beside the store tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from postgres_server import fresh_database

pytest.importorskip("procrastinate")

from monitor.config import SourceConfig
from monitor.models import RunStats
from monitor.service.clusterhealth import summarize
from monitor.service.workers import build_queue, defer_source_run, ensure_queue_schema
from monitor.store.contract import open_store
from monitor.store.postgres import MIGRATIONS

EXPECTED = [m.__name__ for m in MIGRATIONS]


@pytest.fixture
def url() -> Iterator[str]:
    with fresh_database() as found:
        open_store(found).close()
        ensure_queue_schema(found)
        yield found


def _health(run_cli, url: str):  # type: ignore[no-untyped-def]
    result = run_cli("--db", url, "health")
    report = result.output[:result.output.rindex("}") + 1]
    return result, json.loads(report)


def test_health_reports_the_schema(run_cli, url: str) -> None:  # type: ignore[no-untyped-def]
    result, report = _health(run_cli, url)
    assert (result.exit_code, report["status"], report["schema"]) == (0, "ok", EXPECTED)


def test_health_counts_waiting_runs(run_cli, url: str) -> None:  # type: ignore[no-untyped-def]
    async def defer() -> None:
        queue = build_queue(url)
        async with queue.open_async():
            for name in ("a", "b"):
                await defer_source_run(queue, SourceConfig(name=name, listing_urls=[
                    f"https://{name}.example/news/"]))

    asyncio.run(defer())
    _, report = _health(run_cli, url)
    assert report["queue"] == {"todo": 2, "doing": 0, "failed": 0}


def test_health_gives_sources_last_runs(run_cli, url: str) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2025, 3, 25, 6, tzinfo=UTC)
    with open_store(url) as store:
        store.record_run(RunStats(source="shine", started_at=start,
                                  finished_at=start + timedelta(seconds=3), stored_new=2))
    _, report = _health(run_cli, url)
    assert report["sources"]["shine"]["last_success_at"].startswith("2025-03-25T06:00:03")


def test_health_exits_1_when_the_database_does_not_answer(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("--db", "postgresql://monitor:secret@127.0.0.1:1/monitor", "health")
    assert result.exit_code == 1 and "does not answer" in result.output
    assert "secret" not in result.output


def test_health_exits_1_on_a_database_never_migrated(run_cli) -> None:  # type: ignore[no-untyped-def]
    with fresh_database() as empty:
        result = run_cli("--db", empty, "health")
    assert result.exit_code == 1 and "lacks m001_initial" in result.output


def test_a_failing_source_makes_it_degraded() -> None:
    report = summarize(migrations=EXPECTED, expected=EXPECTED, queue={}, workers_alive=1,
                       sources=[{"name": "shine", "last_success_at": "2025-03-24T00:00:00+00:00",
                                 "last_failure_at": "2025-03-25T00:00:00+00:00"}])
    assert (report["status"], report["failing_sources"]) == ("degraded", ["shine"])


def test_runs_waiting_with_no_worker_alive_make_it_degraded() -> None:
    report = summarize(migrations=EXPECTED, expected=EXPECTED, sources=[], queue={"todo": 3},
                       workers_alive=0)
    assert report["status"] == "degraded"
