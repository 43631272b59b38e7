"""Getting a report to people: files written atomically, then optional mail and webhook.

The files are the record. Delivery only reads them, so a failed delivery never loses or alters
a report, and the next attempt (or a person) can always start from the files. Each channel is
tried once plus ``digest.delivery_retries`` more times with exponential backoff (the sleep is
injectable so tests do not wait); a failure no retry can fix (a 4xx answer, a refused address,
a missing password) stops at once. Every outcome becomes one row of the deliveries table.

This module knows a digest only through its files and its JSON (``monitor.digest/2``), so it
does not import monitor.report.digest. ``write_atomic`` lives in monitor.report.files, so
writing a digest or a feed does not load the HTTP client; it is still offered here.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from monitor.config import DigestSettings, Settings
from monitor.report.files import write_atomic
from monitor.store.sqlite import Store

# The mail modules are imported where mail is sent, so `monitor digest` without --deliver never
# loads them (about 30 ms of its start-up).
if TYPE_CHECKING:
    import smtplib
    from email.message import EmailMessage

__all__ = [
    "BACKOFF_BASE",
    "BACKOFF_MAX",
    "DeliveryResult",
    "PermanentError",
    "backoff",
    "build_message",
    "deliver",
    "post_webhook",
    "send_mail",
    "subject",
    "write_atomic",
]

log = logging.getLogger("monitor.report.deliver")

BACKOFF_BASE = 2.0
BACKOFF_MAX = 60.0
TIMEOUT = 30.0

Sender = Callable[[], None]


@dataclass(frozen=True)
class DeliveryResult:
    """What happened on one channel: ``attempts`` counts every try, the first included."""

    channel: str
    ok: bool
    attempts: int
    error: str | None = None


class PermanentError(Exception):
    """A failure another attempt cannot fix; the channel stops retrying."""


class TransientError(Exception):
    """A failure worth another attempt (5xx, 408, 429)."""


# -- the channels, with retries ----------------------------------------------------------------


def deliver(paths: list[Path], digest_json: str, settings: Settings, store: Store, day: date,
            *, sleep: Callable[[float], None] = time.sleep) -> list[DeliveryResult]:
    """Send the day's report through every configured channel and record each outcome.

    No channel configured means nothing to do (an empty list). Never raises for a failed send:
    failures are in the results and in the deliveries table.
    """
    retries = settings.digest.delivery_retries
    results = [_with_retries(name, send, retries, sleep)
               for name, send in _channels(paths, digest_json, settings, day)]
    _record(store, day, results)
    return results


def _channels(paths: Sequence[Path], digest_json: str, settings: Settings,
              day: date) -> list[tuple[str, Sender]]:
    cfg = settings.digest
    channels: list[tuple[str, Sender]] = []
    if cfg.smtp_host:
        channels.append(("smtp", lambda: send_mail(build_message(paths, digest_json, cfg, day),
                                                   cfg)))
    if cfg.webhook_url:
        agent = settings.fetch.user_agent
        channels.append(("webhook", lambda: post_webhook(cfg.webhook_url, digest_json, agent)))
    return channels


def backoff(attempt: int) -> float:
    """Seconds to wait after failed attempt ``attempt`` (1-based): 2, 4, 8, … capped at 60."""
    return float(min(BACKOFF_BASE * 2 ** (attempt - 1), BACKOFF_MAX))


def _with_retries(channel: str, send: Sender, retries: int,
                  sleep: Callable[[float], None]) -> DeliveryResult:
    error = "not attempted"
    for attempt in range(1, retries + 2):
        try:
            send()
        except PermanentError as exc:
            return _failed(channel, attempt, str(exc))
        except (OSError, TransientError) as exc:
            error = _describe(exc)
            log.warning("delivery attempt failed",
                        extra={"channel": channel, "attempt": attempt, "error": error})
            if attempt <= retries:
                sleep(backoff(attempt))
            continue
        return DeliveryResult(channel, True, attempt)
    return _failed(channel, retries + 1, error)


def _failed(channel: str, attempts: int, error: str) -> DeliveryResult:
    log.error("delivery failed", extra={"channel": channel, "attempts": attempts, "error": error})
    return DeliveryResult(channel, False, attempts, error)


def _describe(exc: BaseException) -> str:
    import smtplib

    if isinstance(exc, TransientError):
        return str(exc)
    if isinstance(exc, smtplib.SMTPResponseException):
        return _smtp_text(exc)
    return f"{type(exc).__name__}: {exc}"[:500] if str(exc) else type(exc).__name__


def _record(store: Store, day: date, results: list[DeliveryResult]) -> None:
    now = datetime.now(UTC).isoformat()
    rows = [{"day": day.isoformat(), "channel": r.channel, "ok": int(r.ok),
             "attempts": r.attempts, "error": r.error, "delivered_at": now} for r in results]
    if rows:
        with store.db.atomic():
            store.db.table("deliveries").insert_all(rows)


# -- mail ------------------------------------------------------------------------------------


def subject(day: date, digest: dict[str, Any]) -> str:
    """"monitor digest 2025-03-25: 2 partnership announcements" — the count is the news."""
    count = int(digest["counts"]["partnerships"])
    noun = "partnership announcement" if count == 1 else "partnership announcements"
    return f"monitor digest {day.isoformat()}: {count} {noun}"


def _read(paths: Sequence[Path], suffix: str) -> str | None:
    for path in paths:
        if path.suffix == suffix:
            with contextlib.suppress(OSError):
                return path.read_text(encoding="utf-8")
    return None


def _digest_data(digest_json: str) -> dict[str, Any]:
    try:
        data = json.loads(digest_json)
        int(data["counts"]["partnerships"])
    except (ValueError, TypeError, KeyError) as exc:
        raise PermanentError(f"the digest JSON is not monitor.digest/2: {exc}") from exc
    return dict(data)


def build_message(paths: Sequence[Path], digest_json: str, cfg: DigestSettings,
                  day: date) -> EmailMessage:
    """Markdown as text/plain and HTML as text/html (multipart/alternative), read from the
    written files; without a Markdown file the plain part is the JSON itself."""
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    if not cfg.smtp_from or not cfg.smtp_to:
        raise PermanentError("digest.smtp_from and digest.smtp_to must both be set to send mail")
    message = EmailMessage()
    try:
        message["Subject"] = subject(day, _digest_data(digest_json))
        message["From"] = cfg.smtp_from
        message["To"] = ", ".join(cfg.smtp_to)
    except ValueError as exc:
        raise PermanentError(f"bad mail header: {exc}") from exc
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid("digest", domain=cfg.smtp_from.rpartition("@")[2] or None)
    message.set_content(_read(paths, ".md") or digest_json, subtype="plain")
    page = _read(paths, ".html")
    if page is not None:
        message.add_alternative(page, subtype="html")
    return message


def _password(cfg: DigestSettings) -> str:
    if not cfg.smtp_user:
        return ""
    value = os.environ.get(cfg.smtp_password_env, "")
    if not value:
        raise PermanentError(f"digest.smtp_user is set but the environment variable "
                             f"{cfg.smtp_password_env} is empty")
    return value


def send_mail(message: EmailMessage, cfg: DigestSettings, timeout: float = TIMEOUT) -> None:
    """One SMTP session: optional STARTTLS (certificate checked), optional login, send."""
    import smtplib
    import ssl

    password = _password(cfg)
    try:
        with smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=timeout) as smtp:
            if cfg.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if cfg.smtp_user:
                smtp.login(cfg.smtp_user, password)
            smtp.send_message(message)
    except smtplib.SMTPException as exc:
        if _smtp_permanent(exc):
            raise PermanentError(_describe(exc)) from exc
        raise


def _smtp_permanent(exc: smtplib.SMTPException) -> bool:
    """5xx replies and missing server features will not change on retry; 4xx and drops may."""
    import smtplib

    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    code = getattr(exc, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def _smtp_text(exc: smtplib.SMTPResponseException) -> str:
    reply = exc.smtp_error
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"SMTP {exc.smtp_code} {text}"[:500]


# -- webhook ---------------------------------------------------------------------------------


def post_webhook(url: str, body: str, user_agent: str, timeout: float = TIMEOUT) -> None:
    """POST the JSON digest. 2xx is success; 5xx, 408 and 429 are worth retrying; the rest
    (including redirects, which are not followed) are not."""
    import httpx  # here, so that writing a digest without a webhook never loads the HTTP client

    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise PermanentError("digest.webhook_url is not an http(s) URL")
    try:
        response = httpx.post(url, content=body.encode("utf-8"), timeout=timeout,
                              headers={"content-type": "application/json; charset=utf-8",
                                       "user-agent": user_agent})
    except httpx.HTTPError as exc:  # no answer (refused, timed out): worth another attempt
        raise TransientError(_describe(exc)) from exc
    if response.is_success:
        return
    problem = f"HTTP {response.status_code}"
    if response.status_code >= 500 or response.status_code in (408, 429):
        raise TransientError(problem)
    raise PermanentError(problem)
