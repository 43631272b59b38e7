"""The page pool: worker processes that parse and classify while the crawl fetches."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import SHINE_PAGES, SHINE_SITE
from monitor.config import Settings, SourceConfig, load_settings
from monitor.crawl.cpu import MIN_ARTICLES, PageAnalyser, PagePool, _frame, _read_frame, pool_size, serve
from monitor.errors import ParseError
from monitor.models import Article, Classification

PAGES = sorted(p for p in SHINE_PAGES.glob("*.html") if not p.name.startswith("listing"))
NOT_AN_ARTICLE = "<html><head></head><body><nav>Home</nav></body></html>"
SOURCE = SourceConfig(name="shine-district", profile="shine", listing_urls=["https://www.shine.cn/feature/district/"],
                      allowed_domains=["www.shine.cn"])
PageAnalysis = tuple[Article, Classification | None]


def url_of(page: Path) -> str:
    return f"https://www.shine.cn/feature/district/{page.stem}/"


def job(page: Path) -> tuple[str, str, SourceConfig, str, None]:
    return (page.read_text(encoding="utf-8"), url_of(page), SOURCE, "shine", None)


@pytest.fixture(scope="module")
def module_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data = tmp_path_factory.mktemp("data")
    return load_settings(environ={"MONITOR_DATA_DIR": str(data)})


@pytest.fixture(scope="module")
def local(module_settings: Settings) -> PageAnalyser:
    return PageAnalyser.load(module_settings)


async def _until_ready(pool: PagePool) -> None:
    for _ in range(600):
        if all(w.ready for w in pool._workers):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the worker never became ready")


@pytest.fixture(scope="module")
def from_worker(module_settings: Settings, local: PageAnalyser) -> dict[str, PageAnalysis | BaseException]:
    """Every stored page, and one that holds no article, analysed once by one worker process."""
    jobs = {page.stem: job(page) for page in PAGES}
    jobs["no-article"] = (NOT_AN_ARTICLE, "https://www.shine.cn/x/", SOURCE, "shine", None)

    async def go() -> dict[str, PageAnalysis | BaseException]:
        async with PagePool(module_settings, 1, local) as pool:
            await _until_ready(pool)
            answers = await asyncio.gather(*(pool.analyse(*j) for j in jobs.values()),
                                           return_exceptions=True)
            return dict(zip(jobs, answers, strict=True))

    return asyncio.run(go())


@pytest.mark.parametrize(("setting", "paced", "articles", "cores", "expected"), [
    ("auto", False, 2000, 2, 1),
    ("auto", False, 2000, 8, 7),
    ("auto", True, 2000, 2, 0),
    ("auto", False, MIN_ARTICLES - 1, 2, 0),
    ("auto", False, 2000, 1, 0),
    (3, True, 5, 2, 3),
    (0, False, 2000, 2, 0),
    (2, False, 2000, 1, 0),
])
def test_pool_size(setting: Any, paced: bool, articles: int, cores: int, expected: int) -> None:
    assert pool_size(setting, paced=paced, articles=articles, cores=cores) == expected


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_worker_gives_what_the_crawl_would(from_worker: dict[str, Any], local: PageAnalyser,
                                           page: Path) -> None:
    assert from_worker[page.stem] == local.analyse(*job(page))


@pytest.mark.slow
def test_page_without_an_article_raises_parse_error(from_worker: dict[str, Any]) -> None:
    error = from_worker["no-article"]
    assert isinstance(error, ParseError) and error.path == "https://www.shine.cn/x/"


@pytest.mark.slow
def test_pages_before_the_worker_is_ready_are_analysed_in_process(module_settings: Settings,
                                                                    local: PageAnalyser) -> None:
    async def go() -> int:
        async with PagePool(module_settings, 1, local) as pool:
            await pool.analyse(*job(PAGES[0]))
            return pool.analysed_in_workers

    assert asyncio.run(go()) == 0


@pytest.mark.slow
def test_a_dead_worker_leaves_the_pages_to_the_crawl(module_settings: Settings, local: PageAnalyser) -> None:
    async def go() -> PageAnalysis:
        async with PagePool(module_settings, 1, local) as pool:
            await _until_ready(pool)
            pool._workers[0].process.kill()
            await pool._workers[0].process.wait()
            return await pool.analyse(*job(PAGES[0]))

    assert asyncio.run(go()) == local.analyse(*job(PAGES[0]))


def test_worker_answers_each_job_in_order(module_settings: Settings) -> None:
    jobs = [job(PAGES[0]), (NOT_AN_ARTICLE, "https://www.shine.cn/x/", SOURCE, "shine", None)]
    stdin = io.BytesIO(b"".join(_frame(m) for m in [(module_settings, False, False), *jobs]))
    stdout = io.BytesIO()
    serve(stdin, stdout)
    stdout.seek(0)
    answers = [_read_frame(stdout) for _ in range(3)]
    assert [a if a == "ready" else a[0] for a in answers] == ["ready", "ok", "no-article"]


def _stored(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("select a.id, a.content_hash, c.partnership, c.kind, c.parties from articles a "
                            "join classifications c on c.article_id = a.id order by a.id").fetchall()


@pytest.mark.slow
def test_replay_with_a_worker_stores_what_in_process_stores(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    stored = {}
    for workers in ("0", "1"):
        db = tmp_path / f"workers-{workers}.db"
        monkeypatch.setenv("MONITOR_DB", str(db))
        monkeypatch.setenv("MONITOR_FETCH__CPU_WORKERS", workers)
        assert run_cli("replay", SHINE_SITE).exit_code == 0
        stored[workers] = _stored(db)
    assert stored["1"] == stored["0"] and len(stored["0"]) == len(PAGES)


@pytest.mark.slow
def test_run_sends_its_pages_to_a_pool_it_is_given(settings: Settings, tmp_path: Path) -> None:
    from monitor.crawl.fetch import Fetcher, build_client
    from monitor.crawl.pipeline import Context, run_source
    from monitor.crawl.replay import find_sites, replay_transport
    from monitor.store.sqlite import Store

    sites = find_sites(SHINE_SITE)
    local = PageAnalyser.load(settings)

    async def go() -> int:
        async with PagePool(settings, 1, local) as pool, \
                build_client(settings.fetch, transport=replay_transport(sites)) as client:
            await _until_ready(pool)
            with Store.open(tmp_path / "pool.db") as store:
                ctx = Context(settings=settings, store=store, fetcher=Fetcher(client, settings.fetch, polite=False),
                              profiles=local.profiles, classify=local.classify, districts=local.districts,
                              pages=pool)
                stats = await run_source(ctx, settings.source(sites[0].source))
            assert stats.stored_new == len(PAGES)
            return pool.analysed_in_workers

    assert asyncio.run(go()) == len(PAGES)
