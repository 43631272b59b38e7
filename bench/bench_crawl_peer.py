"""Crawl throughput side by side: `monitor crawl --once` against a Scrapy + trafilatura peer.

    python bench/bench_crawl_peer.py [--articles 2000] [--runs 3] [--connections 16]
                                     [--peer-venv DIR] [--monitor-only] [--profile]
                                     [--variant 'LABEL:KEY=VALUE,KEY=VALUE' ...]

Builds a loopback site of N articles from the stored SHINE pages (bench/_synth.py), serves it from
a separate process on 127.0.0.1 (pages held in memory, one write per answer, real ETag handling,
so the server costs both crawlers as little as possible), then alternates the two crawlers
``--runs`` times on the same site, each from a fresh start (empty database / empty output file),
politeness off, 16 connections, robots.txt obeyed. Figures are per whole process, from spawn to
exit: articles per second of wall time, CPU seconds (user + system, page workers included), the
crawl process's own CPU seconds without its page workers (what is left on the event loop), peak
RSS (the largest single process); medians of the runs, and monitor's ratio to the peer.

The peer (Scrapy 2.x + trafilatura 2.x) is installed by this script into its own virtual
environment (default: ~/.cache/monitor-bench/peer-venv), never into monitor's; its spider is
bench/peer/spider.py. Each ``--variant`` adds a row: monitor run with those environment
settings (``'in-process:MONITOR_FETCH__CPU_WORKERS=0'``), alternating with the others.
``--profile`` adds one more monitor run under cProfile, not timed, and prints where the crawl's
own process (the event loop; its page workers are not profiled) spends its CPU, by library and
by monitor module.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
# trafilatura imports lxml.html.clean, which lxml 6 ships as its own package.
PEER_PACKAGES = ["scrapy>=2.19,<3", "trafilatura>=2.3,<3", "lxml_html_clean"]
SPIDER = HERE / "peer" / "spider.py"
STATS_PATH = "/__stats"
# `python -m monitor` that also says, at exit, how much CPU the crawl's own process used apart
# from its page workers: the work left on the event loop, which bounds the crawl's speed.
OWN_CPU = ("import atexit, resource, runpy, sys\n"
           "def own():\n"
           "    u = resource.getrusage(resource.RUSAGE_SELF)\n"
           "    print(f'own-cpu {u.ru_utime + u.ru_stime:.3f}', file=sys.stderr)\n"
           "atexit.register(own)\n"
           "runpy.run_module('monitor', run_name='__main__')\n")
# The same command under cProfile, its statistics written to the file named first.
PROFILED = ("import cProfile, sys\n"
            "out = sys.argv.pop(1)\n"
            "cProfile.run(\"import runpy; runpy.run_module('monitor', run_name='__main__')\", out)\n")


# -- the loopback server (runs in its own process: `--serve MANIFEST`) --------------------------

def _render(status: int, headers: dict[str, str], body: bytes) -> bytes:
    reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}.get(status, "OK")
    lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}"]
    lines += [f"{k}: {v}" for k, v in headers.items()
              if k not in ("content-length", "transfer-encoding", "connection")]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@dataclass
class _Page:
    full: bytes
    not_modified: bytes
    etag: str | None
    last_modified: str | None

    def answer(self, if_none_match: str | None, if_modified_since: str | None) -> tuple[int, bytes]:
        if if_none_match is not None:
            tags = [t.strip() for t in if_none_match.split(",")]
            return (304, self.not_modified) if self.etag in tags else (200, self.full)
        if if_modified_since and self.last_modified:
            try:
                newer = (email.utils.parsedate_to_datetime(self.last_modified)
                         > email.utils.parsedate_to_datetime(if_modified_since))
            except (TypeError, ValueError):
                newer = True
            if not newer:
                return 304, self.not_modified
        return 200, self.full


def _load_pages(manifest: Path, base_url: str) -> dict[str, _Page]:
    from monitor.crawl.replay import load_site

    site = load_site(manifest)
    pages: dict[str, _Page] = {}
    for url, stored in site.responses.items():
        origin = url.split("/", 3)[:3]
        body = stored.body().replace("/".join(origin).encode(), base_url.encode())
        validators = {k: v for k, v in stored.headers.items() if k in ("etag", "last-modified")}
        path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
        pages[path] = _Page(_render(stored.status, stored.headers, body), _render(304, validators, b""),
                            stored.headers.get("etag"), stored.headers.get("last-modified"))
    return pages


class _Http(asyncio.Protocol):
    """HTTP/1.1 keep-alive, GET only: enough for two crawlers, at a few microseconds an answer."""

    def __init__(self, pages: dict[str, _Page], counts: dict[str, int]) -> None:
        self.pages, self.counts, self.buffer = pages, counts, b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head, self.buffer = self.buffer[:end].decode("latin-1"), self.buffer[end + 4:]
            self._answer(head)

    def _answer(self, head: str) -> None:
        assert self.transport is not None
        request_line, *header_lines = head.split("\r\n")
        target = request_line.split(" ")[1] if " " in request_line else "/"
        headers = {}
        for line in header_lines:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        if target == STATS_PATH:
            self.transport.write(_render(200, {"content-type": "application/json"},
                                         json.dumps(self.counts).encode()))
        elif (page := self.pages.get(target)) is None:
            self.counts["404"] = self.counts.get("404", 0) + 1
            self.transport.write(_render(404, {"content-type": "text/plain"}, b"not found"))
        else:
            status, answer = page.answer(headers.get("if-none-match"), headers.get("if-modified-since"))
            self.counts[str(status)] = self.counts.get(str(status), 0) + 1
            self.transport.write(answer)
        if headers.get("connection", "").lower() == "close":
            self.transport.close()


async def _serve(manifest: Path) -> None:
    counts: dict[str, int] = {}
    pages: dict[str, _Page] = {}
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Http(pages, counts), "127.0.0.1", 0, backlog=256)
    port = server.sockets[0].getsockname()[1]
    pages.update(_load_pages(manifest, f"http://127.0.0.1:{port}"))
    print(port, flush=True)
    async with server:
        await server.serve_forever()


class LoopbackSite:
    """The server process: started on enter, stopped on exit; ``stats()`` counts answers by status."""

    def __init__(self, manifest: Path) -> None:
        self.manifest = manifest
        self.process: subprocess.Popen[str] | None = None
        self.base_url = ""

    def __enter__(self) -> LoopbackSite:
        self.process = subprocess.Popen([sys.executable, __file__, "--serve", str(self.manifest)],
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        self.base_url = f"http://127.0.0.1:{int(self.process.stdout.readline())}"
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def stats(self) -> dict[str, int]:
        from urllib.request import urlopen

        with urlopen(self.base_url + STATS_PATH, timeout=10) as answer:
            return {k: int(v) for k, v in json.loads(answer.read()).items()}


# -- the peer's environment -------------------------------------------------------------------

def peer_python(venv: Path) -> Path:
    """The peer venv's interpreter, creating the venv and installing the peer on first use."""
    python = venv / "bin" / "python"
    marker = venv / ".monitor-bench-peer"
    if marker.exists() and marker.read_text() == " ".join(PEER_PACKAGES):
        return python
    print(f"installing the peer ({', '.join(PEER_PACKAGES)}) into {venv} …", flush=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *PEER_PACKAGES], check=True)
    marker.write_text(" ".join(PEER_PACKAGES))
    return python


