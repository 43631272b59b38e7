"""Distributed crawling on PostgreSQL with procrastinate, a task queue kept in the same database.

A scheduler defers one ``run_source`` task per source run; ``monitor worker`` processes (any
number, on any machine) run them with the same ``crawl.pipeline.run_source`` the daemon calls.

- A source run is never executed twice at once: each task carries ``lock = "source:NAME"``,
  and a ``queueing_lock`` of the same name keeps at most one run of a source waiting.
- A worker killed mid-run leaves its job "doing" with no heartbeat; every worker runs a periodic
  task (every 5 s, deferred once for the whole cluster) that hands such stalled jobs back to the
  queue. Each run also holds a session advisory lock on its source for as long as it runs, so a
  worker that was only slow (heartbeats late on a loaded machine) keeps its run: a job whose
  lock is still held is not handed back, and a run that finds the lock taken waits for it; two
  runs of a source never overlap. A dead worker's lock goes with its connection (the server is
  told to notice a lost peer within about 30 s). The
  retried run resumes from the crawl frontier and stores nothing twice: saves are idempotent
  upserts on the canonical URL.
- Politeness holds across the cluster, per request: every fetch of every worker takes one of
  its host's slots and its turn from service/pacing.py, so sources sharing a host, or a source
  whose articles live on other hosts, still get at most the configured concurrency and delay
  per host, whichever workers fetch.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import httpx
import procrastinate
import psycopg
from procrastinate.exceptions import AlreadyEnqueued

if TYPE_CHECKING:
    from datetime import date

    from monitor.config import Settings, SiteProfile, SourceConfig
    from monitor.crawl.fetch import HostPacer
    from monitor.models import Article, Classification, RunStats

__all__ = ["QUEUE", "RUN_SOURCE", "WorkerRuntime", "build_queue", "defer_source_run",
           "ensure_queue_schema", "run_locks", "serve_scheduler"]

log = logging.getLogger("monitor.service.workers")
QUEUE = "crawl"
RUN_SOURCE = "monitor.run_source"
_RETRY_STALLED = "monitor.retry_stalled"
_SCHEMA_LOCK = 0x6D6F6E71  # advisory lock held while the queue's tables are created
STALLED_AFTER = 30.0  # seconds without a heartbeat after which a worker counts as gone
_TRY_RUN_LOCK = ("select pg_try_advisory_lock(hashtextextended("
                 "current_schema() || ' run ' || %s, 0)) as locked")
_RUN_LOCK_POLL = 1.0  # seconds between two looks at a source's run lock held elsewhere


@dataclass
class WorkerRuntime:
    """What a worker's tasks need, built once when the worker starts."""

    settings: Settings
    profiles: Mapping[str, SiteProfile]
    classify: Callable[[Article], Classification] | None = None
    districts: Callable[[str], list[str]] | None = None
    transport: Callable[[], httpx.AsyncBaseTransport] | None = field(default=None, repr=False)
    pacer: HostPacer | None = field(default=None, repr=False)  # shared by the worker's runs


def run_locks(source: SourceConfig) -> tuple[str, str]:
    """The (lock, queueing lock) of a source's runs: one runs at a time, one waits. Sources of
    one host may run at once on different workers; the shared pacer keeps the host's limits."""
    return f"source:{source.name}", f"source:{source.name}"


def build_queue(url: str, runtime: WorkerRuntime | None = None, *,
                stalled_after: float = STALLED_AFTER) -> procrastinate.App:
    """The task queue in the store's database. A worker passes its runtime; a scheduler, which
    only defers, passes none. A run whose worker sent no heartbeat for ``stalled_after``
    seconds is handed back to the queue."""
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))

    @app.task(name=RUN_SOURCE, queue=QUEUE,
              retry=procrastinate.RetryStrategy(max_attempts=3, wait=60))
    async def run_source_task(source: str) -> dict[str, Any]:
        if runtime is None:
            raise RuntimeError("this process only defers tasks; run `monitor worker`")
        stats = await _run_one(runtime, url, source)
        return {"source": stats.source, "ok": stats.ok, "new": stats.stored_new,
                "updated": stats.updated, "failures": len(stats.failures)}

    @app.periodic(cron="* * * * * */5", periodic_id="stalled")  # every 5 s, once for the cluster
    @app.task(name=_RETRY_STALLED, queue=QUEUE, queueing_lock=_RETRY_STALLED, pass_context=True)
    async def retry_stalled(context: procrastinate.JobContext, timestamp: int) -> int:
        manager = context.app.job_manager
        stalled = [job for job in await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after)
                   if job.task_name == RUN_SOURCE]
        retried = 0
        for job in stalled:
            source = str(job.task_kwargs.get("source"))
            if await asyncio.to_thread(_run_lock_held, url, source):
                continue  # late heartbeats, but its run still holds its lock: it is alive
            log.warning("retrying a stalled run", extra={"source": source})
            await manager.retry_job(job)
            retried += 1
        return retried

    return app


