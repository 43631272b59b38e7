"""Stored sites: serve recorded responses to the crawler, and record live ones.

A fixture site is a folder holding ``manifest.json``::

    {"site": "shine", "source": "shine-district", "base_url": "https://www.shine.cn",
     "responses": [{"url": "...", "status": 200, "headers": {"etag": "...", ...},
                    "body": "pages/listing-district-1.html"}, ...]}

Replay hands the crawler an ``httpx.MockTransport`` that answers from the manifest (honouring
If-None-Match and If-Modified-Since, like a real server), so replay runs the same discover →
parse → store path as a live crawl, with no network.
"""

from __future__ import annotations

import email.utils
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from monitor.crawl.fetch import FetchResult
from monitor.errors import InputError
from monitor.urls import canonicalize

__all__ = ["FixtureServer", "FixtureSite", "StoredResponse", "find_sites", "load_site",
           "record_result", "replay_transport"]

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class StoredResponse:
    url: str
    status: int
    headers: dict[str, str]
    body_path: Path | None

    def body(self) -> bytes:
        return self.body_path.read_bytes() if self.body_path else b""


@dataclass
class FixtureSite:
    root: Path
    site: str
    source: str
    responses: dict[str, StoredResponse] = field(default_factory=dict)
    source_config: dict[str, Any] | None = None


def find_sites(directory: Path) -> list[FixtureSite]:
    """Every fixture site at or below ``directory``; InputError when there is none."""
    if not directory.exists():
        raise InputError(directory, "no such directory")
    if not directory.is_dir():
        raise InputError(directory, "not a directory of fixture sites")
    manifests = sorted(directory.rglob(MANIFEST))
    if not manifests:
        raise InputError(directory, f"no fixture site found (no {MANIFEST} in it or below it)")
    return [load_site(path) for path in manifests]


def load_site(manifest: Path) -> FixtureSite:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(manifest, f"cannot read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(manifest, f"not valid JSON: {exc.msg} at line {exc.lineno}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("responses"), list):
        raise InputError(manifest, "expected an object with a 'responses' list")
    site = FixtureSite(root=manifest.parent, site=str(data.get("site") or manifest.parent.name),
                       source=str(data.get("source") or data.get("site") or manifest.parent.name),
                       source_config=data.get("source_config"))
    for index, entry in enumerate(data["responses"]):
        response = _stored_response(manifest, index, entry)
        site.responses[canonicalize(response.url)] = response
    return site


def _stored_response(manifest: Path, index: int, entry: Any) -> StoredResponse:
    where = f"responses[{index}]"
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        raise InputError(manifest, f"{where}: needs a 'url' string")
    body_path = manifest.parent / entry["body"] if entry.get("body") else None
    if body_path is not None and not body_path.is_file():
        raise InputError(manifest, f"{where}: body file {entry['body']!r} does not exist")
    headers = {str(k).lower(): str(v) for k, v in (entry.get("headers") or {}).items()}
    return StoredResponse(url=entry["url"], status=int(entry.get("status", 200)), headers=headers,
                          body_path=body_path)


def _not_modified(request_headers: Any, stored: StoredResponse) -> bool:
    etag = stored.headers.get("etag")
    if_none_match = request_headers.get("if-none-match")
    if if_none_match is not None:
        return etag is not None and etag in [t.strip() for t in if_none_match.split(",")]
    since, modified = request_headers.get("if-modified-since"), stored.headers.get("last-modified")
    if since and modified:
        try:
            return email.utils.parsedate_to_datetime(modified) <= email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def replay_transport(sites: list[FixtureSite]) -> httpx.MockTransport:
    """A transport that answers from the stored sites; anything else is a 404."""
    table: dict[str, StoredResponse] = {}
    for site in sites:
        table.update(site.responses)

    def handle(request: httpx.Request) -> httpx.Response:
        stored = table.get(canonicalize(str(request.url)))
        if stored is None:
            return httpx.Response(404, text="not in the fixture site", request=request)
        if stored.status == 200 and _not_modified(request.headers, stored):
            validators = {k: v for k, v in stored.headers.items() if k in ("etag", "last-modified")}
            return httpx.Response(304, headers=validators, request=request)
        return httpx.Response(stored.status, headers=stored.headers, content=stored.body(),
                              request=request)

    return httpx.MockTransport(handle)


_KEPT_HEADERS = ("content-type", "etag", "last-modified", "cache-control", "location", "retry-after")


def _slug(url: str) -> str:
    path = re.sub(r"^https?://[^/]+", "", url).strip("/") or "index"
    return re.sub(r"[^\w.-]+", "-", path)[:120]


def record_result(into: Path, result: FetchResult, *, site: str, source: str) -> Path:
    """Add one live response to a fixture site (creating it), replacing an earlier copy."""
    pages = into / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    manifest_path = into / MANIFEST
    manifest: dict[str, Any] = {"site": site, "source": source, "responses": []}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    content_type = result.headers.get("content-type", "")
    suffix = ".xml" if "xml" in content_type else ".txt" if "text/plain" in content_type else ".html"
    body_file = pages / (_slug(result.final_url) + suffix)
    body_file.write_bytes(result.body)
    entry = {"url": result.final_url, "status": result.status or 200,
             "headers": {k: v for k, v in result.headers.items() if k in _KEPT_HEADERS},
             "body": str(body_file.relative_to(into))}
    manifest["responses"] = [r for r in manifest["responses"] if r.get("url") != entry["url"]]
    manifest["responses"].append(entry)
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return body_file


class FixtureServer:
    """Serve stored sites over real HTTP on loopback, one host for all of them.

    Paths are looked up on the stored sites' own hosts, so ``http://127.0.0.1:PORT/feature/district/``
    answers what ``https://www.shine.cn/feature/district/`` stored, with real ETag and
    Last-Modified handling; links inside pages stay as recorded unless ``rewrite`` is set, which
    points the stored base URLs at this server so a crawler stays on it.
    """

    def __init__(self, sites: list[FixtureSite], host: str = "127.0.0.1", port: int = 0,
                 rewrite: bool = True) -> None:
        self._paths: dict[str, StoredResponse] = {}
        self._bases = {_base(s.responses[next(iter(s.responses))].url) for s in sites if s.responses}
        for site in sites:
            for url, response in site.responses.items():
                self._paths.setdefault(_path_of(url), response)
        self.requests: list[tuple[str, int]] = []
        self._rewrite = rewrite
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FixtureServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def body_for(self, stored: StoredResponse) -> bytes:
        body = stored.body()
        if self._rewrite:
            for base in self._bases:
                body = body.replace(base.encode(), self.base_url.encode())
        return body

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                stored = server._paths.get(_path_of(canonicalize(server.base_url + self.path)))
                status = 404 if stored is None else stored.status
                if stored is not None and status == 200 and _not_modified(self.headers, stored):
                    status = 304
                server.requests.append((self.path, status))
                body = b"" if status == 304 or stored is None else server.body_for(stored)
                self.send_response(status)
                for key, value in (stored.headers.items() if stored else []):
                    if key not in ("content-length", "transfer-encoding", "connection"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return  # the test or bench counts requests itself

        return Handler


def _base(url: str) -> str:
    match = re.match(r"^https?://[^/]+", url)
    return match.group(0) if match else url


def _path_of(url: str) -> str:
    return url[len(_base(url)):] or "/"
