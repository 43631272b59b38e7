"""Commands that write reports: the daily digest and the Atom feed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from monitor.cli._app import App, cli, handle_errors, pass_app

__all__: list[str] = []


class DayParam(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    """A calendar date as YYYY-MM-DD; "2025-13-45" is refused as not being a date at all."""

    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD, e.g. 2025-03-25)", param, ctx)


@cli.command("digest")
@click.option("--date", "day", type=DayParam(),
              help="The digest day: articles first stored on that day in the configured time zone "
                   "(default: the latest day on which articles were stored).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["md", "html", "json"]),
              help="Write only this format (repeatable; default: digest.formats).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write to (default: digest.out_dir, env MONITOR_REPORTS_DIR).")
@click.option("--deliver", is_flag=True, help="Also send it by the configured SMTP and webhook.")
@pass_app
@handle_errors
def digest_cmd(app: App, day: date | None, formats: tuple[str, ...], out_dir: Path | None,
               deliver: bool) -> None:
    """Write the daily digest: partnership announcements first, the "to check" list, then every
    new article by district, updated articles and the day's run statistics.

    A digest day is the day articles were first *stored* by monitor (a replay or a crawl), in
    the configured time zone (timezone, default Asia/Shanghai): not the day they were published.
    Without --date, the latest day on which articles were stored, so the first digest after
    `monitor replay fixtures/` shows the replayed articles. Reviews from the workspace win.

    \b
    Example:
      monitor digest                      # the latest day with new articles
      monitor digest --date 2025-03-25 --format html --out reports/
    The daemon's daily job writes the digest of the day before, at digest.time.
    """
    from monitor.report.deliver import deliver as send
    from monitor.report.digest import build_digest, latest_day, render_json, write_digest

    settings = app.settings
    with app.store(must_exist=True) as store:
        chosen = day or latest_day(store, settings.tz)
        if chosen is None:
            click.echo("monitor: the database holds no articles yet; the digest is empty", err=True)
            chosen = date.today()
        digest = build_digest(store, chosen, settings)
        if day and not digest.counts.new:
            hint = latest_day(store, settings.tz)
            click.echo(f"monitor: no articles were first stored on {chosen} ({settings.timezone})"
                       + (f"; the latest day with new articles is {hint}" if hint else ""), err=True)
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
