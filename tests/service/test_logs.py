from __future__ import annotations

import io
import json
import logging

from monitor.service.logs import setup_logging


def emit(fmt: str) -> str:
    stream = io.StringIO()
    setup_logging(fmt, "INFO", stream=stream)
    logging.getLogger("monitor.crawl.pipeline").info("source run", extra={"source": "shine", "new": 3})
    return stream.getvalue()


def test_json_lines_carry_the_fields() -> None:
    line = json.loads(emit("json"))
    assert line["event"] == "source run" and line["source"] == "shine" and line["new"] == 3
    assert line["level"] == "info" and line["ts"].endswith("+00:00")


def test_text_lines_are_key_value() -> None:
    assert emit("text").rstrip().endswith("source run  source=shine new=3")


def test_auto_picks_json_off_a_terminal() -> None:
    assert emit("auto").startswith("{")


def test_scheduler_lines_come_out_in_the_configured_format() -> None:
    stream = io.StringIO()
    setup_logging("json", "INFO", stream=stream)
    logging.getLogger("apscheduler.scheduler").info("Scheduler started")
    assert json.loads(stream.getvalue())["logger"] == "apscheduler.scheduler"


def test_python_warnings_come_out_in_the_configured_format() -> None:
    import warnings

    stream = io.StringIO()
    setup_logging("json", "INFO", stream=stream)
    # What warnings.warn calls once a warning passes the filters (pytest records them first).
    warnings.showwarning("a library is unhappy", UserWarning, "lib.py", 1)
    line = json.loads(stream.getvalue())
    assert line["logger"] == "py.warnings" and "a library is unhappy" in line["event"]
