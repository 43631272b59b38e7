"""Commands that look into the database: status and search."""

from __future__ import annotations

import json

import click

from monitor.cli._app import App, cli, handle_errors, pass_app

__all__: list[str] = []


@cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_app
@handle_errors
def status_cmd(app: App, as_json: bool) -> None:
    """What the database holds: articles per source and per day, last ingest, source health.

    \b
    Example:
      monitor status --json
    """
    with app.store(must_exist=True) as store:
        report = store.status(app.settings.tz)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"database     {report['database']}  (schema: {', '.join(report['schema'])})")
    click.echo(f"articles     {report['articles']}  ({report['tagged']} tagged as partnerships)")
    click.echo(f"last ingest  {report['last_ingest'] or 'never'}")
    click.echo("per source   " + (", ".join(f"{k} {v}" for k, v in report["per_source"].items()) or "none"))
    click.echo("last 7 days  " + (", ".join(f"{k} {v}" for k, v in report["per_day"].items()) or "none"))
    for row in report["sources"]:
        click.echo(f"source {row['name']}: last success {row.get('last_success_at') or 'never'}; "
                   f"last failure {row.get('last_failure_at') or 'never'}"
                   + (f" ({row['last_failure']})" if row.get("last_failure") else "")
                   + f"; next run {row.get('next_run_at') or 'not scheduled'}"
                   + f"; articles {row.get('articles_found') or 0}")
        if row.get("profile_warning"):
            click.echo(f"  warning: {row['profile_warning']}")
        if row.get("circuit_open_until"):
            click.echo(f"  backing off until {row['circuit_open_until']}")

@cli.command("search", context_settings={"ignore_unknown_options": True})
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit: id, title, date, url.")
@pass_app
@handle_errors
def search_cmd(app: App, query: str, limit: int, as_json: bool) -> None:
    """Full-text search over titles, ledes and bodies, best match first.

    \b
    Example:
      monitor search 'Fudan "cooperation agreement"'
    \b
    Syntax: words must all appear (stemmed: signs finds signed); "a phrase" in
    that order; A OR B either; -word leaves out.
    No hits: a note on stderr, exit 0.
    """
    with app.store(must_exist=True) as store:
        rows = store.search(query, limit=limit)
    if not rows:
        click.echo(f"no article matches {query!r}", err=True)
    for row in rows:
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            click.echo(f"{row['date'] or '----------'}  {row['title']}  {row['url']}")
