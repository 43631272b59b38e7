"""Commands that write reports: the daily digest and the Atom feed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from monitor.cli._app import App, cli, handle_errors, pass_app

__all__: list[str] = []

@cli.command("digest")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day (default: yesterday in the configured time zone).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["md", "html", "json"]),
              help="Write only this format (repeatable; default: digest.formats).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write to (default: digest.out_dir, env MONITOR_REPORTS_DIR).")
@click.option("--deliver", is_flag=True, help="Also send it by the configured SMTP and webhook.")
@pass_app
@handle_errors
def digest_cmd(app: App, day: datetime | None, formats: tuple[str, ...], out_dir: Path | None,
               deliver: bool) -> None:
    """Write the daily digest: partnership announcements first, then every new article by
    district, the "to check" list, updated articles and the day's run statistics.

    \b
    Example:
      monitor digest --date 2025-03-25 --format html --out reports/
    The daemon's daily job writes the same report.
    """
    from monitor.report.deliver import deliver as send
    from monitor.report.digest import build_digest, default_day, render_json, write_digest

    settings = app.settings
    chosen = day.date() if day else default_day(settings)
    with app.store(must_exist=True) as store:
        digest = build_digest(store, chosen, settings)
        paths = write_digest(digest, store, settings, list(formats) or None, out_dir)
        for path in paths:
            click.echo(f"wrote {path}")
        if deliver:
            for result in send(paths, render_json(digest), settings, store, chosen):
                state = "sent" if result.ok else f"FAILED after {result.attempts} attempt(s): {result.error}"
                click.echo(f"{result.channel}: {state}")

@cli.command("feed")
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write (default: <digest.out_dir>/partnerships.atom); '-' for stdout.")
@click.option("--limit", type=int, help="Entries (default: digest.feed_entries).")
@pass_app
@handle_errors
def feed_cmd(app: App, out: Path | None, limit: int | None) -> None:
    """Write the Atom feed of the latest partnership announcements for feed readers.

    \b
    Example:
      monitor feed --out reports/partnerships.atom
    """
    from monitor.report.feed import render_atom, write_feed

    settings = app.settings
    with app.store(must_exist=True) as store:
        if out is not None and str(out) == "-":
            click.echo(render_atom(store, settings, limit), nl=False)
            return
        target = out or settings.digest.out_dir / "partnerships.atom"
        if limit is not None:
            settings = settings.model_copy(update={"digest": settings.digest.model_copy(
                update={"feed_entries": limit})})
        click.echo(f"wrote {write_feed(store, settings, target)}")
