"""Commands that look into the database: status and search."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import click

from monitor.cli._app import App, cli, handle_errors, pass_app

__all__: list[str] = []


@cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Same as --json when 'json'.")
@pass_app
@handle_errors
def status_cmd(app: App, as_json: bool, fmt: str) -> None:
    """What the database holds: articles per source, per publication day and per day stored,
    which day a digest covers, last ingest, source health.

    \b
    Example:
      monitor status --json
    A digest day is the day articles were first stored, in the configured time zone.
    """
    from monitor.store.contract import read_status

    settings = app.settings
    report = read_status(settings)
    report["digest"] = digest_days(report, settings.timezone, _yesterday(report["today"]))
    if as_json or fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return
    for line in status_lines(report):
        click.echo(line)


def _yesterday(today: str) -> str:
    """The day `monitor digest` covers without --date: the last complete local day."""
    return (date.fromisoformat(today) - timedelta(days=1)).isoformat()


def digest_days(report: dict[str, Any], zone: str, default_day: str) -> dict[str, Any]:
    """Which day a digest covers by default and the latest day that has articles to digest."""
    stored: dict[str, int] = report["stored_per_day"]
    latest = next(iter(stored), None)
    return {"timezone": zone, "default_day": default_day,
            "default_day_articles": stored.get(default_day, 0),
            "latest_day": latest, "latest_day_articles": stored.get(latest, 0) if latest else 0}


def _counts(per_day: dict[str, int]) -> str:
    return ", ".join(f"{day} {count}" for day, count in per_day.items()) or "none"


def status_lines(report: dict[str, Any]) -> list[str]:
    """The text form of ``monitor status``: one fact per line, sources last."""
    digest = report["digest"]
    lines = [
        f"database     {report['database']}  (schema: {', '.join(report['schema'])})",
        f"articles     {report['articles']}  ({report['tagged']} tagged as partnerships)",
        f"last ingest  {report['last_ingest'] or 'never'}",
        "per source   " + (", ".join(f"{k} {v}" for k, v in report["per_source"].items()) or "none"),
        f"published    latest days: {_counts(report['per_day'])}",
        f"stored       today ({report['today']}, {digest['timezone']}) {report['stored_today']}; "
        f"latest days: {_counts(report['stored_per_day'])}",
        _digest_line(digest),
        f"daily job    the daemon's digest covers yesterday, {digest['default_day']}: "
        f"{digest['default_day_articles']} article(s) stored that day",
    ]
    lines.extend(_frontier_lines(report))
    lines.extend(_source_lines(report["sources"]))
    return lines


def _digest_line(digest: dict[str, Any]) -> str:
    """`monitor digest` without --date covers the latest day articles were first stored."""
    if not digest["latest_day"]:
        return "digest       nothing stored yet"
    return (f"digest       `monitor digest` covers the latest day articles were stored: "
            f"monitor digest --date {digest['latest_day']}  ({digest['latest_day_articles']} article(s))")


def _frontier_lines(report: dict[str, Any]) -> list[str]:
    """What each source's crawl frontier still holds, and robots.txt trouble (issue 12)."""
    lines = []
    for name, states in sorted(report.get("frontier", {}).items()):
        held = ", ".join(f"{state} {n}" for state, n in sorted(states.items()))
        lines.append(f"frontier     {name}: {held}")
        for failure in report.get("frontier_failures", {}).get(name, [])[:3]:
            lines.append(f"  failed: {failure}")
    for name, problem in sorted(report.get("robots_problems", {}).items()):
        lines.append(f"robots.txt   {name}: {problem}")
    return lines


def _source_lines(sources: list[dict[str, Any]]) -> list[str]:
    lines = []
    for row in sources:
        lines.append(f"source {row['name']}: last success {row.get('last_success_at') or 'never'}; "
                     f"last failure {row.get('last_failure_at') or 'never'}"
                     + (f" ({row['last_failure']})" if row.get("last_failure") else "")
                     + f"; next run {row.get('next_run_at') or 'not scheduled'}"
                     + f"; articles {row.get('articles_found') or 0}")
        if row.get("profile_warning"):
            lines.append(f"  warning: {row['profile_warning']}")
        if row.get("circuit_open_until"):
            lines.append(f"  backing off until {row['circuit_open_until']}")
    return lines


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
