"""Commands that run monitor as a service: the daemon and its health check."""

from __future__ import annotations

import sys

import click

from monitor.cli._app import App, cli, fail, handle_errors, pass_app

__all__: list[str] = []


@cli.command("run")
@pass_app
@handle_errors
def run_cmd(app: App) -> None:
    """Run the daemon: crawl every source on its schedule and write the daily digest.

    \b
    Example:
      monitor --config config/monitor.toml run
    SIGTERM or SIGINT stops it cleanly; SIGHUP (or saving the config file) reloads the
    configuration. A second daemon on the same database refuses to start.
    """
    import asyncio

    from monitor.service.daemon import Daemon, load_runtime
    from monitor.service.logs import setup_logging

    settings = app.settings
    if settings.storage_url.startswith("postgresql"):
        # Scaled out: this process only defers one crawl task per source run; `monitor worker`
        # processes, on any machine, run them (service/workers.py).
        from monitor.service.workers import serve_scheduler

        sys.exit(asyncio.run(serve_scheduler(settings)))
    runtime = load_runtime(app.config_path, app.db_path)
    setup_logging(runtime.settings.log.format, runtime.settings.log.level)
    sys.exit(asyncio.run(Daemon(runtime, app.config_path, app.db_path).run()))


@cli.command("health")
@click.option("--url", help="Also ask this /healthz URL (default: the configured health.listen).")
@pass_app
@handle_errors
def health_cmd(app: App, url: str | None) -> None:
    """Exit 0 when a daemon is running on the database and answers, else 1 (for HEALTHCHECK).
    On a PostgreSQL store: exit 0 when the database answers with its schema complete, and
    print its report (sources' last runs, the task queue's depth, workers alive).

    \b
    Example:
      monitor health
    """
    from monitor.service.daemon import lock_holder

    settings = app.settings
    if settings.storage_url.startswith(("postgresql://", "postgres://")):
        _cluster_health(settings.storage_url)
        return
    pid = lock_holder(settings.db_path)
    if pid is None:
        fail(f"{settings.db_path}: no daemon is running on this database", 1)
    target = url or (f"http://{settings.health.listen}/healthz" if settings.health.listen else None)
    if target:
        import httpx

        try:
            answer = httpx.get(target, timeout=3)
        except httpx.HTTPError as exc:
            fail(f"{target}: {exc}", 1)
        if answer.status_code != 200:
            fail(f"{target}: HTTP {answer.status_code}", 1)
        click.echo(answer.text)
    click.echo(f"daemon pid {pid} running on {settings.db_path}")


def _cluster_health(url: str) -> None:
    import json

    import psycopg

    from monitor.service.clusterhealth import read_cluster_health
    from monitor.store.postgres import display_url

    try:
        report = read_cluster_health(url)
    except psycopg.Error as exc:
        fail(f"{display_url(url)}: the database does not answer: {str(exc).strip()}", 1)
    click.echo(json.dumps(report, indent=2, default=str))
    if report["status"] == "down":
        fail(f"{display_url(url)}: the schema lacks {', '.join(report['missing_migrations'])}; "
             "run `monitor status` once to migrate it", 1)
    queue = report["queue"]
    click.echo(f"{report['status']}: {display_url(url)}, {report['workers_alive']} workers alive, "
               f"runs waiting {queue['todo']}, running {queue['doing']}, failed {queue['failed']}")
