"""``monitor run``: the long-running daemon nobody watches.

It owns the database (a lock file keeps a second daemon off it), runs the scheduled jobs, reloads
its configuration on SIGHUP or when the file changes (a bad new file is rejected and the old one
keeps running), serves /healthz and /metrics on loopback when asked, and on SIGTERM or SIGINT
stops taking work, lets the article in hand finish, and closes the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import functools
import logging
import os
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from monitor.config import Settings, SiteProfile, SourceConfig, load_profiles, load_settings
from monitor.crawl.fetch import Fetcher, build_client
from monitor.crawl.pipeline import Context, run_source
from monitor.errors import ConfigError, MonitorError
from monitor.models import Article, Classification
from monitor.service.health import HealthServer, Metrics
from monitor.service.schedule import build_scheduler, source_job_id, sync_source_jobs
from monitor.store.sqlite import Store

__all__ = ["Daemon", "Runtime", "daemon_lock", "load_runtime", "lock_holder"]

log = logging.getLogger("monitor.service.daemon")
_WATCH_SECONDS = 2.0


@dataclass(frozen=True)
class Runtime:
    """Everything configuration decides, validated together so a reload is all or nothing."""

    settings: Settings
    profiles: dict[str, SiteProfile]
    classify: Callable[[Article], Classification]
    districts: Callable[[str], list[str]]


def load_runtime(config_path: Path | None, db_path: Path | None = None) -> Runtime:
    from monitor.tag.classify import classify, load_rules
    from monitor.tag.districts import find_districts, load_gazetteer

    settings = load_settings(config_path)
    if db_path is not None:
        settings = settings.model_copy(update={"database": db_path})
    profiles = load_profiles(settings)
    for source in settings.sources:
        if source.profile != "generic" and source.profile not in profiles:
            raise ConfigError(settings.config_file or "configuration",
                              f"unknown site profile {source.profile!r}", f"sources.{source.name}.profile")
    rules = load_rules(settings.find_config("rules/partnership.toml"))
    gazetteer = load_gazetteer(settings.find_config("districts.toml"))
    return Runtime(settings=settings, profiles=profiles,
                   classify=functools.partial(classify, rules=rules),
                   districts=functools.partial(find_districts, gazetteer=gazetteer))


def _lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextlib.contextmanager
def daemon_lock(db_path: Path) -> Iterator[IO[str]]:
    """Hold the database's daemon lock, or refuse with a message naming who holds it."""
    path = _lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise MonitorError(f"{db_path}: another monitor daemon (pid {holder}) is already running "
                           "on this database") from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    try:
        yield handle
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def lock_holder(db_path: Path) -> int | None:
    """The pid of the daemon running on this database, or None when none is."""
    path = _lock_path(db_path)
    if not path.exists():
        return None
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            text = handle.read().strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


def _deliver_apart(deliver: Callable[..., list[Any]], paths: list[Path], digest_json: str,
                   settings: Settings, day: date) -> list[Any]:
    """Deliver on a worker thread with its own connection: SQLite transactions on one
    connection must not interleave with the crawl jobs on the event loop's."""
    with Store.open(settings.db_path) as store:
        return deliver(paths, digest_json, settings, store, day)


