"""The aiohttp transport under the httpx client, against a small HTTP server of ours on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from monitor.config import FetchSettings, load_settings
from monitor.crawl.fetch import Fetcher, FetchResult, build_client
from monitor.crawl.transport import AiohttpTransport, choose_transport

PAGE = b"<html><head><title>Qingpu signs with Fudan</title></head><body><p>Body.</p></body></html>"
seen_headers: list[dict[str, str]] = []


def _reply(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"",
           headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    for key, value in {"Content-Type": "text/html; charset=utf-8", **(headers or {})}.items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _page(h: BaseHTTPRequestHandler) -> None:
    if h.headers.get("If-None-Match") == '"v1"':
        _reply(h, 304, headers={"ETag": '"v1"'})
    else:
        _reply(h, 200, PAGE, {"ETag": '"v1"'})


def _slow(h: BaseHTTPRequestHandler) -> None:
    time.sleep(1.0)
    with contextlib.suppress(OSError):  # the client has given up by now
        _reply(h, 200, PAGE)


def _hang_up(h: BaseHTTPRequestHandler) -> None:
    h.close_connection = True
    h.connection.shutdown(socket.SHUT_RDWR)


ROUTES: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {
    "/page": _page,
    "/moved": lambda h: _reply(h, 302, headers={"Location": "/page"}),
    "/gzip": lambda h: _reply(h, 200, gzip.compress(PAGE), {"Content-Encoding": "gzip"}),
    "/cookie": lambda h: _reply(h, 200, PAGE, {"Set-Cookie": "session=abc; Path=/"}),
    "/big": lambda h: _reply(h, 200, b"<p>x</p>" * 20_000),
    "/slow": _slow,
    "/hang-up": _hang_up,
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        seen_headers.append({k.lower(): v for k, v in self.headers.items()})
        ROUTES.get(self.path, lambda h: _reply(h, 404, b"no"))(self)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def settings_for(transport: str = "aiohttp", **overrides: Any) -> FetchSettings:
    return FetchSettings(transport=transport, retries=0, respect_robots=False, **overrides)


def fetch(url: str, settings: FetchSettings | None = None, etag: str | None = None) -> FetchResult:
    settings = settings or settings_for()

    async def go() -> FetchResult:
        async with build_client(settings) as client:
            fetcher = Fetcher(client, settings, polite=False)
            return await fetcher.get(url, domains=["127.0.0.1"], etag=etag)

    return asyncio.run(go())


def exchange(*urls: str) -> list[httpx.Response]:
    """Raw requests through the transport alone, no client around it."""
    async def go() -> list[httpx.Response]:
        transport = AiohttpTransport()
        try:
            answers = []
            for url in urls:
                response = await transport.handle_async_request(httpx.Request("GET", url))
                await response.aread()
                answers.append(response)
            return answers
        finally:
            await transport.aclose()

    return asyncio.run(go())


@pytest.mark.parametrize(("setting", "expected"), [("aiohttp", AiohttpTransport), ("httpx", type(None))])
def test_setting_chooses_the_transport(setting: str, expected: type) -> None:
    assert isinstance(choose_transport(settings_for(setting)), expected)


def test_shipped_defaults_choose_aiohttp(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings(environ={}).fetch.transport == "aiohttp"


@pytest.mark.parametrize("transport", ["aiohttp", "httpx"])
def test_page_arrives_whole_on_either_transport(base: str, transport: str) -> None:
    result = fetch(f"{base}/page", settings_for(transport))
    assert (result.outcome, result.status, result.body, result.etag) == ("ok", 200, PAGE, '"v1"')


def test_client_headers_reach_the_server(base: str) -> None:
    seen_headers.clear()
    fetch(f"{base}/page")
    assert seen_headers[-1]["user-agent"].startswith("monitor/")


def test_conditional_get_is_answered_304(base: str) -> None:
    assert fetch(f"{base}/page", etag='"v1"').outcome == "not-modified"


def test_transport_does_not_follow_redirects(base: str) -> None:
    (response,) = exchange(f"{base}/moved")
    assert (response.status_code, response.headers["location"]) == (302, "/page")


def test_fetcher_still_follows_an_on_site_redirect(base: str) -> None:
    result = fetch(f"{base}/moved")
    assert (result.outcome, result.final_url, result.body) == ("ok", f"{base}/page", PAGE)


def test_compressed_body_is_decoded_by_httpx(base: str) -> None:
    assert fetch(f"{base}/gzip").body == PAGE


def test_transport_keeps_no_cookies_of_its_own(base: str) -> None:
    seen_headers.clear()
    exchange(f"{base}/cookie", f"{base}/page")
    assert "cookie" not in seen_headers[-1]


def test_body_over_the_limit_is_cut_off(base: str) -> None:
    assert fetch(f"{base}/big", settings_for(max_body_bytes=10_000)).outcome == "too-large"


def test_read_timeout_is_a_network_error(base: str) -> None:
    result = fetch(f"{base}/slow", settings_for(timeout_read=0.2))
    assert result.outcome == "network-error" and "ReadTimeout" in (result.error or "")


def test_refused_connection_is_a_connect_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetch(f"http://127.0.0.1:{port}/page")
    assert result.outcome == "network-error" and "ConnectError" in (result.error or "")


def test_server_hanging_up_is_a_transport_error(base: str) -> None:
    with pytest.raises(httpx.TransportError):
        exchange(f"{base}/hang-up")


def test_politeness_still_paces_requests_on_aiohttp(base: str) -> None:
    settings = settings_for(delay_per_host=2.0)
    waits: list[float] = []
    now = [0.0]

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    async def go() -> None:
        async with build_client(settings) as client:
            fetcher = Fetcher(client, settings, polite=True, sleep=sleep, clock=lambda: now[0])
            for _ in range(3):
                await fetcher.get(f"{base}/page", domains=["127.0.0.1"])

    asyncio.run(go())
    assert waits == [2.0, 2.0]
