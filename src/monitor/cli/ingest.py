"""Commands that ingest: replay of fixture sites, one crawl, and recording live responses."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from monitor.cli._app import App, cli, handle_errors, pass_app
from monitor.errors import ConfigError, InputError, StoreError

if TYPE_CHECKING:
    from monitor.config import Settings
    from monitor.crawl.fetch import Fetcher
    from monitor.crawl.pipeline import Context
    from monitor.models import RunStats
    from monitor.store.sqlite import Store

__all__: list[str] = []


def _context(app: App, store: Store, fetcher: Fetcher) -> Context:
    from monitor.crawl.pipeline import Context

    return Context(settings=app.settings, store=store, fetcher=fetcher, profiles=app.profiles,
                   classify=app.classifier, districts=app.districts, progress=_progress_display())


class _Progress:
    """Articles done out of due, with a rate, redrawn on stderr (a terminal only)."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._source = ""
        self._started = 0.0

    def __call__(self, source: str, done: int, total: int) -> None:
        if self._bar is None or source != self._source:
            self.close()
            self._source, self._started = source, time.monotonic()
            self._bar = click.progressbar(length=total, label=source, file=sys.stderr,
                                          show_pos=True, show_eta=True, item_show_func=self._rate)
            self._bar.__enter__()
        self._bar.update(done - self._bar.pos, current_item=done)
        if done >= total:
            self.close()

    def _rate(self, done: int | None) -> str:
        elapsed = time.monotonic() - self._started
        return f"{done / elapsed:.1f} articles/s" if done and elapsed > 0 else ""

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _progress_display() -> _Progress | None:
    """A progress bar only where a person watches; logs and pipes get none."""
    return _Progress() if sys.stderr.isatty() else None


@contextlib.contextmanager
def _database_errors(path: Path) -> Iterator[None]:
    """A lock another process holds past the busy timeout is one line, not a traceback."""
    import sqlite3  # deferred: start-up time of every other command

    try:
        yield
    except sqlite3.OperationalError as exc:
        raise StoreError(path, f"the database is busy or locked by another process ({exc})") from None


def _print_stats(stats: RunStats) -> None:
    skipped = ", ".join(f"{k} {v}" for k, v in sorted(stats.skipped.items()) if v) or "none"
    click.echo(f"{stats.source}: {stats.stored_new} new, {stats.updated} updated, "
               f"{stats.unchanged} unchanged, {stats.tagged} tagged as partnerships; "
               f"{stats.requests} requests; skipped: {skipped}")
    if stats.cut_short:
        click.echo("  cut short by a shutdown; the rest is left in the frontier for the next run")
    for note in stats.notes:
        click.echo(f"  note: {note}")
    for failure in stats.failures[:10]:
        click.echo(f"  failed: {failure}")


@cli.command("replay")
@click.argument("directory", type=click.Path(path_type=Path))
@pass_app
@handle_errors
def replay_cmd(app: App, directory: Path) -> None:
    """Ingest stored fixture sites (folders with a manifest.json) with no network.

    \b
    Example:
      monitor replay fixtures/
    Runs the same discover → parse → store path as `crawl`; running it twice stores nothing twice.
    """
    from monitor.crawl.fetch import build_client
    from monitor.crawl.replay import find_sites, replay_transport

    sites = find_sites(directory)
    settings = app.settings
    failed = False
    with app.store() as store:
        for site in sites:
            source = _replay_source(app, site.source, site.source_config, site.root)
            client = build_client(settings.fetch, transport=replay_transport(sites))
            job = functools.partial(_replay_job, app, store, source)
            with _database_errors(store.path):
                stats = asyncio.run(_run_with(client, job, settings, polite=False))
            _print_stats(stats)
            failed |= not stats.ok
        click.echo(f"database: {store.path} ({store.status(settings.tz)['articles']} articles)")
    if failed:
        sys.exit(1)


async def _replay_job(app: App, store: Store, source: Any, fetcher: Fetcher) -> RunStats:
    from monitor.crawl.pipeline import run_source

    return await run_source(_context(app, store, fetcher), source)


def _replay_source(app: App, name: str, inline: dict[str, Any] | None, root: Path) -> Any:
    from monitor.config import SourceConfig

    if inline:
        try:
            return SourceConfig.model_validate({"name": name, **inline})
        except ValueError as exc:
            raise InputError(root / "manifest.json", f"source_config: {exc}") from exc
    return app.settings.source(name)


async def _run_with(client: Any, job: Callable[[Fetcher], Any], settings: Settings,
                    polite: bool = True) -> Any:
    from monitor.crawl.fetch import Fetcher

    async with client:
        fetcher = Fetcher(client, settings.fetch, polite=polite)
        return await job(fetcher)

@cli.command("crawl")
@click.option("--once", is_flag=True, required=True, help="Run every enabled source once and exit.")
@click.option("--source", "names", multiple=True, help="Only this source (repeatable).")
@pass_app
@handle_errors
def crawl_cmd(app: App, once: bool, names: tuple[str, ...]) -> None:
    """Crawl the configured sources once over the network, politely.

    \b
    Example:
      monitor crawl --once --source shine-district
    Exit status 1 when any source had failures (they are listed, and in `monitor status`).
    """
    from monitor.crawl.fetch import build_client
    from monitor.crawl.pipeline import run_source

    settings = app.settings
    sources = [settings.source(n) for n in names] if names else [s for s in settings.sources if s.enabled]
    if not sources:
        raise ConfigError(settings.config_file or "configuration", "no enabled source to crawl", "sources")

    async def crawl(fetcher: Fetcher) -> list[RunStats]:
        with app.store() as store:
            ctx = _context(app, store, fetcher)
            return [await run_source(ctx, source) for source in sources]

    app.profiles  # noqa: B018 -- site profiles are checked before any request is sent
    with _database_errors(settings.db_path):
        results = asyncio.run(_run_with(build_client(settings.fetch), crawl, settings,
                                        polite=settings.fetch.polite))
    for stats in results:
        _print_stats(stats)
    if not all(stats.ok for stats in results):
        sys.exit(1)

@cli.command("record")
@click.argument("urls", nargs=-1, required=True)
@click.option("--into", "into", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Fixture site folder to add the responses to (created if needed).")
@click.option("--source", default=None, help="Source name the fixture site replays as.")
@pass_app
@handle_errors
def record_cmd(app: App, urls: tuple[str, ...], into: Path, source: str | None) -> None:
    """Save live responses (body and the headers replay needs) as a fixture site.

    \b
    Example:
      monitor record https://www.shine.cn/feature/district/ --into fixtures/sites/shine-live
    """
    from monitor.crawl.fetch import build_client
    from monitor.crawl.replay import record_result

    settings = app.settings

    async def fetch_all(fetcher: Fetcher) -> int:
        saved = 0
        for url in urls:
            result = await fetcher.get(url, domains=[url.split("/")[2].split(":")[0].lower()])
            if result.status is None or result.outcome in ("too-large", "robots-denied"):
                click.echo(f"not saved: {url}: {result.outcome} {result.error or ''}".rstrip(), err=True)
                continue
            path = record_result(into, result, site=into.name, source=source or into.name)
            click.echo(f"saved {url} ({result.status}, {len(result.body)} bytes) -> {path}")
            saved += 1
        return saved

    saved = asyncio.run(_run_with(build_client(settings.fetch), fetch_all, settings))
    if saved < len(urls):
        sys.exit(1)
