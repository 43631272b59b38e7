"""A hostile news site on loopback: every path can be told to kill, stall, bomb or lie.

The pages are our own, small, shaped like a district news site: a paginated listing at
``/news/`` and articles at ``/news/25010100NN/`` that the generic extractor reads. A ``Fault``
attached to a path replaces its normal answer, for the first ``times`` requests or for ever.
Used by the fault-injection tests and by ``bench/bench_faults.py``.
"""

from __future__ import annotations

import functools
import gzip
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Fault", "HostileSite", "article_path", "double_gzip_bomb"]

BOMB_BYTES = 1 << 30  # what the double-gzip body inflates to


def article_path(number: int) -> str:
    return f"/news/25010{number:05d}/"


@dataclass
class Fault:
    """One misbehaviour: ``kind`` names it, ``arg`` parametrises it, ``times`` None is for ever."""

    kind: str
    arg: Any = None
    times: int | None = None


@functools.cache
def double_gzip_bomb(size: int = BOMB_BYTES) -> bytes:
    """``size`` zero bytes gzipped twice: a few kilobytes on the wire."""
    inner = zlib.compressobj(1, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1 << 20)
    parts = [inner.compress(block) for _ in range(size // len(block))]
    parts.append(inner.flush())
    return gzip.compress(b"".join(parts), 9)


def article_html(number: int, canonical: str | None = None, title: str | None = None) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    heading = title or f"Minhang district signs cooperation agreement number {number}"
    paragraphs = "".join(
        f"<p>Paragraph {i} of article {number}: the district government and a university signed an "
        f"agreement to build a science park together, officials said on Monday.</p>" for i in range(3))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{heading}</title>{link}</head>"
            f"<body><article><h1>{heading}</h1>"
            f"<p class='byline'><time datetime='2025-01-{1 + number % 28:02d}T10:00:00+08:00'></time></p>"
            f"{paragraphs}</article></body></html>")


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up on a stalled or bombing answer is the point, not an error."""


@dataclass
class HostileSite:
    """The site; ``start()`` serves it on 127.0.0.1 on a free port."""

    articles: int = 30
    per_page: int = 10
    faults: dict[str, Fault] = field(default_factory=dict)
    robots: str = "User-agent: *\nAllow: /\n"
    extra_links: list[str] = field(default_factory=list)
    aliases: dict[str, int] = field(default_factory=dict)  # another path serving article N
    listing_etags: bool = False
    requests: list[tuple[str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._served: dict[str, int] = {}
        self._stop = threading.Event()
        self._server = _QuietServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def article_urls(self) -> list[str]:
        return [self.base_url + article_path(n) for n in range(1, self.articles + 1)]

    def start(self) -> HostileSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> HostileSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def fault_for(self, path: str) -> Fault | None:
        """The fault this request gets, counting it against ``times``."""
        with self._lock:
            fault = self.faults.get(path)
            if fault is None:
                return None
            served = self._served.get(path, 0)
            self._served[path] = served + 1
            return fault if fault.times is None or served < fault.times else None

    def listing(self, page: int) -> str:
        first = (page - 1) * self.per_page + 1
        numbers = range(first, min(first + self.per_page, self.articles + 1))
        links = "".join(f'<li><a href="{article_path(n)}">Article {n}</a></li>' for n in numbers)
        if page == 1:
            odd = [*self.extra_links, *self.aliases]
            links += "".join(f'<li><a href="{href}">odd link</a></li>' for href in odd)
        more = first + self.per_page <= self.articles
        pager = f'<a rel="next" href="/news/?page={page + 1}">next</a>' if more else ""
        return f"<!doctype html><html><body><ul>{links}</ul>{pager}</body></html>"

    def record(self, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((path, status))


def _handler(site: HostileSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            fault = site.fault_for(self.path)
            if fault is not None:
                site.record(self.path, -1)
                _misbehave(self, site, fault)
                return
            status, body, headers = _normal(site, self.path)
            etag = f'"{zlib.crc32(body):08x}"'
            if site.listing_etags and (self.path == "/news/" or self.path.startswith("/news/?page=")):
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    status, body, headers = 304, b"", {}
                headers = {**headers, "ETag": etag}
            site.record(self.path, status)
            _send(self, status, body, headers)

    return Handler


def _normal(site: HostileSite, path: str) -> tuple[int, bytes, dict[str, str]]:
    html = {"Content-Type": "text/html; charset=utf-8"}
    if path == "/robots.txt":
        return 200, site.robots.encode(), {"Content-Type": "text/plain"}
    if path == "/news/" or path.startswith("/news/?page="):
        page = int(path.rsplit("=", 1)[1]) if "=" in path else 1
        return 200, site.listing(page).encode(), html
    if path in site.aliases:
        number = site.aliases[path]
        return 200, article_html(number, site.base_url + article_path(number)).encode(), html
    for number in range(1, site.articles + 1):
        if path == article_path(number):
            return 200, article_html(number).encode(), html
    return 404, b"not here", {"Content-Type": "text/plain"}


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
    handler.send_response(status)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _misbehave(handler: BaseHTTPRequestHandler, site: HostileSite, fault: Fault) -> None:
    kind, arg = fault.kind, fault.arg
    if kind == "slow":  # a normal answer, late
        time.sleep(float(arg))
        status, body, headers = _normal(site, handler.path)
        _send(handler, status, body, headers)
    elif kind == "reset":
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        handler.close_connection = True
        handler.connection.close()
    elif kind == "status":
        _send(handler, int(arg), b"trouble", {"Content-Type": "text/plain", "Retry-After": "0"})
    elif kind in ("drip", "hang"):
        _stall(handler, site, drip=kind == "drip")
    elif kind == "bomb":
        _send(handler, 200, double_gzip_bomb(), {"Content-Type": "text/html",
                                                 "Content-Encoding": "gzip, gzip"})
    elif kind == "corrupt-gzip":
        _send(handler, 200, b"\x1f\x8b\x08\x00garbage-not-gzip", {"Content-Type": "text/html",
                                                                   "Content-Encoding": "gzip"})
    elif kind == "redirect":
        _send(handler, 302, b"", {"Location": str(arg)})
    elif kind == "content-type":
        _send(handler, 200, b"\x89PNG....", {"Content-Type": str(arg)})
    elif kind == "body":
        content_type = "text/plain" if handler.path == "/robots.txt" else "text/html; charset=utf-8"
        _send(handler, 200, arg if isinstance(arg, bytes) else str(arg).encode(), {"Content-Type": content_type})
    elif kind == "length-lie":
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.wfile.write(b"<p>short</p>")
        handler.close_connection = True
    else:
        raise ValueError(f"unknown fault {kind!r}")


def _stall(handler: BaseHTTPRequestHandler, site: HostileSite, drip: bool) -> None:
    """Headers, then one byte a second (drip) or nothing at all (hang), until the client leaves."""
    try:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        handler.wfile.flush()
        while not site._stop.wait(0.5):
            if drip:
                handler.wfile.write(b"x")
                handler.wfile.flush()
    except OSError:
        pass
    handler.close_connection = True
    time.sleep(0)
