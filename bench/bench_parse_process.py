"""Whole-process speed: `monitor parse --profile generic --format json` over many pages, beside
a one-process trafilatura script over the same files, each started fresh as a user would.

Start-up, imports, reading the files and writing the JSON all count. The two commands run in
turn (A B A B ...), so a burst of load from elsewhere on the machine lands on both alike, and
the figure quoted is the median of the runs; CPU seconds (user + system of the child) are
printed beside wall seconds because the machine is shared.

    .venv/bin/python bench/bench_parse_process.py [--data DIR] [--runs N] [--copies K]
                                                  [--vs-src OTHER/src]

``--copies K`` passes every page K times (start-up then weighs less, as in a crawl's replay);
``--data`` defaults to ../shared/extraction-benchmark next to the repository. ``--vs-src`` also
runs monitor from another source tree (an older checkout's src/, same Python and libraries) in
the same turns, so a before/after comparison shares the machine's load; the median of the
turns' own ratios (this tree's seconds over the other's) is printed too, which holds better on a
busy machine than either tree's seconds.

`monitor parse` shares many files between the cores, so its wall seconds fall further than its
CPU seconds: both ratios are printed. Every command runs with compiled bytecode cached (in a
temporary folder, whatever PYTHONDONTWRITEBYTECODE says), as an installed package runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "extraction-benchmark"

# The yardstick: trafilatura in one process over every file, printing one JSON line per file.
TRAFILATURA_SCRIPT = """
import json, sys
import trafilatura
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        text = trafilatura.extract(handle.read(), include_comments=False) or ""
    print(json.dumps({"path": path, "text": text}, ensure_ascii=False))
"""


# monitor from a given src/ folder, when comparing two trees: both run through this launcher.
LAUNCHER = "from monitor.cli import main; main()"


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float


@dataclass(frozen=True)
class Command:
    argv: list[str]
    env: dict[str, str] | None = None


def timed(command: Command) -> Run:
    """One run of ``command``: wall seconds, and the CPU seconds of the finished child (and of
    the workers it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command.argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=command.env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu)


def cached_bytecode_env(cache: Path) -> dict[str, str]:
    """The environment with bytecode compiled once and kept under *cache*: without it, every
    run would compile monitor's modules again and time that instead of the start-up."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(cache)}


def commands(files: list[str], other_src: Path | None, env: dict[str, str]) -> dict[str, Command]:
    args = ["parse", "--profile", "generic", "--format", "json", *files]
    named = {"trafilatura": Command([sys.executable, "-c", TRAFILATURA_SCRIPT, *files], env)}
    if other_src is None:
        named["monitor parse"] = Command([str(Path(sys.executable).parent / "monitor"), *args], env)
        return named
    for name, src in (("monitor parse", REPO / "src"), ("monitor (other)", other_src)):
        named[name] = Command([sys.executable, "-c", LAUNCHER, *args],
                              {**env, "PYTHONPATH": str(src.resolve())})
    return named


def run_in_turn(named: dict[str, Command], runs: int) -> dict[str, list[Run]]:
    results: dict[str, list[Run]] = {name: [] for name in named}
    for command in named.values():  # warm the page cache and the bytecode caches
        timed(command)
    for _ in range(runs):
        for name, command in named.items():
            results[name].append(timed(command))
    return results


def report(results: dict[str, list[Run]], pages: int, runs: int) -> None:
    print(f"{pages} pages per process, median of {runs} run(s) each, run in turn")
    print(f"{'command':<16}{'wall s':>9}{'cpu s':>9}{'pages/s (wall)':>16}{'pages/s (cpu)':>15}")
    walls: dict[str, float] = {}
    cpus: dict[str, float] = {}
    for name, measured in results.items():
        walls[name] = wall = statistics.median(r.wall for r in measured)
        cpus[name] = cpu = statistics.median(r.cpu for r in measured)
        print(f"{name:<16}{wall:>9.3f}{cpu:>9.3f}{pages / wall:>16.1f}{pages / cpu:>15.1f}")
    for name in (n for n in results if n.startswith("monitor")):
        print(f"speed ratio ({name} / trafilatura): by CPU time {cpus['trafilatura'] / cpus[name]:.1f}x, "
              f"by wall time {walls['trafilatura'] / walls[name]:.1f}x")
    if "monitor (other)" in results:
        pairs = list(zip(results["monitor parse"], results["monitor (other)"], strict=True))
        print(f"this tree against the other, median of the {len(pairs)} turns' own ratios: "
              f"CPU {statistics.median(a.cpu / b.cpu for a, b in pairs):.3f}, "
              f"wall {statistics.median(a.wall / b.wall for a, b in pairs):.3f}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"benchmark directory (default: {DEFAULT_DATA})")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command")
    parser.add_argument("--copies", type=int, default=1, help="times each page is passed")
    parser.add_argument("--vs-src", type=Path, help="also run monitor from this src/ folder")
    args = parser.parse_args(argv)
    pages = sorted(str(p) for p in (args.data / "html").glob("*.html"))
    if not pages:
        print(f"{args.data}: no pages here (expected html/*.html); pass --data DIR",
              file=sys.stderr)
        return 2
    if importlib.util.find_spec("trafilatura") is None:
        print("trafilatura is not installed (pip install 'monitor[bench]')", file=sys.stderr)
        return 2
    files = pages * max(1, args.copies)
    with tempfile.TemporaryDirectory() as cache:
        named = commands(files, args.vs_src, cached_bytecode_env(Path(cache)))
        report(run_in_turn(named, max(1, args.runs)), len(files), max(1, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
