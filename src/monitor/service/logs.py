"""Structured log lines: readable ``key=value`` text on a terminal, JSON lines for collectors.

Callers log an event name as the message and the facts as ``extra={...}``; both formats carry
the same fields, so a line read by a person and a line read by a machine say the same thing.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

__all__ = ["setup_logging"]

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                "level": record.levelname.lower(), "logger": record.name,
                "event": record.getMessage(), **_fields(record)}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created).astimezone().strftime("%H:%M:%S")
        facts = " ".join(f"{k}={_short(v)}" for k, v in _fields(record).items())
        line = f"{stamp} {record.levelname:<7} {record.getMessage()}" + (f"  {facts}" if facts else "")
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return json.dumps(text, ensure_ascii=False) if " " in text else text


# Loggers of libraries whose lines must come out in the configured format too; Python warnings
# arrive on "py.warnings" once captured.
_LIBRARY_LOGGERS = ("apscheduler", "py.warnings", "httpx", "httpcore", "asyncio")
_LIBRARY_FLOOR = {"httpx": "WARNING", "httpcore": "WARNING"}  # one INFO line per request otherwise


def setup_logging(fmt: str = "auto", level: str = "INFO", stream: TextIO | None = None) -> None:
    """Send monitor's logs to stderr in the chosen format ("auto": text on a terminal), and the
    scheduler's, the HTTP libraries' and Python warnings through the same handler, so every
    line a daemon writes has one format."""
    stream = stream or sys.stderr
    if fmt == "auto":
        fmt = "text" if stream.isatty() else "json"
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    logging.captureWarnings(False)  # re-arm: a test harness may have swapped showwarning since
    logging.captureWarnings(True)
    for name in ("monitor", *_LIBRARY_LOGGERS):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(_higher(level, _LIBRARY_FLOOR.get(name, level)))
        logger.propagate = False


def _higher(first: str, second: str) -> str:
    return first if logging.getLevelName(first) >= logging.getLevelName(second) else second
