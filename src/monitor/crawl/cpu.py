"""Parse and classify fetched pages on the other cores while the event loop fetches.

A crawl that is not paced (politeness off, or replay) is bound by the CPU, and all of that work
used to run on the event loop's thread: one core fetched, parsed, classified and stored while
the other idled. ``PagePool`` sends each page's analysis (``pipeline.analyse_page``: parse,
normalize, classify) to worker processes; the loop keeps fetching and storing.

Each worker (``python -m monitor.crawl.cpu``) loads the settings, site profiles, partnership
rules and district gazetteer once, when it starts; a job carries only the page's text, its URL,
the source's configuration and its profile's name (and the link's date), and comes back as pickled
models. A worker that dies (killed for memory, say) does not end the run: its pages, and every
page after, are analysed in-process.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import struct
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, cast

from monitor.errors import ParseError

if TYPE_CHECKING:
    from monitor.config import Settings, SiteProfile, SourceConfig
    from monitor.models import Article, Classification

    # What one page's analysis gives back: its article and its verdict (pipeline.analyse_page).
    PageAnalysis = tuple[Article, Classification | None]

__all__ = ["MIN_ARTICLES", "PageAnalyser", "PagePool", "pool_size", "serve"]

log = logging.getLogger("monitor.crawl.cpu")

# Below this many articles a run finishes before a worker process has started and loaded its rules.
MIN_ARTICLES = 64


def pool_size(setting: Literal["auto"] | int, *, paced: bool, articles: int,
              cores: int | None = None) -> int:
    """Worker processes for one run; 0 means analyse in the crawl's own process.

    "auto" uses every core but the event loop's, and only for an unpaced run big enough to repay
    starting the workers: a paced crawl waits on its delays, not on the CPU. A number is taken
    as given, except that one core has nothing to share.
    """
    cores = (os.cpu_count() or 1) if cores is None else cores
    if cores < 2:
        return 0
    if setting != "auto":
        return setting
    return 0 if paced or articles < MIN_ARTICLES else cores - 1


@dataclass(frozen=True)
class PageAnalyser:
    """What analysing a page needs, loaded once: in a worker, or in the crawl's own process."""

    tz: tzinfo
    profiles: dict[str, SiteProfile]
    classify: Callable[[Article], Classification] | None
    districts: Callable[[str], list[str]] | None

    @classmethod
    def load(cls, settings: Settings, *, classify: bool = True, districts: bool = True) -> PageAnalyser:
        """Profiles, rules and gazetteer from the settings, as the CLI builds them."""
        import functools

        from monitor.config import load_profiles
        from monitor.tag.classify import classify as verdict
        from monitor.tag.classify import load_rules
        from monitor.tag.districts import find_districts, load_gazetteer

        rules = load_rules(settings.find_config("rules/partnership.toml")) if classify else None
        gazetteer = load_gazetteer(settings.find_config("districts.toml")) if districts else None
        return cls(tz=settings.tz, profiles=load_profiles(settings),
                   classify=functools.partial(verdict, rules=rules) if rules else None,
                   districts=functools.partial(find_districts, gazetteer=gazetteer) if gazetteer else None)

    def analyse(self, html: str, url: str, source: SourceConfig, profile: str,
                published: datetime | None = None) -> PageAnalysis:
        from monitor.crawl.pipeline import PageRules, analyse_page

        chosen = None if profile == "generic" else self.profiles.get(profile)
        rules = PageRules(chosen, self.tz, self.classify, self.districts)
        return analyse_page(rules, html, url, source, published)


# -- the worker side: `python -m monitor.crawl.cpu`, speaking length-prefixed pickles on stdio --

def _frame(message: object) -> bytes:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return struct.pack(">I", len(payload)) + payload


def _read_frame(stream: BinaryIO) -> Any:
    header = stream.read(4)
    if len(header) < 4:
        return None
    return pickle.loads(stream.read(struct.unpack(">I", header)[0]))