def peer_versions(python: Path) -> str:
    code = "import scrapy, trafilatura; print(f'Scrapy {scrapy.__version__} + trafilatura {trafilatura.__version__}')"
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True).stdout.strip()


# -- one measured run ---------------------------------------------------------------------------

@dataclass
class Run:
    articles: int
    wall: float
    cpu: float
    peak_mb: float
    own_cpu: float = 0.0

    @property
    def rate(self) -> float:
        return self.articles / self.wall


def measure(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one child process, from spawn to exit."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if process.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({process.returncode}):\n{output[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output




def parse_variant(text: str) -> tuple[str, dict[str, str]]:
    label, _, settings = text.partition(":")
    return label, dict(kv.split("=", 1) for kv in settings.split(",") if kv)


def run_monitor(work: Path, base: str, args: argparse.Namespace, extra: dict[str, str]) -> Run:
    shutil.rmtree(work / "data", ignore_errors=True)
    from _synth import loopback_config

    config = loopback_config(work, base, args.articles, args.connections, name="monitor.toml")
    env = {**os.environ, "MONITOR_CONFIG": str(config), **extra}
    env.pop("MONITOR_DB", None)
    wall, cpu, peak, output = measure([sys.executable, "-c", OWN_CPU, "crawl", "--once"], env, work)
    lines = output.strip().splitlines()
    first = next((line for line in lines if " new, " in line), "")
    stored = int(first.split(": ", 1)[1].split(" new")[0]) if first else 0
    own = next((float(line.split()[1]) for line in lines if line.startswith("own-cpu ")), cpu)
    return Run(stored, wall, cpu, peak, own)


def profile_monitor(work: Path, base: str, args: argparse.Namespace) -> list[tuple[str, float]]:
    """One untimed crawl under cProfile: the event loop's CPU seconds by where the code lives."""
    import pstats

    shutil.rmtree(work / "data", ignore_errors=True)
    from _synth import loopback_config

    config = loopback_config(work, base, args.articles, args.connections, name="monitor.toml")
    env = {**os.environ, "MONITOR_CONFIG": str(config)}
    env.pop("MONITOR_DB", None)
    out = work / "crawl.prof"
    subprocess.run([sys.executable, "-c", PROFILED, str(out), "crawl", "--once"], env=env, cwd=work,
                   check=True, capture_output=True)
    groups: dict[str, float] = {}
    for (filename, _line, _name), row in pstats.Stats(str(out)).stats.items():  # type: ignore[attr-defined]
        if filename == "~":  # a built-in (C) function: its time goes to whoever called it
            for (caller_file, _l, _n), called in row[4].items():
                groups[code_group(caller_file)] = groups.get(code_group(caller_file), 0.0) + called[2]
        else:
            groups[code_group(filename)] = groups.get(code_group(filename), 0.0) + row[2]
    return sorted(groups.items(), key=lambda item: -item[1])


def code_group(filename: str) -> str:
    """`monitor.crawl.fetch` for monitor's own modules, the distribution for a library's, and
    `stdlib asyncio` and the like for the standard library's."""
    path = Path(filename)
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1].removesuffix(".py")
    if "monitor" in path.parts:
        return ".".join(path.parts[path.parts.index("monitor"):]).removesuffix(".py")
    library = next((i for i, part in enumerate(path.parts) if part.startswith("python3")), None)
    if library is not None and library + 1 < len(path.parts):
        return "stdlib " + path.parts[library + 1].removesuffix(".py")
    return filename


