"""Polite HTTP: per-host pacing, robots.txt, conditional GET, retries, limits, a circuit breaker.

The Fetcher wraps an ``httpx.AsyncClient`` that the caller builds, so tests and replay hand it a
``MockTransport`` and nothing here opens a socket on its own. Every attempt lands in
``Fetcher.log`` (flushed to the fetch_log table by the pipeline), and every page that is not
returned carries a named outcome: ``not-modified``, ``robots-denied``, ``too-large``,
``bad-content-type``, ``off-site-redirect``, ``too-many-redirects``, ``circuit-open``,
``retry-after-too-long``, ``http-error``, ``network-error``, ``deadline``, ``bad-url``,
``bad-redirect``, ``bad-encoding``, ``robots-unavailable``.

Whatever a server sends, one request costs bounded time (an overall deadline, not only a read
timeout a byte-a-second drip resets) and bounded memory (bodies are inflated here, a slice at a
time, and cut at ``max_body_bytes``). A bad URL costs that URL only: no exception from the URL or
socket layer leaves ``Fetcher.get``.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
import zlib
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

import httpx

from monitor.config import FetchSettings
from monitor.crawl.inflate import ACCEPTED_ENCODINGS, Inflater, UnsupportedEncoding
from monitor.crawl.robots import RobotsRules, parse_robots, rules_for_failure, rules_for_status
from monitor.models import FetchLogEntry
from monitor.urls import host_of, is_allowed, try_canonicalize

__all__ = ["FetchResult", "Fetcher", "HostPacer", "HostPolicy", "build_client", "parse_retry_after"]

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# What httpx and the socket layer raise for a URL no request can be made for (a port past
# 65535 reaches the socket as an OverflowError).
_BAD_URL_ERRORS = (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, OverflowError,
                   UnicodeError)


@dataclass
class FetchResult:
    url: str
    final_url: str
    outcome: str
    status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def charset(self) -> str | None:
        content_type = self.headers.get("content-type", "")
        for part in content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"'")
        return None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


@dataclass
class HostPolicy:
    delay: float
    concurrency: int


class HostPacer(Protocol):
    """Politeness shared with other processes (service/pacing.py): one of a host's slots while a
    request runs, and its turn ``delay`` after the one before, whoever else fetches from it."""

    def slot(self, host: str, concurrency: int) -> AbstractAsyncContextManager[None]: ...

    async def turn(self, host: str, delay: float) -> None: ...


@dataclass
class _HostState:
    semaphore: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_at: float = 0.0
    failures: int = 0
    open_until: float = 0.0


def build_client(settings: FetchSettings, transport: httpx.AsyncBaseTransport | None = None
                 ) -> httpx.AsyncClient:
    """The client monitor fetches with; redirects are followed by hand to check each hop."""
    if transport is None:  # perf: the configured transport (fetch.transport), see transport.py
        from monitor.crawl.transport import choose_transport

        transport = choose_transport(settings)
    timeout = httpx.Timeout(settings.timeout_read, connect=settings.timeout_connect)
    headers = {"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPTED_ENCODINGS,
               "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"}
    return httpx.AsyncClient(transport=transport, timeout=timeout, follow_redirects=False,
                             headers=headers)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else time.time()
    return max(0.0, when.timestamp() - current)


class Fetcher:
    """One per run (or per daemon): holds host pacing, robots and breaker state."""

    def __init__(self, client: httpx.AsyncClient, settings: FetchSettings, *,
                 polite: bool = True, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 rng: random.Random | None = None, pacer: HostPacer | None = None) -> None:
        self.client = client
        self.pacer = pacer if polite else None
        self.settings = settings
        self.polite = polite
        self.log: list[FetchLogEntry] = []
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self._hosts: dict[str, _HostState] = {}
        self._policies: dict[str, HostPolicy] = {}
        self._robots: dict[str, RobotsRules] = {}
        self.requests = 0  # exchanges sent, robots.txt included
        # Per host, what a run's record must say: robots.txt unusable, Crawl-delay capped.
        self.notes: dict[str, str] = {}

    # -- configuration per host ------------------------------------------------------------------

    def set_policy(self, host: str, policy: HostPolicy) -> None:
        self._policies[host.lower()] = policy

    def _policy(self, host: str) -> HostPolicy:
        return self._policies.get(host, HostPolicy(self.settings.delay_per_host,
                                                   self.settings.concurrency_per_host))

    def _state(self, host: str) -> _HostState:
        if host not in self._hosts:
            self._hosts[host] = _HostState(asyncio.Semaphore(self._policy(host).concurrency))
        return self._hosts[host]

    def circuit_open_until(self, host: str) -> datetime | None:
        """When a failing host will be tried again, or None while its circuit is closed."""
        state = self._hosts.get(host)
        if state is None or state.open_until <= self._clock():
            return None
        return datetime.now(UTC) + timedelta(seconds=state.open_until - self._clock())

    # -- the public call ------------------------------------------------------------------------

    async def get(self, url: str, *, domains: list[str], source: str | None = None,
                  etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """Fetch one URL within ``domains``; never raises for network or HTTP trouble."""
        host = host_of(url)
        state = self._state(host)
        if state.open_until > self._clock():
            return self._skip(url, source, "circuit-open", f"host {host} is failing; backing off")
        if self.settings.respect_robots:
            rules = await self.robots_for(url, source)
            if rules.problem and rules.deny_all:
                return self._skip(url, source, "robots-unavailable", rules.problem)
            if not rules.allows(url, self.settings.user_agent):
                return self._skip(url, source, "robots-denied", "disallowed by robots.txt")
        async with state.semaphore, self._shared_slot(host):
            result = await self._with_retries(url, domains, source, etag, last_modified)
        self._track_health(state, result)
        return result

    def _skip(self, url: str, source: str | None, outcome: str, why: str) -> FetchResult:
        self._record(url, source, None, 0, 0.0, 0, outcome, why)
        return FetchResult(url=url, final_url=url, outcome=outcome, error=why)

    def _track_health(self, state: _HostState, result: FetchResult) -> None:
        if result.outcome in ("network-error", "http-error", "deadline") and (result.status or 500) >= 500:
            state.failures += 1
            if state.failures >= self.settings.circuit_failures:
                state.open_until = self._clock() + self.settings.circuit_cooldown
        elif result.status is not None and result.status < 500:
            state.failures = 0
            state.open_until = 0.0

    # -- robots.txt -------------------------------------------------------------------------------

    async def robots_for(self, url: str, source: str | None = None) -> RobotsRules:
        host = host_of(url)
        cached = self._robots.get(host)
        if cached and self._clock() - cached.fetched_at < self.settings.robots_ttl:
            return cached
        scheme = url.split(":", 1)[0]
        netloc = url.split("/")[2]
        robots_url = f"{scheme}://{netloc}/robots.txt"
        async with self._shared_slot(host):
            result = await self._with_retries(robots_url, [host], source, None, None, retries=1,
                                              limit=self.settings.robots_max_bytes)
        now = self._clock()
        if result.ok:
            rules = parse_robots(result.body.decode("utf-8", "replace"), now)
        elif result.outcome == "too-large":
            # RFC 9309 2.5: parse at least the first 500 KiB; what lies beyond is not read.
            rules = parse_robots(result.body.decode("utf-8", "replace"), now)
            rules = RobotsRules(rules.parser, problem=f"robots.txt over {self.settings.robots_max_bytes}"
                                " bytes; only its beginning was read", fetched_at=now)
        elif result.status is not None and result.status < 500 and result.outcome == "http-error":
            rules = rules_for_status(result.status, now)
        else:
            rules = rules_for_failure(f"{result.outcome}{f' ({result.error})' if result.error else ''}", now)
        if rules.problem:
            self.notes[host] = f"{robots_url}: {rules.problem}"
        else:
            self.notes.pop(host, None)
        self._robots[host] = rules
        return rules

    # -- pacing, retries, one exchange ------------------------------------------------------------

    def _shared_slot(self, host: str) -> AbstractAsyncContextManager[object]:
        if self.pacer is None:
            return nullcontext()
        return self.pacer.slot(host, self._policy(host).concurrency)

    async def _pace(self, host: str) -> None:
        """Space requests to one host by the configured delay, or robots' Crawl-delay if longer."""
        if not self.polite:
            return
        state = self._state(host)
        delay = self._policy(host).delay
        robots = self._robots.get(host)
        if robots and (asked := robots.crawl_delay(self.settings.user_agent)):
            delay = max(delay, self._capped_delay(host, asked))
        if self.pacer is not None:  # the cluster's turn order replaces this process's own
            await self.pacer.turn(host, delay)
            return
        async with state.lock:
            wait = state.next_at - self._clock()
            if wait > 0:
                await self._sleep(wait)
            state.next_at = self._clock() + delay

    def _capped_delay(self, host: str, asked: float) -> float:
        """Honour Crawl-delay up to ``crawl_delay_max``; a longer one would stall the run."""
        ceiling = self.settings.crawl_delay_max
        if asked <= ceiling:
            return asked
        self.notes.setdefault(f"{host} crawl-delay",
                              f"{host}: robots.txt asks Crawl-delay {asked:g} s; capped at {ceiling:g} s")
        return ceiling

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.settings.backoff_max, self.settings.backoff_base * 2.0 ** (attempt - 1))
        return float(ceiling * (0.5 + self._rng.random() / 2))

    async def _with_retries(self, url: str, domains: list[str], source: str | None,
                            etag: str | None, last_modified: str | None,
                            retries: int | None = None, limit: int | None = None) -> FetchResult:
        attempts = 1 + (self.settings.retries if retries is None else retries)
        result = FetchResult(url=url, final_url=url, outcome="network-error")
        for attempt in range(1, attempts + 1):
            await self._pace(host_of(url))
            result = await self._follow(url, domains, source, etag, last_modified, attempt, limit)
            if not self._retryable(result) or attempt == attempts:
                return result
            wait = self._backoff(attempt)
            if result.status in (429, 503):
                asked = parse_retry_after(result.headers.get("retry-after"))
                if asked is not None and asked > self.settings.retry_after_max:
                    result.outcome = "retry-after-too-long"
                    result.error = f"server asked to wait {asked:.0f} s"
                    return result
                wait = max(wait, asked or 0.0)
            await self._sleep(wait)
        return result

    @staticmethod
    def _retryable(result: FetchResult) -> bool:
        return result.outcome == "network-error" or (
            result.outcome == "http-error" and result.status in _RETRY_STATUSES)

    async def _follow(self, url: str, domains: list[str], source: str | None, etag: str | None,
                      last_modified: str | None, attempt: int, limit: int | None) -> FetchResult:
        current = url
        for _ in range(self.settings.max_redirects + 1):
            result = await self._exchange(url, current, source, etag, last_modified, attempt, limit)
            if result.status not in _REDIRECTS or "location" not in result.headers:
                return result
            # The hop is checked in its canonical form but followed as the server wrote it:
            # canonical forms add a trailing slash, and "/page" and "/page/" may differ.
            try:
                target: str | None = str(httpx.URL(current).join(result.headers["location"]))
                if target is not None and try_canonicalize(target) is None:
                    target = None
            except _BAD_URL_ERRORS:
                target = None
            if target is None:
                result.outcome = "bad-redirect"
                result.error = f"redirect to an unusable URL {result.headers['location'][:80]!r}"
                return result
            if not is_allowed(target, domains):
                result.outcome, result.error = "off-site-redirect", f"redirect to {target}"
                return result
            current = target
        return FetchResult(url=url, final_url=current, outcome="too-many-redirects",
                           error=f"more than {self.settings.max_redirects} redirects")

    async def _exchange(self, url: str, current: str, source: str | None, etag: str | None,
                        last_modified: str | None, attempt: int, limit: int | None) -> FetchResult:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.perf_counter()
        self.requests += 1
        try:
            async with asyncio.timeout(self.settings.request_deadline):
                async with self.client.stream("GET", current, headers=headers) as response:
                    result = await self._read(url, current, response, limit)
        except TimeoutError:
            result = FetchResult(url=url, final_url=current, outcome="deadline",
                                 error=f"no complete answer within {self.settings.request_deadline:g} s")
        except httpx.HTTPError as exc:
            # httpx reads the Location header of every 3xx itself, and says so this way.
            bad_location = "location header" in str(exc).lower()
            result = FetchResult(url=url, final_url=current,
                                 outcome="bad-redirect" if bad_location else "network-error",
                                 error=f"{type(exc).__name__}: {exc}".strip(": ")[:300])
        except _BAD_URL_ERRORS as exc:
            result = FetchResult(url=url, final_url=current, outcome="bad-url",
                                 error=f"{type(exc).__name__}: {exc}"[:300])
        elapsed = (time.perf_counter() - started) * 1000
        self._record(current, source, result.status, len(result.body), elapsed, attempt,
                     result.outcome, result.error)
        return result

    async def _read(self, url: str, current: str, response: httpx.Response,
                    limit: int | None) -> FetchResult:
        result = FetchResult(url=url, final_url=current, outcome="ok", status=response.status_code,
                             headers={k.lower(): v for k, v in response.headers.items()})
        status = response.status_code
        if status == 304:
            result.outcome = "not-modified"
        elif status in _REDIRECTS:
            result.outcome = "redirect"
        elif status >= 400:
            result.outcome, result.error = "http-error", f"HTTP {status}"
        elif not self._content_type_ok(result.headers.get("content-type", "")):
            result.outcome = "bad-content-type"
            result.error = f"content-type {result.headers.get('content-type')!r}"
        else:
            await self._read_body(response, result, limit or self.settings.max_body_bytes,
                                  keep_prefix=limit is not None)
        return result

    def _content_type_ok(self, content_type: str) -> bool:
        kind = content_type.split(";", 1)[0].strip().lower()
        return not kind or kind in self.settings.allowed_content_types or kind == "text/plain"

    async def _read_body(self, response: httpx.Response, result: FetchResult, limit: int, *,
                         keep_prefix: bool = False) -> None:
        """Stream and inflate the body, stopping at the size limit instead of holding a huge
        page; with ``keep_prefix`` the first ``limit`` bytes stay in ``result.body`` (robots.txt
        is read up to its limit, RFC 9309 2.5)."""
        declared = response.headers.get("content-length", "")
        if (declared.isdigit() and int(declared) > limit and not keep_prefix
                and "content-encoding" not in response.headers):
            result.outcome, result.error = "too-large", f"content-length {declared} > {limit}"
            return
        if response.is_stream_consumed:  # an in-memory transport (MockTransport) read it already
            result.body = response.content[:limit]
            if len(response.content) > limit:
                result.outcome, result.error = "too-large", f"body over {limit} bytes"
                result.body = result.body if keep_prefix else b""
            return
        try:
            inflater = Inflater(response.headers.get("content-encoding", ""))
        except UnsupportedEncoding as exc:
            result.outcome, result.error = "bad-encoding", str(exc)
            return
        chunks: list[bytes] = []
        size = 0
        try:
            async for raw in response.aiter_raw():
                for piece in inflater.feed(raw):
                    if size + len(piece) > limit:
                        chunks.append(piece[: limit - size])
                        result.body = b"".join(chunks) if keep_prefix else b""
                        result.outcome, result.error = "too-large", f"body over {limit} bytes"
                        return
                    size += len(piece)
                    chunks.append(piece)
        except zlib.error as exc:
            result.outcome, result.error = "bad-encoding", f"corrupt compressed body: {exc}"
            return
        result.body = b"".join(chunks)

    def _record(self, url: str, source: str | None, status: int | None, size: int,
                elapsed_ms: float, attempt: int, outcome: str, error: str | None) -> None:
        self.log.append(FetchLogEntry(url=url[:2000], source=source, status=status, bytes=size,
                                      duration_ms=round(elapsed_ms, 2), attempt=attempt,
                                      outcome=outcome, error=error,
                                      fetched_at=datetime.now(UTC)))

    def drain_log(self) -> list[FetchLogEntry]:
        entries, self.log = self.log, []
        return entries
