"""Each command imports only what it uses (issue 14). Times are measured by bench/bench_startup.py;
these tests pin the imports that made start-up slow, in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import seed_path
from monitor.cli import COMMAND_MODULES, cli

HEAVY = ("asyncio", "httpx", "sqlite_utils", "selectolax", "apscheduler", "monitor.tag.classify",
         "monitor.crawl.fetch")


def modules_after(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules a run of ``monitor ARGS`` has imported when it exits."""
    probe = ("import atexit, json, sys\n"
             "atexit.register(lambda: sys.__stderr__.write('\\nMODULES ' + json.dumps(sorted(sys.modules))))\n"
             "from monitor.cli import main\n"
             f"sys.argv = ['monitor', *{list(args)!r}]\n"
             "main()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    return set(json.loads(done.stderr.rsplit("MODULES ", 1)[1]))


@pytest.mark.slow
def test_version_loads_no_command_module() -> None:
    loaded = modules_after("--version")
    assert {m for m in loaded if m.startswith("monitor.cli.")} == {"monitor.cli._app"}


@pytest.mark.slow
@pytest.mark.parametrize("args", [("--version",), ("parse", str(seed_path("000")))], ids=lambda a: a[0])
def test_reading_commands_skip_the_heavy_libraries(args: tuple[str, ...]) -> None:
    loaded = modules_after(*args)
    assert not loaded & set(HEAVY)


@pytest.mark.slow
def test_status_skips_the_network_the_records_the_classifier_and_sqlite_utils(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    env = {**os.environ, "MONITOR_DB": str(tmp_path / "s.db")}
    subprocess.run([sys.executable, "-m", "monitor", "import-text", str(seed_path("000"))], env=env,
                   check=True, capture_output=True)
    loaded = modules_after("status", env=env)
    assert not loaded & {"asyncio", "httpx", "monitor.models", "monitor.tag.classify", "monitor.crawl.fetch",
                         "sqlite_utils"}


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_mapped_to_the_module_that_defines_it(name: str) -> None:
    callback = cli.commands[name].callback
    assert callback is not None
    assert COMMAND_MODULES.get(name) == callback.__module__.rsplit(".", 1)[-1], (
        f"add {name!r} to monitor.cli.COMMAND_MODULES so that it starts without importing every module")


@pytest.mark.slow
def test_parse_builds_validators_only_for_the_records_it_makes() -> None:
    probe = ("import atexit, sys\n"
             "def report():\n"
             "    import monitor.models as m\n"
             "    built = [n for n in ('PageFields', 'Article', 'Classification', 'FetchLogEntry',"
             " 'RunStats') if getattr(m, n).__pydantic_complete__]\n"
             "    sys.__stderr__.write('\\nBUILT ' + ' '.join(built))\n"
             "atexit.register(report)\n"
             "from monitor.cli import main\n"
             f"sys.argv = ['monitor', 'parse', {str(seed_path('000'))!r}]\n"
             "main()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stderr.rsplit("BUILT ", 1)[1].split() == ["PageFields", "Article"]
