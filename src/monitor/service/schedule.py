"""APScheduler 3.x wiring: one job per source, one daily digest job. Nothing else lives here.

Each job is a one-line call into the function ``crawl --once`` or ``digest`` uses, so what the
daemon runs is tested without a scheduler; this module is tested by asking each trigger when it
fires next from a fixed "now" (a controllable clock, without waiting).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from monitor.config import Settings, SourceConfig
from monitor.errors import ConfigError

__all__ = ["DIGEST_JOB", "build_scheduler", "digest_trigger", "source_job_id", "source_trigger",
           "sync_source_jobs"]

DIGEST_JOB = "digest:daily"
SourceJob = Callable[[SourceConfig], Awaitable[object]]
DigestJob = Callable[[date | None], Awaitable[object]]


def source_job_id(source: SourceConfig) -> str:
    return f"source:{source.name}"


def source_trigger(source: SourceConfig, settings: Settings) -> BaseTrigger:
    """A crontab line when the source sets one, else its interval; both with its jitter."""
    jitter = source.jitter_seconds or None
    if source.cron:
        try:
            trigger = CronTrigger.from_crontab(source.cron, timezone=settings.tz)
        except ValueError as exc:
            raise ConfigError(settings.config_file or "configuration", f"bad crontab line: {exc}",
                              f"sources.{source.name}.cron") from exc
        trigger.jitter = jitter
        return trigger
    return IntervalTrigger(seconds=source.interval_minutes * 60, timezone=settings.tz, jitter=jitter)


def digest_trigger(settings: Settings) -> CronTrigger:
    hour, minute = (int(part) for part in settings.digest.time.split(":"))
    return CronTrigger(hour=hour, minute=minute, timezone=settings.tz)


def build_scheduler(settings: Settings, run_source: SourceJob, write_digest: DigestJob
                    ) -> AsyncIOScheduler:
    """A scheduler with explicit coalesce, max_instances and misfire grace (its default is 1 s)."""
    scheduler = AsyncIOScheduler(timezone=settings.tz, job_defaults={
        "coalesce": settings.schedule.coalesce,
        "max_instances": settings.schedule.max_instances,
        "misfire_grace_time": settings.schedule.misfire_grace_time,
    })
    sync_source_jobs(scheduler, settings, run_source)
    scheduler.add_job(write_digest, digest_trigger(settings), args=[None], id=DIGEST_JOB,
                      name="daily digest", replace_existing=True)
    return scheduler


def sync_source_jobs(scheduler: AsyncIOScheduler, settings: Settings, run_source: SourceJob,
                     run_now: bool = True) -> list[str]:
    """Make the source jobs match ``settings.sources``: add (first run now), replace changed ones,
    remove dropped ones, leave unchanged ones on their schedule. Returns what changed."""
    wanted = {source_job_id(s): s for s in settings.sources if s.enabled}
    changes: list[str] = []
    for job in scheduler.get_jobs():
        if job.id.startswith("source:") and job.id not in wanted:
            job.remove()
            changes.append(f"removed {job.id}")
    for job_id, source in wanted.items():
        existing = scheduler.get_job(job_id)
        if existing is not None and existing.args[0] == source:
            continue
        first: dict[str, object] = {"next_run_time": datetime.now(settings.tz)} if run_now else {}
        scheduler.add_job(run_source, source_trigger(source, settings), args=[source], id=job_id,
                          name=f"crawl {source.name}", replace_existing=True, **first)
        changes.append(f"{'added' if existing is None else 'updated'} {job_id}")
    return changes
