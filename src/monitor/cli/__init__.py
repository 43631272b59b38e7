"""The ``monitor`` command: one click group, its commands grouped by the stage they drive.

Each command module imports the library it needs inside the command, so ``monitor --version``
and ``monitor parse`` do not pay for the fetcher, the store or the classifier.
"""

from __future__ import annotations

from monitor.cli import ingest, query, read, report, service, web  # noqa: F401  (registers the commands)
from monitor.cli._app import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="monitor")
