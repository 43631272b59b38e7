"""Commands for running monitor on more than one machine: migrate (copy a database)."""

from __future__ import annotations

import sys

import click

from monitor.cli._app import cli, fail, handle_errors

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
