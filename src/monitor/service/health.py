"""The daemon's health: counters in Prometheus text format, and a loopback /healthz + /metrics.

Written by hand rather than with prometheus_client: a handful of counters and one tiny asyncio
server are less code than adapting that library's threaded server to the daemon's event loop.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from monitor.models import RunStats

__all__ = ["HealthServer", "Metrics"]

_HELP = {
    "monitor_requests_total": ("counter", "HTTP requests sent, by source and outcome."),
    "monitor_articles_stored_total": ("counter", "Articles written, by source and change (new, updated)."),
    "monitor_articles_tagged_total": ("counter", "Articles tagged as partnership announcements."),
    "monitor_run_failures_total": ("counter", "Source runs that ended with failures."),
    "monitor_runs_total": ("counter", "Source runs finished."),
    "monitor_run_duration_seconds_sum": ("counter", "Total seconds spent in source runs."),
    "monitor_last_success_timestamp_seconds": ("gauge", "Unix time of the last run without failures."),
    "monitor_up": ("gauge", "1 while the daemon is running."),
}


def _labels(labels: tuple[tuple[str, str], ...]) -> str:
    if not labels:
        return ""
    inner = ",".join(f'{k}="{v.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
                     for k, v in labels)
    return "{" + inner + "}"


class Metrics:
    """Counters the daemon updates after each source run."""

    def __init__(self) -> None:
        self.values: dict[str, dict[tuple[tuple[str, str], ...], float]] = defaultdict(dict)
        self.started = time.time()
        self.set("monitor_up", 1)

    def add(self, name: str, amount: float = 1, **labels: str) -> None:
        key = tuple(sorted(labels.items()))
        self.values[name][key] = self.values[name].get(key, 0) + amount

    def set(self, name: str, value: float, **labels: str) -> None:
        self.values[name][tuple(sorted(labels.items()))] = value

    def observe_run(self, stats: RunStats, outcomes: dict[str, int]) -> None:
        source = stats.source
        for outcome, count in outcomes.items():
            self.add("monitor_requests_total", count, source=source, outcome=outcome)
        self.add("monitor_articles_stored_total", stats.stored_new, source=source, change="new")
        self.add("monitor_articles_stored_total", stats.updated, source=source, change="updated")
        self.add("monitor_articles_tagged_total", stats.tagged, source=source)
        self.add("monitor_runs_total", 1, source=source)
        if stats.finished_at:
            seconds = (stats.finished_at - stats.started_at).total_seconds()
            self.add("monitor_run_duration_seconds_sum", seconds, source=source)
        if stats.ok:
            self.set("monitor_last_success_timestamp_seconds", time.time(), source=source)
        else:
            self.add("monitor_run_failures_total", 1, source=source)

    def render(self) -> str:
        lines: list[str] = []
        for name in sorted(self.values):
            kind, text = _HELP.get(name, ("untyped", name))
            lines += [f"# HELP {name} {text}", f"# TYPE {name} {kind}"]
            lines += [f"{name}{_labels(k)} {v:g}" for k, v in sorted(self.values[name].items())]
        return "\n".join(lines) + "\n"


class HealthServer:
    """Answers GET /healthz (JSON, 200 or 503) and GET /metrics on a loopback address."""

    def __init__(self, listen: str, health: Callable[[], dict[str, Any]], metrics: Metrics) -> None:
        host, _, port = listen.rpartition(":")
        self.host, self.port = host or "127.0.0.1", int(port)
        self._health = health
        self._metrics = metrics
        self._server: asyncio.base_events.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readline(), timeout=5)
            while (await asyncio.wait_for(reader.readline(), timeout=5)) not in (b"\r\n", b"\n", b""):
                pass
            status, kind, body = self._answer(request.decode("latin-1").split(" "))
            head = (f"HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n"
                    "Connection: close\r\n\r\n")
            writer.write(head.encode("ascii") + body)
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    def _answer(self, parts: list[str]) -> tuple[str, str, bytes]:
        path = parts[1] if len(parts) > 1 else "/"
        if parts[0] != "GET":
            return "405 Method Not Allowed", "text/plain", b"GET only\n"
        if path == "/healthz":
            report = self._health()
            status = "200 OK" if report.get("status") != "down" else "503 Service Unavailable"
            return status, "application/json", json.dumps(report, default=str).encode()
        if path == "/metrics":
            return "200 OK", "text/plain; version=0.0.4", self._metrics.render().encode()
        return "404 Not Found", "text/plain", b"try /healthz or /metrics\n"
