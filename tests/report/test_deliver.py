"""Delivery: mail to a loopback SMTP server, POST to a loopback webhook, retries, records.

Both servers are tiny stdlib ones on 127.0.0.1 with a free port; nothing leaves the machine.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import socket
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

# The fixed database of the digest tests: one set of articles behind every report format.
from test_digest import DAY, fill_fixed

from monitor.config import Settings
from monitor.report.deliver import backoff, deliver
from monitor.report.digest import build_digest, render_json, write_daily
from monitor.store.sqlite import Store

# -- a loopback SMTP server ------------------------------------------------------------------


@dataclass
class Mailbox:
    messages: list[bytes] = field(default_factory=list)
    senders: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: greeting, EHLO, MAIL, RCPT, DATA, QUIT."""

    server: _SMTPServer

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self._reply("220 127.0.0.1 test SMTP")
        while line := self.rfile.readline():
            verb, _, arg = line.decode("ascii", "replace").strip().partition(" ")
            verb = verb.upper()
            if verb == "DATA":
                self._reply("354 end with <CRLF>.<CRLF>")
                self.server.box.messages.append(self._data())
                self._reply("250 queued")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._note(verb, arg)

    def _note(self, verb: str, arg: str) -> None:
        if verb == "MAIL":
            self.server.box.senders.append(arg)
        elif verb == "RCPT":
            self.server.box.recipients.append(arg)
        self._reply("250 ok")

    def _data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


class _SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    box: Mailbox


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Mailbox]]:
    server = _SMTPServer(("127.0.0.1", 0), _SMTPHandler)
    server.box = Mailbox()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server.server_address[1], server.box
    server.shutdown()
    server.server_close()


# -- a loopback webhook ----------------------------------------------------------------------


@dataclass
class Hook:
    status: int = 204
    bodies: list[bytes] = field(default_factory=list)
    content_types: list[str] = field(default_factory=list)


class _HookHandler(BaseHTTPRequestHandler):
    server: _HookServer

    def do_POST(self) -> None:
        hook = self.server.hook
        hook.bodies.append(self.rfile.read(int(self.headers.get("content-length", 0))))
        hook.content_types.append(self.headers.get("content-type", ""))
        self.send_response(hook.status)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


class _HookServer(ThreadingHTTPServer):
    daemon_threads = True
    hook: Hook


@pytest.fixture
def webhook(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Hook]]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = _HookServer(("127.0.0.1", 0), _HookHandler)
    server.hook = Hook()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/digest", server.hook
    server.shutdown()
    server.server_close()


# -- the day to deliver ----------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "deliver.db") as opened:
        fill_fixed(opened)
        yield opened


@pytest.fixture
def written(store: Store, settings: Settings) -> tuple[list[Path], str]:
    paths = write_daily(store, settings, DAY)
    return paths, render_json(build_digest(store, DAY, settings))


def with_digest(settings: Settings, **changes: Any) -> Settings:
    return settings.model_copy(update={"digest": settings.digest.model_copy(update=changes)})


def mail_settings(settings: Settings, port: int, **changes: Any) -> Settings:
    return with_digest(settings, smtp_host="127.0.0.1", smtp_port=port,
                       smtp_from="monitor@example.org",
                       smtp_to=["analyst@example.org", "desk@example.org"], **changes)


