"""Replay throughput and peak memory: the stored SHINE site repeated to N articles.

    python bench/bench_replay.py [--articles 5000]

Runs `monitor replay` in a child process (the whole command: discovery, parsing, classifying,
storing) on a fresh database, then again on the same database (nothing new), and reports
articles/s and the child's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _synth import build_site


def run(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build_site(work / "site", args.articles)
        env = {**os.environ, "MONITOR_DB": str(work / "bench.db"), "MONITOR_LOG_FORMAT": "json",
               "MONITOR_LOG__LEVEL": "WARNING"}
        cmd = [sys.executable, "-m", "monitor", "replay", str(work / "site")]
        first, out = run(cmd, env, work)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        second, out2 = run(cmd, env, work)
        size_mb = (work / "bench.db").stat().st_size / 1e6
    print(f"articles            {args.articles}")
    print(f"first replay        {first:.2f} s  = {args.articles / first:,.0f} articles/s (whole process)")
    print(f"peak RSS            {peak_mb:.0f} MB")
    print(f"second replay       {second:.2f} s  ({out2.strip().splitlines()[0]})")
    print(f"database size       {size_mb:.1f} MB")
    print(f"first run said      {out.strip().splitlines()[0]}")


if __name__ == "__main__":
    main()
