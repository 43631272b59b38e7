"""Time to read a listing page of N article links, and to put them in the crawl frontier.

    python bench/bench_listing.py [--links 100000] [--runs 3]

Builds one listing page of N distinct on-site article links (plus the same links again, as
real listings repeat teasers), then times ``parse_listing`` over it and, where the frontier
exists, recording the links in a fresh database. Prints the median and range of ``--runs``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from monitor.crawl.discover import parse_listing, parse_sitemap


def listing(links: int) -> str:
    items = "".join(f'<li><a href="/news/{2501000000 + n}/">Story {n}</a></li>' for n in range(links))
    return f"<html><body><ul>{items}{items}</ul></body></html>"


def sitemap(links: int) -> bytes:
    items = "".join(f"<url><loc>https://www.example.cn/news/{2501000000 + n}/</loc>"
                    f"<lastmod>2025-01-01T10:00:00+08:00</lastmod></url>" for n in range(links))
    return f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{items}</urlset>".encode()


def time_sitemap(body: bytes) -> float:
    started = time.perf_counter()
    parse_sitemap(body, ["www.example.cn"])
    return time.perf_counter() - started


def time_parse(html: str) -> tuple[float, int]:
    started = time.perf_counter()
    found = parse_listing(html, "https://www.example.cn/news/", None, ["www.example.cn"])
    return time.perf_counter() - started, len(found.links)


def time_frontier(urls: list[str]) -> float | None:
    """Seconds to record the links in a fresh database; None before the frontier existed."""
    with tempfile.TemporaryDirectory() as work, _store(Path(work) / "b.db") as store:
        if not hasattr(store, "frontier"):
            return None
        started = time.perf_counter()
        store.frontier.add("bench", ((u, None, None) for u in urls), "https://www.example.cn/news/")
        return time.perf_counter() - started


def _store(path: Path):  # type: ignore[no-untyped-def]
    from monitor.store.sqlite import Store

    return Store.open(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    html = listing(args.links)
    parses, adds, sitemaps, found = [], [], [], 0
    body = sitemap(args.links)
    for _ in range(args.runs):
        sitemaps.append(time_sitemap(body))
        seconds, found = time_parse(html)
        parses.append(seconds)
        urls = [f"https://www.example.cn/news/{2501000000 + n}/" for n in range(found)]
        added = time_frontier(urls)
        if added is not None:
            adds.append(added)
    print(f"links on the page: {args.links} (each twice); distinct links found: {found}")
    print(f"parse_listing: median {statistics.median(parses):.2f} s "
          f"(min {min(parses):.2f}, max {max(parses):.2f}, {args.runs} runs)")
    print(f"parse_sitemap of {args.links} <loc>: median {statistics.median(sitemaps):.2f} s")
    if adds:
        total = [p + a for p, a in zip(parses, adds, strict=True)]
        print(f"frontier add: median {statistics.median(adds):.2f} s; "
              f"listing to frontier: median {statistics.median(total):.2f} s")


if __name__ == "__main__":
    main()
