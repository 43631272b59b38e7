"""The daemon's health: Prometheus counters (prometheus-client) and the server for /healthz,
/metrics and, when ``web.listen`` is set, the whole workspace.

One ASGI application answers all of them (uvicorn in the daemon's own event loop): with the
workspace on, /healthz and /metrics are two of its routes; with only ``health.listen`` set, a
two-route application serves just those. uvicorn's own signal handling is turned off, so
SIGTERM, SIGINT and SIGHUP stay the daemon's.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from monitor.models import RunStats

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from monitor.config import Settings

__all__ = ["HealthServer", "Metrics", "health_app"]


class Metrics:
    """The counters: per-run figures the daemon adds, and the web app's request timings. Each
    instance has its own registry, so tests and several apps never share counts."""

    def __init__(self) -> None:
        # Imported here: `monitor health` and the other commands that load the daemon module
        # never build counters, and should not pay for the library at start-up.
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter("monitor_requests", "HTTP requests sent, by source and outcome.",
                                ["source", "outcome"], registry=r)
        self.stored = Counter("monitor_articles_stored", "Articles written, by source and change "
                              "(new, updated).", ["source", "change"], registry=r)
        self.tagged = Counter("monitor_articles_tagged", "Articles tagged as partnership "
                              "announcements.", ["source"], registry=r)
        self.failures = Counter("monitor_run_failures", "Source runs that ended with failures.",
                                ["source"], registry=r)
        self.runs = Counter("monitor_runs", "Source runs finished.", ["source"], registry=r)
        self.duration = Counter("monitor_run_duration_seconds", "Seconds spent in source runs.",
                                ["source"], registry=r)
        self.last_success = Gauge("monitor_last_success_timestamp_seconds",
                                  "Unix time of the last run without failures.", ["source"], registry=r)
        self.up = Gauge("monitor_up", "1 while monitor is running.", registry=r)
        self.web = Histogram("monitor_web_request_seconds", "Workspace responses, by route, "
                             "method and status.", ["route", "method", "status"], registry=r,
                             buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5))
        self.up.set(1)

    def observe_run(self, stats: RunStats, outcomes: dict[str, int]) -> None:
        source = stats.source
        for outcome, count in outcomes.items():
            self.requests.labels(source, outcome).inc(count)
        self.stored.labels(source, "new").inc(stats.stored_new)
        self.stored.labels(source, "updated").inc(stats.updated)
        self.tagged.labels(source).inc(stats.tagged)
        self.runs.labels(source).inc()
        if stats.finished_at:
            self.duration.labels(source).inc((stats.finished_at - stats.started_at).total_seconds())
        if stats.ok:
            self.last_success.labels(source).set_to_current_time()
        else:
            self.failures.labels(source).inc()

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.web.labels(route, method, str(status)).observe(seconds)

    def exposition(self) -> tuple[bytes, str]:
        """The Prometheus text format and its content type."""
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return generate_latest(self.registry), CONTENT_TYPE_LATEST

    def render(self) -> str:
        return self.exposition()[0].decode("utf-8")


def health_app(health: Callable[[], dict[str, Any]], metrics: Metrics) -> Starlette:
    """Just /healthz and /metrics, for a daemon whose workspace is off."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    async def healthz(_request: Request) -> Response:
        report = json.loads(json.dumps(health(), default=str))
        return JSONResponse(report, 503 if report.get("status") == "down" else 200)

    async def metrics_view(_request: Request) -> Response:
        body, kind = metrics.exposition()
        return Response(body, media_type=kind)

    return Starlette(routes=[Route("/healthz", healthz), Route("/metrics", metrics_view)])


class HealthServer:
    """Serves the workspace (``settings`` given) or just /healthz and /metrics on ``listen``.
    With the workspace, a non-loopback address without authentication is refused (ConfigError)."""

    def __init__(self, listen: str, health: Callable[[], dict[str, Any]], metrics: Metrics,
                 settings: Settings | None = None) -> None:
        from monitor.web.auth import split_listen

        self.host, self.port = split_listen(listen)
        self._health, self._metrics, self._settings = health, metrics, settings
        self._server: Any = None
        self._task: asyncio.Task[None] | None = None

    def _app(self) -> Any:
        if self._settings is None:
            return health_app(self._health, self._metrics)
        from monitor.web.app import create_app
        from monitor.web.auth import Auth

        auth = Auth.for_listen(self._settings.web, self.host, self._settings.config_file or "configuration")
        return create_app(self._settings, auth, metrics=self._metrics, health=self._health)

    async def start(self) -> None:
        import uvicorn

        config = uvicorn.Config(self._app(), host=self.host, port=self.port, log_level="warning",
                                access_log=False, lifespan="on")
        self._server = _QuietServer(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():  # could not bind: surface the error
                self._task.result()
                raise OSError(f"could not listen on {self.host}:{self.port}")
            await asyncio.sleep(0.01)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task


def _QuietServer(config: Any) -> Any:  # builds the class below on first use
    return _quiet_server_class()(config)


@functools.cache
def _quiet_server_class() -> type:
    import uvicorn

    class QuietServer(uvicorn.Server):
        """uvicorn without its signal handlers: the daemon owns SIGTERM, SIGINT and SIGHUP."""

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

    return QuietServer
