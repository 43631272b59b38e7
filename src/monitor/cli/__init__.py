"""The ``monitor`` command: one click group, its commands grouped by the stage they drive.

Start-up time is a tracked figure, so ``monitor COMMAND`` imports only the module that defines
COMMAND (``COMMAND_MODULES``), and each command imports the library it needs inside itself:
``monitor --version`` loads no command module, ``monitor parse`` neither the fetcher, the store
nor the classifier. ``from monitor.cli import cli`` gives the group with every command loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from monitor.cli._app import MonitorGroup

__all__ = ["COMMAND_MODULES", "MODULES", "cli", "main"]

# Every module of commands. A new module goes here; its commands go in COMMAND_MODULES too (a
# command missing there still runs, after every module has been imported).
MODULES = ("ingest", "query", "read", "report", "scale", "service", "web")
COMMAND_MODULES = {
    "replay": "ingest", "crawl": "ingest", "record": "ingest",
    "status": "query", "search": "query",
    "parse": "read", "classify": "read", "import-text": "read", "reclassify": "read",
    "digest": "report", "feed": "report",
    "run": "service", "health": "service",
    "migrate": "scale", "worker": "scale",
    "serve": "web", "export-reviews": "web", "eval": "web",
}


def _group() -> MonitorGroup:
    from monitor.cli._app import cli

    cli.load_commands_from("monitor.cli", MODULES, COMMAND_MODULES)
    return cli


def __getattr__(name: str) -> Any:
    if name == "cli":
        group = _group()
        group.load_all()
        return group
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    _group()(prog_name="monitor")