def run_peer(work: Path, base: str, python: Path) -> Run:
    out = work / "peer.jsonl"
    out.unlink(missing_ok=True)
    cmd = [str(python), "-m", "scrapy", "runspider", str(SPIDER), "-a", f"start={base}/feature/district/",
           "-O", str(out), "-s", "LOG_LEVEL=WARNING"]
    wall, cpu, peak, _ = measure(cmd, {**os.environ, "SCRAPY_SETTINGS_MODULE": ""}, work)
    with out.open(encoding="utf-8") as items:
        extracted = sum(1 for line in items if json.loads(line).get("text"))
    return Run(extracted, wall, cpu, peak, cpu)


# -- the table ------------------------------------------------------------------------------------

def median(runs: list[Run], key: str) -> float:
    return statistics.median(getattr(run, key) for run in runs)


def report(name: str, runs: list[Run]) -> None:
    rates = " ".join(f"{r.rate:.0f}" for r in runs)
    print(f"{name:<34} {median(runs, 'rate'):>8.0f} {median(runs, 'cpu'):>8.1f} {median(runs, 'own_cpu'):>8.1f} "
          f"{median(runs, 'peak_mb'):>8.0f} {median(runs, 'articles'):>9.0f}   runs: {rates}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--peer-venv", type=Path, default=Path.home() / ".cache" / "monitor-bench" / "peer-venv")
    parser.add_argument("--monitor-only", action="store_true", help="skip the peer")
    parser.add_argument("--profile", action="store_true",
                        help="one more monitor run under cProfile: where the event loop's CPU goes")
    parser.add_argument("--variant", action="append", default=[], type=parse_variant,
                        help="LABEL:KEY=VALUE,... a monitor run with these environment settings")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.serve))
        return
    from _synth import build_site

    python = None if args.monitor_only else peer_python(args.peer_venv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        manifest = build_site(work / "site", args.articles)
        variants = args.variant or [("monitor crawl --once", {})]
        ours: dict[str, list[Run]] = {label: [] for label, _ in variants}
        theirs: list[Run] = []
        with LoopbackSite(manifest) as site:
            for _ in range(args.runs):
                for label, extra in variants:
                    ours[label].append(run_monitor(work, site.base_url, args, extra))
                if python is not None:
                    theirs.append(run_peer(work, site.base_url, python))
            served = site.stats()
            profile = profile_monitor(work, site.base_url, args) if args.profile else []
    print(f"loopback site: {args.articles} articles, {args.connections} connections, politeness off; "
          f"{args.runs} runs each, alternating; medians (whole process)")
    print(f"server answers: {served}")
    print(f"{'':<34} {'art/s':>8} {'CPU s':>8} {'own CPU':>8} {'peak MB':>8} {'articles':>9}")
    for label, runs in ours.items():
        report(label, runs)
    if python is not None:
        report(peer_versions(python), theirs)
        for label, runs in ours.items():
            rate_ratio = median(runs, "rate") / median(theirs, "rate")
            cpu_ratio = median(theirs, "cpu") / median(runs, "cpu")
            # Each round's pair ran back to back, under the same load from the rest of the machine.
            paired = statistics.median(o.rate / t.rate for o, t in zip(runs, theirs, strict=True))
            print(f"ratio, {label}: articles/s {rate_ratio:.2f}× (median of the rounds' own ratios "
                  f"{paired:.2f}×), CPU seconds {cpu_ratio:.2f}× fewer")
    if profile:
        total = sum(seconds for _, seconds in profile)
        print(f"profile of one more monitor run, the crawl's own process ({total:.1f} CPU s under "
              "cProfile; page workers not included):")
        for group, seconds in profile[:15]:
            print(f"  {group:<40} {seconds:7.2f} s  {100 * seconds / total:5.1f}%")


if __name__ == "__main__":
    main()