def fingerprint(paths: list[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def received(box: Mailbox) -> EmailMessage:
    message = email.message_from_bytes(box.messages[0], policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


# -- SMTP ------------------------------------------------------------------------------------


def test_mail_is_delivered_once_to_every_recipient(store: Store, settings: Settings,
                                                   written: tuple[list[Path], str],
                                                   smtp_server: tuple[int, Mailbox]) -> None:
    port, box = smtp_server
    results = deliver(*written, mail_settings(settings, port), store, DAY)
    assert [(r.channel, r.ok, r.attempts) for r in results] == [("smtp", True, 1)]
    assert len(box.messages) == 1
    assert box.recipients == ["TO:<analyst@example.org>", "TO:<desk@example.org>"]


def test_mail_subject_counts_partnership_announcements(store: Store, settings: Settings,
                                                       written: tuple[list[Path], str],
                                                       smtp_server: tuple[int, Mailbox]) -> None:
    port, box = smtp_server
    deliver(*written, mail_settings(settings, port), store, DAY)
    assert received(box)["Subject"] == "monitor digest 2025-03-25: 2 partnership announcements"


def test_mail_is_multipart_alternative_markdown_then_html(store: Store, settings: Settings,
                                                          written: tuple[list[Path], str],
                                                          smtp_server: tuple[int, Mailbox]
                                                          ) -> None:
    port, box = smtp_server
    paths, _ = written
    deliver(*written, mail_settings(settings, port), store, DAY)
    message = received(box)
    parts = list(message.iter_parts())
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    lines = [p.get_content().replace("\r\n", "\n") for p in parts]  # SMTP sends CRLF
    assert lines == [paths[0].read_text(encoding="utf-8"), paths[1].read_text(encoding="utf-8")]


def test_mail_login_without_password_fails_without_connecting(
        store: Store, settings: Settings, written: tuple[list[Path], str],
        smtp_server: tuple[int, Mailbox], monkeypatch: pytest.MonkeyPatch) -> None:
    port, box = smtp_server
    monkeypatch.delenv("MONITOR_TEST_SMTP_PASSWORD", raising=False)
    chosen = mail_settings(settings, port, smtp_user="monitor",
                           smtp_password_env="MONITOR_TEST_SMTP_PASSWORD")
    [result] = deliver(*written, chosen, store, DAY, sleep=Sleeps())
    assert (result.ok, result.attempts) == (False, 1)
    assert "MONITOR_TEST_SMTP_PASSWORD" in (result.error or "") and box.messages == []


def test_unreachable_mail_server_is_retried_then_reported(store: Store, settings: Settings,
                                                          written: tuple[list[Path], str]
                                                          ) -> None:
    free = socketserver.TCPServer(("127.0.0.1", 0), socketserver.BaseRequestHandler)
    port = free.server_address[1]
    free.server_close()  # nothing listens there now: every connection is refused
    sleeps = Sleeps()
    [result] = deliver(*written, mail_settings(settings, port, delivery_retries=2), store, DAY,
                       sleep=sleeps)
    assert (result.ok, result.attempts, sleeps) == (False, 3, [2.0, 4.0])


# -- webhook ---------------------------------------------------------------------------------


def test_webhook_receives_the_json_digest(store: Store, settings: Settings,
                                          written: tuple[list[Path], str],
                                          webhook: tuple[str, Hook]) -> None:
    url, hook = webhook
    paths, digest_json = written
    [result] = deliver(paths, digest_json, with_digest(settings, webhook_url=url), store, DAY)
    assert (result.channel, result.ok) == ("webhook", True)
    assert hook.bodies == [paths[2].read_bytes()]
    assert hook.content_types == ["application/json; charset=utf-8"]


def test_failing_webhook_is_retried_n_times(store: Store, settings: Settings,
                                            written: tuple[list[Path], str],
                                            webhook: tuple[str, Hook]) -> None:
    url, hook = webhook
    hook.status = 500
    sleeps = Sleeps()
    [result] = deliver(*written, with_digest(settings, webhook_url=url, delivery_retries=3),
                       store, DAY, sleep=sleeps)
    assert (result.ok, result.attempts, result.error) == (False, 4, "HTTP 500")
    assert len(hook.bodies) == 4
    assert sleeps == [backoff(1), backoff(2), backoff(3)] == [2.0, 4.0, 8.0]


def _closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_unreachable_webhook_is_retried_then_reported(store: Store, settings: Settings,
                                                      written: tuple[list[Path], str]) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/hook"
    [result] = deliver(*written, with_digest(settings, webhook_url=url, delivery_retries=1),
                       store, DAY, sleep=Sleeps())
    assert (result.ok, result.attempts, (result.error or "").split(":")[0]) == (
        False, 2, "ConnectError")


def test_failing_webhook_leaves_report_files_intact(store: Store, settings: Settings,
                                                    written: tuple[list[Path], str],
                                                    webhook: tuple[str, Hook]) -> None:
    url, hook = webhook
    hook.status = 500
    before = fingerprint(written[0])
    deliver(*written, with_digest(settings, webhook_url=url), store, DAY, sleep=Sleeps())
    assert fingerprint(written[0]) == before


def test_webhook_client_error_is_not_retried(store: Store, settings: Settings,
                                             written: tuple[list[Path], str],
                                             webhook: tuple[str, Hook]) -> None:
    url, hook = webhook
    hook.status = 404
    [result] = deliver(*written, with_digest(settings, webhook_url=url), store, DAY,
                       sleep=Sleeps())
    assert (result.ok, result.attempts, len(hook.bodies)) == (False, 1, 1)


def test_failed_delivery_is_recorded(store: Store, settings: Settings,
                                     written: tuple[list[Path], str],
                                     webhook: tuple[str, Hook]) -> None:
    url, hook = webhook
    hook.status = 503
    deliver(*written, with_digest(settings, webhook_url=url, delivery_retries=1), store, DAY,
            sleep=Sleeps())
    rows = [(r["day"], r["channel"], r["ok"], r["attempts"], r["error"])
            for r in store.db["deliveries"].rows]
    assert rows == [("2025-03-25", "webhook", 0, 2, "HTTP 503")]


def test_each_channel_gets_its_own_outcome(store: Store, settings: Settings,
                                           written: tuple[list[Path], str],
                                           webhook: tuple[str, Hook],
                                           smtp_server: tuple[int, Mailbox]) -> None:
    url, hook = webhook
    hook.status = 500
    chosen = mail_settings(with_digest(settings, webhook_url=url, delivery_retries=0),
                           smtp_server[0])
    results = deliver(*written, chosen, store, DAY, sleep=Sleeps())
    assert [(r.channel, r.ok) for r in results] == [("smtp", True), ("webhook", False)]


def test_no_channel_configured_delivers_nothing(store: Store, settings: Settings,
                                                written: tuple[list[Path], str]) -> None:
    assert deliver(*written, settings, store, DAY) == []
    assert store.db["deliveries"].count == 0


def test_mail_without_markdown_file_sends_the_json(store: Store, settings: Settings,
                                                   smtp_server: tuple[int, Mailbox]) -> None:
    paths = write_daily(store, settings, DAY, formats=["json"])
    digest_json = paths[0].read_text(encoding="utf-8")
    deliver(paths, digest_json, mail_settings(settings, smtp_server[0]), store, DAY)
    message = received(smtp_server[1])
    assert message.get_content_type() == "text/plain"
    assert json.loads(message.get_content())["schema"] == "monitor.digest/2"
