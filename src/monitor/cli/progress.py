"""A progress bar for long commands, on a terminal only.

The bar goes to stderr and only when stderr is a terminal: piped output, logs and the test
runner see nothing, and stdout stays the command's result. It is click's own bar (no new
dependency), fed by the ``(done, total)`` callbacks the library's batch functions already take,
with the count and the rate beside it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click

__all__ = ["Progress", "terminal_progress"]

Progress = Callable[[int, int], None]


def _rate_text(done: int, started: float, unit: str) -> str:
    elapsed = time.monotonic() - started
    return f"{done / elapsed:,.0f} {unit}/s" if elapsed > 0 and done else ""


@contextmanager
def terminal_progress(label: str, unit: str = "articles", stream: TextIO | None = None
                      ) -> Iterator[Progress]:
    """Yield a ``progress(done, total)`` callback drawing a bar on *stream* (stderr) when it is
    a terminal, and doing nothing otherwise."""
    out = stream if stream is not None else sys.stderr
    if not out.isatty():
        yield lambda done, total: None
        return
    started = time.monotonic()
    state: dict[str, Any] = {"bar": None, "done": 0}

    def progress(done: int, total: int) -> None:
        bar = state["bar"]
        if bar is None:
            bar = state["bar"] = click.progressbar(
                length=total, label=label, file=out, show_pos=True, show_eta=True,
                item_show_func=lambda count: _rate_text(count or 0, started, unit))
            bar.__enter__()
        bar.update(done - state["done"], done)
        state["done"] = done

    try:
        yield progress
    finally:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)
