"""Store speed on SQLite and PostgreSQL, side by side in one run.

For each backend, on a fresh database: N articles saved one by one by one writer (each save one
transaction, with its classification, as the pipeline saves); the same N saved by W writers at
once, each on its own connection, a quarter of the URLs shared between writers (the case the
contract's locking is for); the median time of a ranked full-text search, and of a page of the
workspace's search (newest first, counted up to 200 past the page); and, for PostgreSQL,
`monitor migrate`'s copy of the SQLite database into it. Reports the median of R runs.

    .venv/bin/python bench/bench_store.py [--articles N] [--writers W] [--repeat R]
                                          [--postgres URL]

PostgreSQL figures need a server where the user may create databases: ``--postgres`` or
MONITOR_BENCH_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres); each run
creates a database and drops it. Without one, only SQLite is measured. Loopback only.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from monitor.models import Article, Classification
from monitor.store.contract import StoreContract, open_store
from monitor.store.copy import copy_database

WORDS = ["district", "government", "park", "enterprise", "innovation", "cooperation", "quantum",
         "residents", "project", "university", "research", "industry", "service", "community",
         "investment", "culture", "laboratory", "biotech", "agreement", "signed"]
QUERIES = ["quantum", "biotech laboratory", "cooperation agreement", "university", "culture park"]


def article(n: int, rng: random.Random) -> Article:
    url = f"https://news{n % 50}.example.org/district/{n:08d}/"
    body = [" ".join(rng.choice(WORDS) for _ in range(80)) + "." for _ in range(4)]
    published = datetime(2025, 3, 1, tzinfo=UTC) + timedelta(minutes=n)
    return Article(url=url, canonical_url=url, source=f"source-{n % 50}",
                   title=" ".join(rng.choice(WORDS) for _ in range(8)).capitalize(),
                   lede=" ".join(rng.choice(WORDS) for _ in range(25)), body=body,
                   published=published, date=published.date())


def verdict(n: int) -> Classification:
    return Classification(partnership=n % 20 == 0, score=(n % 100) / 100, version="bench")


def save_range(store: StoreContract, articles: list[Article], numbers: range | list[int]) -> None:
    for n in numbers:
        store.save_article(articles[n], classification=verdict(n))


def single_writer(url: str, articles: list[Article]) -> float:
    with open_store(url) as store:
        start = time.perf_counter()
        save_range(store, articles, range(len(articles)))
        return len(articles) / (time.perf_counter() - start)


def concurrent_writers(url: str, articles: list[Article], writers: int) -> float:
    """Each writer saves its share plus the first quarter of the next writer's share."""
    share = len(articles) // writers
    plans = [list(range(w * share, (w + 1) * share))
             + list(range(((w + 1) % writers) * share, ((w + 1) % writers) * share + share // 4))
             for w in range(writers)]
    stores = [open_store(url) for _ in range(writers)]
    threads = [threading.Thread(target=save_range, args=(s, articles, p)) for s, p in zip(stores, plans, strict=True)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    with stores[0] as check:
        assert check.count("articles") == share * writers, "a URL stored twice or lost"
    for store in stores[1:]:
        store.close()
    return sum(len(p) for p in plans) / elapsed


def search_ms(url: str) -> float:
    with open_store(url) as store:
        times = []
        for _ in range(5):
            for query in QUERIES:
                start = time.perf_counter()
                store.search(query)
                times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)


def workspace_search_ms(url: str) -> float:
    """One page of 20 of the workspace's search, as web/queries.py asks for it."""
    from monitor.store.search import SearchFilters

    with open_store(url) as store:
        times = []
        for _ in range(5):
            for query in QUERIES:
                start = time.perf_counter()
                store.search_articles(SearchFilters(q=query), limit=20, count_up_to=200)
                times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)


def copy_rows_per_s(source_url: str, target_url: str) -> float:
    with open_store(source_url) as source, open_store(target_url) as target:
        start = time.perf_counter()
        counts = copy_database(source, target)
        elapsed = time.perf_counter() - start
    assert all(c.ok for c in counts)
    return sum(c.target for c in counts) / elapsed


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    import psycopg

    name = f"monitor_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'create database "{name}"')
        try:
            yield urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))
        finally:
            admin.execute(f'drop database "{name}" with (force)')


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


def one_run(backends: dict[str, Callable[[], contextmanager[str]]], articles: list[Article],  # type: ignore[type-arg]
            writers: int) -> dict[str, dict[str, float]]:
    figures: dict[str, dict[str, float]] = {}
    with sqlite_database() as filled:
        single_writer(filled, articles)  # the source of the copy figure
        for name, fresh in backends.items():
            row: dict[str, float] = {}
            with fresh() as url:
                row["saves/s, 1 writer"] = single_writer(url, articles)
                row["search ms"] = search_ms(url)
                row["workspace search ms"] = workspace_search_ms(url)
            with fresh() as url:
                row[f"saves/s, {writers} writers"] = concurrent_writers(url, articles, writers)
            if name != "sqlite":
                with fresh() as url:
                    row["migrate rows/s"] = copy_rows_per_s(filled, url)
            figures[name] = row
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("MONITOR_BENCH_POSTGRES_URL", ""))
    args = parser.parse_args()
    rng = random.Random(16)
    articles = [article(n, rng) for n in range(args.articles)]
    backends = {"sqlite": sqlite_database}
    if args.postgres:
        backends["postgresql"] = lambda: postgres_database(args.postgres)
    else:
        print("no PostgreSQL server given (--postgres or MONITOR_BENCH_POSTGRES_URL): SQLite only")
    runs = [one_run(backends, articles, args.writers) for _ in range(args.repeat)]
    print(f"{args.articles} articles, {args.writers} concurrent writers, median of {args.repeat} runs")
    for name in backends:
        for key in runs[0][name]:
            values = [run[name][key] for run in runs]
            print(f"  {name:<11} {key:<20} {statistics.median(values):10.1f}"
                  f"   (min {min(values):.1f}, max {max(values):.1f})")


if __name__ == "__main__":
    main()