async def _run_one(runtime: WorkerRuntime, url: str, name: str) -> RunStats:
    """One source run on its own connection: tasks of one worker run concurrently."""
    from monitor.crawl.fetch import Fetcher, build_client
    from monitor.crawl.pipeline import Context, run_source
    from monitor.service.pacing import NOTICE_LOST_PEERS
    from monitor.store.postgres import PostgresStore
    from monitor.store.sqlite import Store

    settings = runtime.settings
    transport = runtime.transport() if runtime.transport else None
    with PostgresStore.open(url) as store:
        store.conn.execute(NOTICE_LOST_PEERS)
        await _hold_run_lock(store.conn, name)
        async with build_client(settings.fetch, transport=transport) as client:
            fetcher = Fetcher(client, settings.fetch, polite=settings.fetch.polite,
                              pacer=runtime.pacer)
            ctx = Context(settings=settings, store=cast(Store, store), fetcher=fetcher,
                          profiles=runtime.profiles, classify=runtime.classify,
                          districts=runtime.districts)
            return await run_source(ctx, settings.source(name))


async def _hold_run_lock(conn: psycopg.Connection[dict[str, Any]], source: str) -> None:
    """Wait until no other run of ``source`` is under way, then hold its lock on ``conn`` (until
    the connection closes at the end of the run)."""
    waited = False
    while True:
        row = conn.execute(_TRY_RUN_LOCK, [source]).fetchone()
        if row is not None and row["locked"]:
            return
        if not waited:
            log.warning("a run of this source is still under way; waiting for it",
                        extra={"source": source})
            waited = True
        await asyncio.sleep(_RUN_LOCK_POLL)


def _run_lock_held(url: str, source: str) -> bool:
    """Whether a run of ``source`` holds its lock now, on any connection (tried and let go)."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(_TRY_RUN_LOCK, [source]).fetchone()
        if row is not None and row[0]:
            conn.execute("select pg_advisory_unlock_all()")
            return False
    return True


def ensure_queue_schema(url: str) -> None:
    """Create procrastinate's tables and the host pacing table once, whichever process starts
    first (an advisory lock held for the transaction that checks and creates them)."""
    import psycopg
    from procrastinate.schema import SchemaManager

    from monitor.service.pacing import create_pacing_table

    with psycopg.connect(url) as conn, conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", [_SCHEMA_LOCK])
        create_pacing_table(conn)
        row = conn.execute("select to_regclass('procrastinate_jobs') is not null").fetchone()
        if row is not None and not row[0]:
            conn.execute(SchemaManager.get_schema())


async def defer_source_run(app: procrastinate.App, source: SourceConfig) -> int | None:
    """Queue one run of a source; None when a run of it is already waiting."""
    lock, queueing_lock = run_locks(source)
    try:
        return await app.configure_task(RUN_SOURCE, lock=lock, queueing_lock=queueing_lock
                                        ).defer_async(source=source.name)
    except AlreadyEnqueued:
        return None


async def serve_scheduler(settings: Settings, stop: asyncio.Event | None = None) -> int:
    """``monitor run`` on a PostgreSQL store: on each source's schedule, defer one run for the
    workers (nothing is crawled here), until SIGTERM/SIGINT or ``stop``."""
    from monitor.service.schedule import build_scheduler

    url = settings.storage_url
    ensure_queue_schema(url)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    queue = build_queue(url)
    async with queue.open_async():

        async def defer(source: SourceConfig) -> None:
            job = await defer_source_run(queue, source)
            log.info("source run deferred" if job else "source run already waiting",
                     extra={"source": source.name, "job": job})

        async def digest(day: date | None) -> None:
            await asyncio.to_thread(_write_digest, settings, day)

        scheduler = build_scheduler(settings, defer, digest)
        scheduler.start()
        try:
            await stop.wait()
        finally:
            scheduler.shutdown(wait=False)
    return 0


def _write_digest(settings: Settings, day: date | None) -> None:
    from monitor.report.digest import default_day, write_daily
    from monitor.store.postgres import PostgresStore
    from monitor.store.sqlite import Store

    try:
        with PostgresStore.open(settings.storage_url) as store:
            write_daily(cast(Store, store), settings, day or default_day(settings))
    except Exception as exc:  # a failed digest must not stop the scheduler
        log.error("digest failed", extra={"reason": f"{type(exc).__name__}: {exc}"})
