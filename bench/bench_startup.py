"""Start-up time of the commands a user types first, as whole processes (issue 14).

    python bench/bench_startup.py [--runs 15] [--imports] [--vs-src OTHER/src]

Times `python -c pass` (the floor), `monitor --version`, `monitor parse` of one seed file and
`monitor status` of a replayed database, taking turns (A B C D A B C D ...) so that a machine
whose speed drifts slows every command alike. Prints the median, min and max wall and CPU
seconds of each. With --imports, also the slowest imports of each command (python -X importtime).
With --vs-src, every command also runs from another source tree (an older checkout's src/, same
Python and libraries) right after this one, and the median of the pairwise ratios is printed, of
wall and of CPU seconds: on a busy machine the ratio holds where the seconds do not.
Targets: --version < 0.15 s, parse < 0.3 s, status < 0.3 s. Bytecode is compiled once and kept in
a temporary folder (whatever PYTHONDONTWRITEBYTECODE says), as an installed package runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "fixtures" / "seeds").glob("000_*.txt"))
TARGETS = {"--version": 0.15, "parse": 0.3, "status": 0.3}


def monitor_command() -> list[str]:
    """The installed console script beside this Python, as a user runs it; else ``-m monitor``."""
    script = Path(sys.executable).with_name("monitor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "monitor"]


LAUNCHER = [sys.executable, "-c", "from monitor.cli import main; main()"]


def commands(monitor: list[str]) -> dict[str, list[str]]:
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "--version": [*monitor, "--version"],
        "parse": [*monitor, "parse", str(SEED)],
        "status": [*monitor, "status"],
    }


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def slowest_imports(cmd: list[str], env: dict[str, str], cwd: Path, top: int = 8) -> list[str]:
    """The imports with the largest cumulative time in one run (microseconds, as Python prints)."""
    done = subprocess.run(cmd, env={**env, "PYTHONPROFILEIMPORTTIME": "1"}, cwd=cwd,
                          capture_output=True, text=True)
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _self, cumulative, name = line.removeprefix("import time:").split("|")
            rows.append((int(cumulative), name.rstrip()))
    return [f"{us / 1000:7.1f} ms {name}" for us, name in sorted(rows, reverse=True)[:top]]


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} (min {min(values):.3f}, max {max(values):.3f})"


def compare(runs: int, env: dict[str, str], other_src: Path) -> None:
    """This tree against *other_src*, command by command, each pair run back to back."""
    other_env = {**env, "PYTHONPATH": str(other_src)}
    ratios: dict[str, list[float]] = {}
    cpu_ratios: dict[str, list[float]] = {}
    medians: dict[str, tuple[list[float], list[float]]] = {}
    for name, cmd in commands(LAUNCHER).items():
        if name == "python -c pass":
            continue
        ours, theirs = [], []
        timed(cmd, env, ROOT)  # warm-ups
        timed(cmd, other_env, ROOT)
        for _ in range(runs):
            ours.append(timed(cmd, env, ROOT))
            theirs.append(timed(cmd, other_env, ROOT))
        ratios[name] = [a[0] / b[0] for a, b in zip(ours, theirs, strict=True)]
        cpu_ratios[name] = [a[1] / b[1] for a, b in zip(ours, theirs, strict=True)]
        medians[name] = ([w for w, _ in ours], [w for w, _ in theirs])
    print(f"\nagainst {other_src} ({runs} pairs; wall seconds, median; CPU ratio beside, which a "
          "busy machine blurs less):")
    for name, ratio in ratios.items():
        ours_w, theirs_w = medians[name]
        print(f"{name:15} this {statistics.median(ours_w):.3f}  other {statistics.median(theirs_w):.3f}  "
              f"this/other {statistics.median(ratio):.2f} (min {min(ratio):.2f}, max {max(ratio):.2f})  "
              f"cpu this/other {statistics.median(cpu_ratios[name]):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--imports", action="store_true", help="Also list each command's slowest imports.")
    parser.add_argument("--vs-src", type=Path, help="Also compare with monitor from this src/ folder.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "MONITOR_DB": str(work / "bench.db"), "MONITOR_LOG__LEVEL": "WARNING",
               "PYTHONPYCACHEPREFIX": str(work / "bytecode")}
        for name in ("MONITOR_CONFIG", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        subprocess.run([*monitor_command(), "replay", str(ROOT / "fixtures")], env=env, cwd=ROOT,
                       check=True, capture_output=True)
        cmds = commands(monitor_command())
        walls: dict[str, list[float]] = {name: [] for name in cmds}
        cpus: dict[str, list[float]] = {name: [] for name in cmds}
        for cmd in cmds.values():  # one warm-up each: file caches, compiled bytecode
            timed(cmd, env, ROOT)
        for _ in range(args.runs):
            for name, cmd in cmds.items():
                wall, cpu = timed(cmd, env, ROOT)
                walls[name].append(wall)
                cpus[name].append(cpu)
        print(f"{args.runs} runs each, in turn; seconds: median (min, max)")
        for name in cmds:
            target = TARGETS.get(name)
            verdict = "" if target is None else (
                f"  target < {target}: {'met' if statistics.median(walls[name]) < target else 'NOT met'}")
            print(f"{name:15} wall {summary(walls[name])}  cpu {summary(cpus[name])}{verdict}")
        if args.vs_src:
            compare(args.runs, env, args.vs_src.resolve())
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if args.imports:
            for name, cmd in cmds.items():
                if name != "python -c pass":
                    print(f"\nslowest imports of {name}:")
                    print("\n".join(slowest_imports(cmd, env, ROOT)))


if __name__ == "__main__":
    main()
