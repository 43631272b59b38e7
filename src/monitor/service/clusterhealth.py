"""What `monitor health` reports for a scaled-out set-up, where the PostgreSQL store, not one
daemon's lock file, is what every process shares.

The same facts a daemon's /healthz gives on SQLite (sources' last runs, which of them fail),
plus what only the cluster has: the schema's migrations, the task queue's depth (source runs
waiting, running, failed) and how many workers sent a heartbeat lately. It reads and never
writes: a health check must not migrate or lock anything. ``summarize`` is pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["QUEUE_STATES", "read_cluster_health", "summarize"]

QUEUE_STATES = ("todo", "doing", "failed")
_SOURCE_COLUMNS = ("last_run_at", "last_success_at", "last_failure_at", "last_failure", "next_run_at")


def summarize(*, migrations: Sequence[str], expected: Sequence[str],
              sources: Sequence[Mapping[str, Any]], queue: Mapping[str, int],
              workers_alive: int) -> dict[str, Any]:
    """The report: "down" when the schema lacks migrations, "degraded" when a source's last run
    failed or runs wait with no worker alive, else "ok"."""
    missing = [name for name in expected if name not in migrations]
    failing = [row["name"] for row in sources
               if (row.get("last_failure_at") or "") > (row.get("last_success_at") or "")]
    stranded = bool(queue.get("todo")) and workers_alive == 0
    status = "down" if missing else "degraded" if failing or stranded else "ok"
    return {"status": status, "schema": list(migrations), "missing_migrations": missing,
            "failing_sources": failing, "queue": {state: queue.get(state, 0) for state in QUEUE_STATES},
            "workers_alive": workers_alive,
            "sources": {row["name"]: {k: row.get(k) for k in _SOURCE_COLUMNS} for row in sources}}


def read_cluster_health(url: str, *, heartbeat_within: float = 30.0) -> dict[str, Any]:
    """Read the report from the store at ``url``; psycopg's errors pass to the caller."""
    import psycopg
    from psycopg.rows import dict_row

    from monitor.service.workers import RUN_SOURCE
    from monitor.store.postgres import MIGRATIONS

    with psycopg.connect(url, row_factory=dict_row, connect_timeout=5, autocommit=True) as conn:
        def exists(table: str) -> bool:
            row = conn.execute("select to_regclass(%s) is not null as found", [table]).fetchone()
            return bool(row and row["found"])

        migrations = [row["name"] for row in conn.execute(
            "select name from _monitor_migrations order by name")] if exists("_monitor_migrations") else []
        sources = list(conn.execute("select * from sources order by name")) if exists("sources") else []
        queue: dict[str, int] = {}
        workers = 0
        if exists("procrastinate_jobs"):
            queue = {row["status"]: row["n"] for row in conn.execute(
                "select status::text as status, count(*) as n from procrastinate_jobs "
                "where task_name = %s group by 1", [RUN_SOURCE])}
            workers = conn.execute(
                "select count(*) as n from procrastinate_workers where last_heartbeat > "
                "now() - make_interval(secs => %s)", [heartbeat_within]).fetchone()["n"]  # type: ignore[index]
    return summarize(migrations=migrations, expected=[m.__name__ for m in MIGRATIONS],
                     sources=sources, queue=queue, workers_alive=workers)
