"""Report files written whole or not at all: a reader polling a digest or the feed never
gets half of one. Kept apart from delivery, so writing a report loads no HTTP or mail client."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from monitor.errors import MonitorError

__all__ = ["write_atomic"]


def write_atomic(path: Path, text: str) -> Path:
    """Write a temporary file beside ``path``, then rename: readers see old or new, never half."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise MonitorError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise MonitorError(f"{path}: cannot write: {exc.strerror or exc}") from exc
        raise
    return path
