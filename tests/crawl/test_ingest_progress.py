"""The progress display of `replay` and `crawl --once`: a terminal only, counts and a rate."""

from __future__ import annotations

import io
import sys

import pytest

from monitor.cli.ingest import _Progress, _progress_display


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_progress_display_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert _progress_display() is None


def test_progress_on_a_terminal_shows_counts_and_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    progress = _Progress()
    for done in range(1, 5):
        progress("shine-district", done, 4)
    assert "shine-district" in screen.getvalue() and "4/4" in screen.getvalue()
    assert "articles/s" in screen.getvalue()
