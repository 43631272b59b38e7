"""Commands for running monitor on more than one machine: migrate (copy a database) and
worker (run deferred source runs from the PostgreSQL task queue)."""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING

import click

from monitor.cli._app import App, cli, fail, handle_errors, pass_app
from monitor.errors import ConfigError

if TYPE_CHECKING:
    import procrastinate

__all__: list[str] = []


@cli.command("migrate")
@click.option("--from", "source_url", required=True, metavar="URL",
              help="Database to copy: sqlite:///PATH, a plain path, or postgresql://…")
@click.option("--to", "target_url", required=True, metavar="URL",
              help="Database to copy into (created and migrated if needed; must be empty).")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1),
              help="Rows written per transaction.")
@handle_errors
def migrate_cmd(source_url: str, target_url: str, batch_size: int) -> None:
    """Copy every table of one database into another, then check the counts (exit 1 if any
    table differs). Moves a SQLite team onto PostgreSQL, or a PostgreSQL database back.

    \b
    Example:
      monitor migrate --from sqlite:///data/monitor.db --to postgresql://monitor@db/monitor
    """
    from monitor.store.contract import open_store
    from monitor.store.copy import copy_database, tables_to_copy, total_rows

    with open_store(source_url, must_exist=True) as source, open_store(target_url) as target:
        plan = tables_to_copy(source.tables(), target.tables())
        click.echo(f"copying {source.path} -> {target.path}", err=True)
        if sys.stderr.isatty():
            with click.progressbar(length=total_rows(source, plan), label="rows",
                                   file=sys.stderr) as bar:
                counts = copy_database(source, target, batch_size=batch_size,
                                       progress=lambda _table, n: bar.update(n))
        else:
            counts = copy_database(source, target, batch_size=batch_size)
    for count in counts:
        click.echo(f"{count.table:<16} {count.source:>10} {count.target:>10}  "
                   f"{'ok' if count.ok else 'DIFFERS'}")
    if differ := [c.table for c in counts if not c.ok]:
        fail(f"row counts differ after the copy in {', '.join(differ)}", 1)


@cli.command("worker")
@click.option("--concurrency", default=4, show_default=True, type=click.IntRange(1),
              help="Source runs this process works on at once.")
@click.option("--name", default=None, help="Worker name in the logs [default: host-pid].")
@click.option("--stalled-after", default=30.0, show_default=True, type=click.FloatRange(min=1),
              help="Seconds without a heartbeat after which a worker's run is handed on.")
@pass_app
@handle_errors
def worker_cmd(app: App, concurrency: int, name: str | None, stalled_after: float) -> None:
    """Run deferred source runs from the task queue in the PostgreSQL store, until SIGTERM or
    SIGINT. Start any number, on any machine; a source never runs twice at once.

    \b
    Example:
      MONITOR_STORAGE__URL=postgresql://monitor@db/monitor monitor worker --concurrency 4
    """
    from monitor.service.pacing import SharedHostPacer
    from monitor.service.workers import WorkerRuntime, build_queue, ensure_queue_schema
    from monitor.store.contract import open_store

    settings = app.settings
    url = settings.storage_url
    if not url.startswith(("postgresql://", "postgres://")):
        raise ConfigError(settings.config_file or "configuration",
                          "monitor worker needs a PostgreSQL store (postgresql://…)", "storage.url")
    open_store(url).close()  # the store's own tables, migrated
    ensure_queue_schema(url)
    runtime = WorkerRuntime(settings=settings, profiles=app.profiles, classify=app.classifier,
                            districts=app.districts, pacer=SharedHostPacer(url))
    queue = build_queue(url, runtime, stalled_after=stalled_after)
    asyncio.run(work(queue, concurrency=concurrency, name=name, stalled_after=stalled_after))


async def work(queue: procrastinate.App, *, concurrency: int, name: str | None = None,
               wait: bool = True, stalled_after: float = 30.0) -> None:
    """Run the queue's crawl tasks; ``wait=False`` returns once the queue is empty (tests)."""
    import os
    import socket

    from monitor.service.workers import QUEUE

    async with queue.open_async():
        await queue.run_worker_async(queues=[QUEUE], concurrency=concurrency, wait=wait,
                                     install_signal_handlers=wait,
                                     name=name or f"{socket.gethostname()}-{os.getpid()}",
                                     update_heartbeat_interval=stalled_after / 3,
                                     stalled_worker_timeout=stalled_after)
