"""Commands of the analyst's workspace: serve it, and use its reviews as data."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from monitor.cli._app import App, cli, fail, handle_errors, pass_app

__all__: list[str] = []


@cli.command("serve")
@click.option("--listen", metavar="HOST:PORT",
              help="Address to serve on (default: web.serve_listen, 127.0.0.1:8080). Anything but "
                   "loopback needs web.users or a token.")
@click.option("--hash-password", is_flag=True,
              help="Read a password from the terminal, print its hash for [web.users], and exit.")
@pass_app
@handle_errors
def serve_cmd(app: App, listen: str | None, hash_password: bool) -> None:
    """Serve the workspace: the day page at /, search, one page per article with review
    actions, sources, the JSON API under /api/, /feed.atom, /healthz and /metrics.

    \b
    Example:
      monitor serve                      # http://127.0.0.1:8080/
      MONITOR_WEB_TOKEN=… monitor serve --listen 0.0.0.0:8080
    """
    if hash_password:
        from monitor.web.auth import hash_password as make_hash

        click.echo(make_hash(click.prompt("Password", hide_input=True, confirmation_prompt=True)))
        return
    import uvicorn

    from monitor.config import WebSettings
    from monitor.web.app import create_app
    from monitor.web.auth import Auth, split_listen

    settings = app.settings
    address = listen or settings.web.serve_listen
    try:
        WebSettings(serve_listen=address)
    except ValueError:
        fail(f"--listen: {address!r} is not HOST:PORT (e.g. 127.0.0.1:8080)", 2)
    host, port = split_listen(address)
    auth = Auth.for_listen(settings.web, host, settings.config_file or "configuration")
    with app.store(must_exist=True):
        pass  # a mistyped --db is an error here, not a new empty database
    click.echo(f"monitor workspace on http://{address}/ (Ctrl-C stops it)", err=True)
    uvicorn.run(create_app(settings, auth), host=host, port=port, log_level="warning")


@cli.command("export-reviews")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write (default: stdout).")
@pass_app
@handle_errors
def export_reviews_cmd(app: App, out: Path | None) -> None:
    """Write every reviewed article as JSON lines in the labelled corpus's format (url, text,
    partnership, parties, kind, sectors, district, date, note), reviewed values winning.

    \b
    Example:
      monitor export-reviews --out reviews.jsonl
    """
    from monitor.report.deliver import write_atomic
    from monitor.report.reviews import corpus_rows

    with app.store(must_exist=True) as store:
        lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in corpus_rows(store))
    if out is None:
        sys.stdout.write(lines)
    else:
        write_atomic(out, lines)
        click.echo(f"wrote {out} ({lines.count(chr(10))} reviewed articles)", err=True)


@cli.command("eval")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@pass_app
@handle_errors
def eval_cmd(app: App, as_json: bool) -> None:
    """How well the classifier's current verdicts agree with the reviews in the database:
    verdict precision, recall and F1, and party agreement. Run `monitor reclassify` first to
    check a rules change against the team's reviews.

    \b
    Example:
      monitor eval
    """
    from monitor.report.reviews import evaluate, format_eval

    with app.store(must_exist=True) as store:
        result = evaluate(store)
    click.echo(json.dumps(result) if as_json else format_eval(result))