def _answer(analyser: PageAnalyser, job: tuple[str, str, SourceConfig, str, datetime | None]
            ) -> tuple[str, Any]:
    try:
        return "ok", analyser.analyse(*job)
    except ParseError as exc:  # a ParseError does not survive pickling; its reason does
        return "no-article", exc.problem


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """A worker's life: load once, say ready, then answer jobs in order until stdin closes.
    An unexpected error ends the worker; the crawl then analyses its pages itself and meets the
    same error there."""
    settings, classify, districts = _read_frame(stdin)
    analyser = PageAnalyser.load(settings, classify=classify, districts=districts)
    stdout.write(_frame("ready"))
    stdout.flush()
    while (job := _read_frame(stdin)) is not None:
        stdout.write(_frame(_answer(analyser, job)))
        stdout.flush()


# -- the crawl's side ------------------------------------------------------------------------------

class _WorkerGone(Exception):
    """The worker exited with jobs still unanswered."""


@dataclass
class _Worker:
    process: asyncio.subprocess.Process
    pending: deque[asyncio.Future[tuple[str, Any]]] = field(default_factory=deque)
    ready: bool = False
    alive: bool = True
    reader: asyncio.Task[None] | None = None

    async def read_answers(self) -> None:
        assert self.process.stdout is not None
        try:
            while True:
                header = await self.process.stdout.readexactly(4)
                answer = pickle.loads(await self.process.stdout.readexactly(struct.unpack(">I", header)[0]))
                if answer == "ready":
                    self.ready = True
                elif self.pending and not (waiting := self.pending.popleft()).done():
                    waiting.set_result(answer)  # a cancelled crawl no longer waits for its answer
        except (asyncio.IncompleteReadError, ConnectionError):
            self.alive = False
            while self.pending:
                if not (waiting := self.pending.popleft()).done():
                    waiting.set_exception(_WorkerGone())


class PagePool:
    """Worker processes analysing pages for the crawl, fed through pipes by the event loop itself
    (no threads in the crawl: a thread pickling beside the loop costs the loop its GIL).

    Until a worker has loaded its rules, and after one has died, pages are analysed in-process,
    so starting the pool never holds the crawl up. Use as ``async with PagePool(...) as pool``.
    """

    def __init__(self, settings: Settings, workers: int, local: PageAnalyser) -> None:
        """``local`` analyses in the crawl's process (what it has loaded already); the workers
        load the same profiles, and rules and gazetteer when ``local`` uses them."""
        self.settings = settings
        self.size = workers
        self.local = local
        self._workers: list[_Worker] = []
        self.analysed_in_workers = 0

    async def __aenter__(self) -> PagePool:
        for _ in range(self.size):
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "monitor.crawl.cpu", stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE)
            worker = _Worker(process)
            assert process.stdin is not None
            process.stdin.write(_frame((self.settings, self.local.classify is not None,
                                        self.local.districts is not None)))
            worker.reader = asyncio.create_task(worker.read_answers())
            self._workers.append(worker)
        return self

    async def __aexit__(self, *exc: object) -> None:
        for worker in self._workers:
            assert worker.process.stdin is not None
            worker.process.stdin.close()
        for worker in self._workers:
            try:
                await asyncio.wait_for(worker.process.wait(), timeout=5)
            except TimeoutError:
                worker.process.kill()
                await worker.process.wait()
            if worker.reader is not None:
                await worker.reader

    async def analyse(self, html: str, url: str, source: SourceConfig, profile: str,
                      published: datetime | None = None) -> PageAnalysis:
        """The page's analysis; raises ParseError as ``analyse_page`` does."""
        job = (html, url, source, profile, published)
        ready = [w for w in self._workers if w.ready and w.alive]
        if not ready:
            return self.local.analyse(*job)
        worker = min(ready, key=lambda w: len(w.pending))
        future: asyncio.Future[tuple[str, Any]] = asyncio.get_running_loop().create_future()
        worker.pending.append(future)
        assert worker.process.stdin is not None
        try:
            worker.process.stdin.write(_frame(job))
            await worker.process.stdin.drain()
            kind, value = await future
        except (_WorkerGone, ConnectionError):
            future.cancel()
            log.warning("page worker exited; analysing in-process", extra={"url": url})
            return self.local.analyse(*job)
        self.analysed_in_workers += 1
        if kind == "no-article":
            raise ParseError(url, value)
        return cast("PageAnalysis", value)


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
