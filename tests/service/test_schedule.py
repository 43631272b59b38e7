"""Scheduler wiring, checked by asking each trigger when it fires next from a fixed "now"."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from monitor.config import Settings, SourceConfig
from monitor.errors import ConfigError
from monitor.service.schedule import (
    DIGEST_JOB,
    build_scheduler,
    digest_trigger,
    source_trigger,
    sync_source_jobs,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 3, 25, 8, 0, tzinfo=SHANGHAI)


async def crawl(source: SourceConfig) -> None:
    return None


async def digest(day: object) -> None:
    return None


def source(**changes: object) -> SourceConfig:
    base = {"name": "s1", "listing_urls": ["https://www.shine.cn/feature/district/"], "jitter_seconds": 0}
    return SourceConfig.model_validate({**base, **changes})


def test_job_defaults_are_explicit(settings: Settings) -> None:
    scheduler = build_scheduler(settings, crawl, digest)
    defaults = scheduler._job_defaults
    assert defaults == {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}


def test_interval_source_fires_after_its_interval(settings: Settings) -> None:
    trigger = source_trigger(source(interval_minutes=30), settings)
    assert trigger.get_next_fire_time(NOW, NOW + timedelta(seconds=1)) == NOW + timedelta(minutes=30)


def test_cron_source_follows_shanghai_time(settings: Settings) -> None:
    trigger = source_trigger(source(cron="15 */6 * * *"), settings)
    assert trigger.get_next_fire_time(None, NOW) == datetime(2025, 3, 25, 12, 15, tzinfo=SHANGHAI)


def test_jitter_is_passed_to_the_trigger(settings: Settings) -> None:
    assert source_trigger(source(jitter_seconds=90), settings).jitter == 90


def test_bad_crontab_names_the_source_key(settings: Settings) -> None:
    with pytest.raises(ConfigError, match=r"sources.s1.cron"):
        source_trigger(source(cron="not a cron"), settings)


def test_daily_digest_runs_at_configured_local_time(settings: Settings) -> None:
    fire = digest_trigger(settings).get_next_fire_time(None, NOW)
    assert fire == datetime(2025, 3, 26, 7, 30, tzinfo=SHANGHAI)


def test_scheduler_has_one_job_per_enabled_source_and_the_digest(settings: Settings) -> None:
    settings.sources = [source(name="a"), source(name="b"), source(name="off", enabled=False)]
    ids = sorted(job.id for job in build_scheduler(settings, crawl, digest).get_jobs())
    assert ids == [DIGEST_JOB, "source:a", "source:b"]


def test_sync_adds_updates_and_removes(settings: Settings) -> None:
    settings.sources = [source(name="a"), source(name="b")]
    scheduler = build_scheduler(settings, crawl, digest)
    settings.sources = [source(name="a"), source(name="b", interval_minutes=5), source(name="c")]
    settings.sources = settings.sources[1:]
    changes = sync_source_jobs(scheduler, settings, crawl)
    assert sorted(changes) == ["added source:c", "removed source:a", "updated source:b"]


def test_sync_leaves_unchanged_sources_alone(settings: Settings) -> None:
    settings.sources = [source(name="a")]
    scheduler = build_scheduler(settings, crawl, digest)
    assert sync_source_jobs(scheduler, settings, crawl) == []
