"""The progress bar draws on a terminal only, with the count and the rate."""

from __future__ import annotations

import io

from monitor.cli.progress import terminal_progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_pipe_gets_nothing() -> None:
    stream = io.StringIO()
    with terminal_progress("reclassify", stream=stream) as progress:
        progress(200, 1000)
    assert stream.getvalue() == ""


def test_a_terminal_gets_the_count() -> None:
    stream = FakeTerminal()
    with terminal_progress("reclassify", stream=stream) as progress:
        progress(200, 1000)
        progress(1000, 1000)
    assert "reclassify" in stream.getvalue() and "1000/1000" in stream.getvalue()


def test_a_terminal_gets_the_rate() -> None:
    stream = FakeTerminal()
    with terminal_progress("reclassify", unit="articles", stream=stream) as progress:
        progress(200, 1000)
    assert "articles/s" in stream.getvalue()


def test_no_callback_draws_no_bar() -> None:
    stream = FakeTerminal()
    with terminal_progress("reclassify", stream=stream):
        pass
    assert stream.getvalue() == ""
