"""Source runs deferred to the PostgreSQL task queue and run by workers (procrastinate)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_server import fresh_database

pytest.importorskip("procrastinate")

from monitor.cli.scale import work
from monitor.config import Settings, load_profiles, load_settings
from monitor.crawl.replay import find_sites, replay_transport
from monitor.service.workers import (
    WorkerRuntime,
    build_queue,
    defer_source_run,
    ensure_queue_schema,
)
from monitor.store.contract import open_store
from monitor.tag.classify import classify, load_rules

SITES = Path(__file__).resolve().parents[2] / "fixtures" / "sites"


@pytest.fixture
def queue_url() -> Iterator[str]:
    with fresh_database() as url:
        open_store(url).close()
        ensure_queue_schema(url)
        yield url


@pytest.fixture
def runtime(tmp_path: Path) -> WorkerRuntime:
    settings: Settings = load_settings(environ={"MONITOR_FETCH__POLITE": "false",
                                                "MONITOR_DATA_DIR": str(tmp_path)})
    rules = load_rules(settings.find_config("rules/partnership.toml"))
    sites = find_sites(SITES)
    return WorkerRuntime(settings=settings, profiles=load_profiles(settings),
                         classify=functools.partial(classify, rules=rules),
                         transport=lambda: replay_transport(sites))


async def _defer_then_work(url: str, runtime: WorkerRuntime, workers: int = 1) -> int | None:
    queue = build_queue(url, runtime)
    async with queue.open_async():
        job = await defer_source_run(queue, runtime.settings.source("shine-district"))
    await asyncio.gather(*(work(build_queue(url, runtime), concurrency=2, wait=False)
                           for _ in range(workers)))
    return job


def test_a_worker_runs_a_deferred_source_run(queue_url: str, runtime: WorkerRuntime) -> None:
    assert asyncio.run(_defer_then_work(queue_url, runtime)) is not None
    with open_store(queue_url) as store:
        assert store.count("articles") == 14 and store.count("runs") == 1


def test_several_workers_run_a_source_once(queue_url: str, runtime: WorkerRuntime) -> None:
    asyncio.run(_defer_then_work(queue_url, runtime, workers=3))
    with open_store(queue_url) as store:
        assert store.count("runs") == 1 and store.count("articles") == 14


def test_a_waiting_run_is_not_queued_twice(queue_url: str, runtime: WorkerRuntime) -> None:
    source = runtime.settings.source("shine-district")

    async def defer_twice() -> list[int | None]:
        queue = build_queue(queue_url)
        async with queue.open_async():
            return [await defer_source_run(queue, source) for _ in range(2)]

    first, second = asyncio.run(defer_twice())
    assert first is not None and second is None


def test_a_run_carries_the_locks_of_its_source(queue_url: str, runtime: WorkerRuntime) -> None:
    async def defer() -> None:
        queue = build_queue(queue_url)
        async with queue.open_async():
            await defer_source_run(queue, runtime.settings.source("shine-district"))

    asyncio.run(defer())
    import psycopg

    with psycopg.connect(queue_url) as conn:
        row = conn.execute("select lock, queueing_lock, queue_name from procrastinate_jobs").fetchone()
    assert row == ("source:shine-district", "source:shine-district", "crawl")


def test_sources_of_one_host_may_run_at_once() -> None:
    # The host's limits are kept per request by the shared pacer (test_pacing.py), not by
    # keeping a host's sources waiting for one another.
    from monitor.config import SourceConfig
    from monitor.service.workers import run_locks

    a = SourceConfig(name="a", listing_urls=["https://www.shine.cn/feature/district/"])
    b = SourceConfig(name="b", sitemaps=["https://WWW.shine.cn/sitemap-news.xml"])
    assert run_locks(a)[0] != run_locks(b)[0]


def test_queue_schema_is_created_once(queue_url: str) -> None:
    ensure_queue_schema(queue_url)  # a second worker starting: nothing to do, no error
    with open_store(queue_url) as store:
        assert "procrastinate_jobs" not in store.tables()


def test_worker_refuses_a_sqlite_store(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("worker")
    assert result.exit_code == 2 and "needs a PostgreSQL store" in result.output


def test_scheduler_defers_each_enabled_source(queue_url: str, tmp_path: Path) -> None:
    import psycopg

    from monitor.service.workers import serve_scheduler

    settings = load_settings(environ={"MONITOR_STORAGE__URL": queue_url,
                                      "MONITOR_DATA_DIR": str(tmp_path)})

    def waiting() -> list[tuple[str, str]]:
        with psycopg.connect(queue_url) as conn:
            return conn.execute("select task_name, args->>'source' from procrastinate_jobs "
                                "where task_name = 'monitor.run_source'").fetchall()

    async def run_briefly() -> list[tuple[str, str]]:
        stop = asyncio.Event()
        scheduler = asyncio.create_task(serve_scheduler(settings, stop))
        for _ in range(50):
            await asyncio.sleep(0.1)
            if found := await asyncio.to_thread(waiting):
                break
        stop.set()
        await scheduler
        return found

    assert asyncio.run(run_briefly()) == [("monitor.run_source", "shine-district")]


def test_a_run_under_way_holds_its_source_s_lock(queue_url: str) -> None:
    import psycopg

    from monitor.service.workers import _TRY_RUN_LOCK, _run_lock_held

    with psycopg.connect(queue_url, autocommit=True) as running:
        running.execute(_TRY_RUN_LOCK, ["shine-district"])
        assert _run_lock_held(queue_url, "shine-district")


def test_a_dead_run_s_lock_is_free(queue_url: str) -> None:
    import psycopg

    from monitor.service.workers import _TRY_RUN_LOCK, _run_lock_held

    with psycopg.connect(queue_url, autocommit=True) as running:
        running.execute(_TRY_RUN_LOCK, ["shine-district"])
    assert not _run_lock_held(queue_url, "shine-district")


def test_a_run_waits_while_another_run_of_its_source_is_under_way(queue_url: str) -> None:
    import psycopg
    from psycopg.rows import dict_row

    from monitor.service.workers import _TRY_RUN_LOCK, _hold_run_lock

    async def scenario() -> tuple[bool, bool]:
        with psycopg.connect(queue_url, autocommit=True) as first, \
                psycopg.connect(queue_url, autocommit=True, row_factory=dict_row) as second:
            first.execute(_TRY_RUN_LOCK, ["shine-district"])
            waiting = asyncio.create_task(_hold_run_lock(second, "shine-district"))
            await asyncio.sleep(0.5)
            waited = not waiting.done()
            first.execute("select pg_advisory_unlock_all()")
            await asyncio.wait_for(waiting, timeout=5)
            return waited, waiting.done()

    assert asyncio.run(scenario()) == (True, True)