class Daemon:
    def __init__(self, runtime: Runtime, config_path: Path | None, db_path: Path | None = None) -> None:
        self.runtime = runtime
        self.config_path = config_path
        self.db_path_override = db_path
        self.metrics = Metrics()
        self.stop_requested = asyncio.Event()
        self.started_at = datetime.now(UTC)
        self._running: set[asyncio.Task[Any]] = set()
        self._store: Store | None = None
        self._fetcher: Fetcher | None = None
        self._scheduler: Any = None
        self._contexts_stop = asyncio.Event()
        self._warned: set[str] = set()
        self._watched_mtime = self._config_mtime()

    # -- jobs: one-line calls into the functions `crawl --once` and `digest` use -------------------

    async def crawl_job(self, source: SourceConfig) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            await self._crawl(source)
        except asyncio.CancelledError:
            log.warning("source run cancelled at shutdown", extra={"source": source.name})
        except Exception as exc:  # a job must never take the daemon down
            log.exception("source run crashed", extra={"source": source.name, "error": str(exc)})
            if self._store is not None:
                self._store.set_source_fields(source.name, last_failure=f"crashed: {exc}"[:500],
                                              last_failure_at=datetime.now(UTC).isoformat())
        finally:
            if task is not None:
                self._running.discard(task)

    async def _crawl(self, source: SourceConfig) -> None:
        assert self._store is not None and self._fetcher is not None
        ctx = Context(settings=self.runtime.settings, store=self._store, fetcher=self._fetcher,
                      profiles=self.runtime.profiles, classify=self.runtime.classify,
                      districts=self.runtime.districts, warned_profiles=self._warned,
                      stop=self._contexts_stop)
        stats = await run_source(ctx, source)
        self.metrics.observe_run(stats, dict(self._outcomes_of_last_run(stats.source)))
        self._note_next_run(source)

    def _outcomes_of_last_run(self, source: str) -> Counter[str]:
        assert self._store is not None
        rows = self._store.db.execute(
            "select outcome, count(*) from fetch_log where source = ? and fetched_at >= "
            "(select started_at from runs where source = ? order by id desc limit 1) group by outcome",
            [source, source]).fetchall()
        return Counter({outcome: count for outcome, count in rows})

    def _note_next_run(self, source: SourceConfig) -> None:
        job = self._scheduler.get_job(source_job_id(source)) if self._scheduler else None
        if job is not None and job.next_run_time is not None and self._store is not None:
            self._store.set_source_fields(source.name, next_run_at=job.next_run_time.isoformat())

    async def digest_job(self, day: date | None = None) -> None:
        """Write yesterday's digest and deliver it; SMTP and webhooks run off the event loop."""
        try:
            from monitor.report.deliver import deliver
            from monitor.report.digest import build_digest, default_day, render_json, write_digest

            assert self._store is not None
            settings = self.runtime.settings
            chosen = day or default_day(settings)
            digest = build_digest(self._store, chosen, settings)
            paths = write_digest(digest, self._store, settings)
            log.info("digest written", extra={"day": str(chosen), "files": [str(p) for p in paths]})
            results = await asyncio.to_thread(_deliver_apart, deliver, paths, render_json(digest),
                                              settings, chosen)
            for result in results:
                log.info("digest delivery", extra={"channel": result.channel, "ok": result.ok,
                                                   "attempts": result.attempts, "error": result.error})
        except Exception as exc:
            log.exception("digest job failed", extra={"error": str(exc)})

    # -- health ------------------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        sources = self._store.source_rows() if self._store else []
        failing = [row["name"] for row in sources
                   if (row.get("last_failure_at") or "") > (row.get("last_success_at") or "")]
        return {"status": "degraded" if failing else "ok", "pid": os.getpid(),
                "started_at": self.started_at.isoformat(), "failing_sources": failing,
                "running_jobs": len(self._running),
                "robots_problems": {row["name"]: row["robots_problem"] for row in sources
                                    if row.get("robots_problem")},
                "frontier": self._store.frontier.counts() if self._store else {},
                "sources": {row["name"]: {k: row.get(k) for k in (
                    "last_success_at", "last_failure_at", "last_failure", "next_run_at",
                    "articles_found", "robots_problem")} for row in sources}}

    # -- reload ------------------------------------------------------------------------------------

    def _config_mtime(self) -> float | None:
        path = self.runtime.settings.config_file
        try:
            return path.stat().st_mtime if path else None
        except OSError:
            return None

    def reload(self) -> bool:
        """Apply a changed configuration; a bad one is rejected and the old one keeps running."""
        try:
            fresh = load_runtime(self.config_path, self.db_path_override)
        except MonitorError as exc:
            log.error("config reload rejected; keeping the running configuration",
                      extra={"reason": str(exc)})
            return False
        if fresh.settings.db_path != self.runtime.settings.db_path:
            log.warning("database path changes need a restart; keeping the open database",
                        extra={"database": str(self.runtime.settings.db_path)})
            fresh = Runtime(fresh.settings.model_copy(update={"database": self.runtime.settings.db_path}),
                            fresh.profiles, fresh.classify, fresh.districts)
        self.runtime = fresh
        changes = sync_source_jobs(self._scheduler, fresh.settings, self.crawl_job) if self._scheduler else []
        log.info("config reloaded", extra={"changes": changes})
        return True

    async def _watch_config(self) -> None:
        while not self.stop_requested.is_set():
            await asyncio.sleep(_WATCH_SECONDS)
            mtime = self._config_mtime()
            if mtime is not None and mtime != self._watched_mtime:
                self._watched_mtime = mtime
                self.reload()

    # -- lifecycle ---------------------------------------------------------------------------------

    async def run(self) -> int:
        settings = self.runtime.settings
        with daemon_lock(settings.db_path):
            self._store = Store.open(settings.db_path)
            try:
                async with build_client(settings.fetch) as client:
                    self._fetcher = Fetcher(client, settings.fetch, polite=settings.fetch.polite)
                    await self._serve()
            finally:
                self._store.close()
                log.info("stopped", extra={"database": str(settings.db_path)})
        return 0

    async def _serve(self) -> None:
        settings = self.runtime.settings
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self.stop_requested.set)
        loop.add_signal_handler(signal.SIGHUP, self.reload)
        listen = settings.web.listen or settings.health.listen  # web.listen: the whole workspace
        workspace = settings if settings.web.listen else None
        health = HealthServer(listen, self.health, self.metrics, workspace) if listen else None
        if health:
            await health.start()
        self._scheduler = build_scheduler(settings, self.crawl_job, self.digest_job)
        self._scheduler.start()
        watcher = asyncio.create_task(self._watch_config())
        log.info("started", extra={"pid": os.getpid(), "database": str(settings.db_path),
                                   "sources": [s.name for s in settings.sources if s.enabled],
                                   "health": f"http://{health.host}:{health.port}" if health else None})
        await self.stop_requested.wait()
        log.info("stopping", extra={"running_jobs": len(self._running)})
        # Runs stop taking articles; the scheduler starts nothing new, and is shut down only
        # after the drain, because its shutdown cancels running jobs at once.
        self._contexts_stop.set()
        self._scheduler.pause()
        watcher.cancel()
        await self._drain(settings.schedule.shutdown_timeout)
        self._scheduler.shutdown(wait=False)
        if health:
            await health.stop()

    async def _drain(self, timeout: float) -> None:
        """Let running jobs finish the article in hand; cancel them past the timeout (the run's
        record still says it was cut short, and the frontier keeps what it did not reach)."""
        pending = set(self._running)
        if not pending:
            return
        _, still = await asyncio.wait(pending, timeout=timeout)
        for task in still:
            log.warning("job did not finish in time; cancelling", extra={"timeout": timeout})
            task.cancel()
        if still:
            await asyncio.wait(still, timeout=1.0)
