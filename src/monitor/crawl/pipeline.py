"""One run over one source: discover → frontier → fetch → parse → classify → store.

Live crawling, replay and the daemon all call ``run_source``; only the httpx transport under the
Fetcher differs. Every link a run discovers lands in the frontier (store/frontier.py) as soon as
its page is read, and each article is marked there once stored, so a run killed, limited, failed
or shut down is resumed by the next one exactly where it stopped. A listing's validators (ETag,
Last-Modified) are kept only when everything it led to is stored or failed for good.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from monitor.config import Settings, SiteProfile, SourceConfig
from monitor.crawl.cpu import PageAnalyser, PagePool, pool_size
from monitor.crawl.discover import Discovered, Link, parse_feed, parse_listing, parse_sitemap
from monitor.crawl.fetch import Fetcher, FetchResult, HostPolicy
from monitor.errors import ParseError
from monitor.models import Article, Classification, RunStats
from monitor.read.parse import decode_html, parse_html
from monitor.store.sqlite import Store
from monitor.urls import host_of, is_allowed

__all__ = ["Context", "PageRules", "analyse_page", "run_source", "run_sources"]

log = logging.getLogger("monitor.crawl.pipeline")
_FLUSH_EVERY = 50
_MAX_WORKERS = 16
# Outcomes that will not change by asking again: the URL is settled as dead at once.
_PERMANENT = frozenset({"robots-denied", "off-site-redirect", "too-many-redirects", "bad-url",
                        "bad-redirect", "too-large", "bad-content-type", "bad-encoding", "no-article"})
# Outcomes where the URL was not tried at all: it stays due without using up an attempt.
_NOT_TRIED = frozenset({"circuit-open", "robots-unavailable"})
_SKIP_NOT_FAIL = frozenset({"robots-denied", "off-site-redirect"})
Progress = Callable[[str, int, int], None]
Validators = dict[str, tuple[str | None, str | None]]


@dataclass
class Context:
    """What a run needs, built once by the CLI or the daemon and passed down."""

    settings: Settings
    store: Store
    fetcher: Fetcher
    profiles: Mapping[str, SiteProfile]
    classify: Callable[[Article], Classification] | None = None
    districts: Callable[[str], list[str]] | None = None
    warned_profiles: set[str] = field(default_factory=set)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    progress: Progress | None = None  # (source, articles done, articles due), for a terminal
    pages: PagePool | None = None  # worker processes that analyse pages (crawl/cpu.py)


@dataclass(frozen=True)
class PageRules:
    """The parts of the context that reading one page needs; plain values, so a worker process
    can be handed them."""

    profile: SiteProfile | None
    tz: tzinfo
    classify: Callable[[Article], Classification] | None = None
    districts: Callable[[str], list[str]] | None = None


@dataclass
class _Walk:
    """What discovery learnt: each listing page's validators and the article URLs on it."""

    validators: Validators = field(default_factory=dict)
    led_to: dict[str, list[str]] = field(default_factory=dict)
    links: int = 0


async def run_sources(ctx: Context, sources: list[SourceConfig]) -> list[RunStats]:
    return [await run_source(ctx, source) for source in sources if source.enabled]


async def run_source(ctx: Context, source: SourceConfig) -> RunStats:
    stats = RunStats(source=source.name, started_at=datetime.now(UTC))
    profile = ctx.profiles.get(source.profile) if source.profile != "generic" else None
    _apply_politeness(ctx, source)
    requests_before = ctx.fetcher.requests
    walk = _Walk()
    try:
        # 1. Discover article links; each page's links go into the frontier as it is read.
        await _discover(ctx, source, profile, stats, walk)
        # 2. Take what the frontier holds for the source: new links and any an earlier run left.
        todo = _select(ctx, source, stats, walk)
        # 3. Fetch, parse, classify and store each one, a few at a time, until told to stop.
        async with _page_pool(ctx, len(todo)):
            await _ingest_all(ctx, source, PageRules(profile, ctx.settings.tz, ctx.classify,
                                                     ctx.districts), todo, stats)
        # 4. Trust unchanged listing pages next time only if all they led to is settled.
        _keep_validators(ctx, walk)
    finally:
        stats.cut_short = ctx.stop.is_set()
        stats.requests = ctx.fetcher.requests - requests_before
        ctx.store.log_fetches(ctx.fetcher.drain_log())
        _note_hosts(ctx, source, stats)
        stats.finished_at = datetime.now(UTC)
        ctx.store.record_run(stats)
        _log_run(stats)
    return stats


def _source_hosts(source: SourceConfig) -> set[str]:
    return {host_of(url) for url in [*source.listing_urls, *source.sitemaps, *source.feeds]}


def _note_hosts(ctx: Context, source: SourceConfig, stats: RunStats) -> None:
    """Say in the run and the source's health when a host is left alone after repeated failures,
    when its robots.txt could not be used, and when its Crawl-delay was capped."""
    hosts = _source_hosts(source)
    reopen = [when for host in hosts if (when := ctx.fetcher.circuit_open_until(host))]
    robots = [ctx.fetcher.notes[host] for host in sorted(hosts) if host in ctx.fetcher.notes]
    ctx.store.set_source_fields(source.name,
                                circuit_open_until=max(reopen).isoformat() if reopen else None,
                                robots_problem="; ".join(robots)[:500] or None)
    if reopen:
        stats.failures.append(f"backing off {', '.join(sorted(hosts))} until {max(reopen).isoformat()}")
    unavailable = [note for note in robots if "unavailable" in note]
    stats.failures.extend(unavailable)
    stats.notes.extend(note for key, note in sorted(ctx.fetcher.notes.items())
                       if key.split(" ", 1)[0] in hosts and note not in unavailable)


def _apply_politeness(ctx: Context, source: SourceConfig) -> None:
    fetch = ctx.settings.fetch
    policy = HostPolicy(delay=fetch.delay_per_host if source.delay_seconds is None else source.delay_seconds,
                        concurrency=source.concurrency or fetch.concurrency_per_host)
    for host in _source_hosts(source):
        ctx.fetcher.set_policy(host, policy)


async def _get(ctx: Context, url: str, source: SourceConfig, conditional: bool) -> FetchResult:
    etag, modified = ctx.store.validators(url) if conditional else (None, None)
    return await ctx.fetcher.get(url, domains=source.domains(), source=source.name,
                                 etag=etag, last_modified=modified)


def _note_failure(stats: RunStats, result: FetchResult) -> None:
    if result.outcome in _SKIP_NOT_FAIL:
        stats.skip(result.outcome)
    else:
        detail = f" ({result.error})" if result.error else ""
        stats.failures.append(f"{result.url}: {result.outcome}{detail}")


# -- 1. discovery -----------------------------------------------------------------------------


async def _discover(ctx: Context, source: SourceConfig, profile: SiteProfile | None,
                    stats: RunStats, walk: _Walk) -> None:
    starts = list(dict.fromkeys([*source.listing_urls, *ctx.store.frontier.pending_listings(source.name)]))
    for start in starts:
        await _walk_listing(ctx, source, profile, start, stats, walk)
    for kind, urls in (("sitemap", source.sitemaps), ("feed", source.feeds)):
        for url in urls:
            await _read_xml_index(ctx, source, profile, url, kind, stats, walk)
    stats.articles_seen = walk.links


def _remember(ctx: Context, source: SourceConfig, page: str, found: Discovered, walk: _Walk) -> int:
    """Put one page's links in the frontier at once; returns how many the frontier did not hold."""
    urls = [link.url for link in found.links]
    walk.led_to[page] = urls
    walk.links += len(urls)
    rows = ((link.url, link.published, link.title) for link in found.links)
    return ctx.store.frontier.add(source.name, rows, page, refresh=source.refresh_stored)


async def _walk_listing(ctx: Context, source: SourceConfig, profile: SiteProfile | None,
                        start: str, stats: RunStats, walk: _Walk) -> None:
    """Follow pagination up to the configured depth; stop at a page with nothing new on it.
    The next page is put in the frontier before it is fetched, so a kill resumes there."""
    url: str | None = start
    for _ in range(source.max_listing_pages):
        if url is None or url in walk.led_to or ctx.stop.is_set():
            break
        result = await _get(ctx, url, source, conditional=True)
        stats.pages_fetched += 1
        if result.outcome == "not-modified":
            stats.skip("listing-not-modified")
            ctx.store.frontier.listing_done(url)
            break
        if not result.ok:
            _note_failure(stats, result)
            break
        stats.listing_pages += 1
        walk.validators[url] = (result.etag, result.last_modified)
        found = parse_listing(decode_html(result.body, result.charset), result.final_url, profile,
                              source.domains())
        stats.skipped.update({reason: n for reason, n in found.dropped.items() if n})
        new = _remember(ctx, source, url, found, walk)
        next_page = found.next_pages[0] if found.next_pages else None
        if not source.refresh_stored and found.links and not new:
            stats.skip("listing-all-known")
            next_page = None
        if next_page is not None:
            ctx.store.frontier.add_listing(source.name, next_page, url)
        ctx.store.frontier.listing_done(url)
        url = next_page


async def _read_xml_index(ctx: Context, source: SourceConfig, profile: SiteProfile | None,
                          url: str, kind: str, stats: RunStats, walk: _Walk) -> None:
    pending: list[str] = [url]
    seen: set[str] = set()
    parser = parse_sitemap if kind == "sitemap" else parse_feed
    while pending and len(seen) < source.max_listing_pages * 10 and not ctx.stop.is_set():
        current = pending.pop()
        seen.add(current)
        result = await _get(ctx, current, source, conditional=True)
        stats.pages_fetched += 1
        if result.outcome == "not-modified":
            stats.skip(f"{kind}-not-modified")
            continue
        if not result.ok:
            _note_failure(stats, result)
            continue
        walk.validators[current] = (result.etag, result.last_modified)
        found: Discovered = parser(result.body, source.domains(), profile)
        stats.skipped.update({reason: n for reason, n in found.dropped.items() if n})
        _remember(ctx, source, current, found, walk)
        pending += [p for p in reversed(found.next_pages) if p not in seen]


# -- 2. what is due ------------------------------------------------------------------------------


def _select(ctx: Context, source: SourceConfig, stats: RunStats, walk: _Walk) -> list[Link]:
    """The source's due frontier rows, oldest first, up to ``max_articles``; the rest stay due."""
    frontier = ctx.store.frontier
    if not source.refresh_stored:
        frontier.settle_stored(source.name)
    due = frontier.due(source.name)
    discovered = {url for urls in walk.led_to.values() for url in urls}
    if already := len(discovered) - len(discovered & {row.url for row in due}):
        stats.skipped["already-stored"] += already
    if len(due) > source.max_articles:
        stats.skipped["over-max-articles"] += len(due) - source.max_articles
        due = due[: source.max_articles]
    return [Link(row.url, published=row.published, title=row.title) for row in due]


def _keep_validators(ctx: Context, walk: _Walk) -> None:
    for url, (etag, modified) in walk.validators.items():
        if not ctx.store.frontier.unsettled(walk.led_to.get(url, [])):
            ctx.store.save_validators(url, etag, modified, 200)


# -- 3. fetch, read, store -----------------------------------------------------------------------


async def _ingest_all(ctx: Context, source: SourceConfig, rules: PageRules, links: list[Link],
                      stats: RunStats) -> None:
    """A few workers take links in order; on shutdown each finishes the article in hand and
    takes no other, so what is left stays due in the frontier."""
    queue: asyncio.Queue[Link] = asyncio.Queue()
    for link in links:
        queue.put_nowait(link)
    done = 0
    concurrency = source.concurrency or ctx.settings.fetch.concurrency_per_host
    workers = max(1, min(_MAX_WORKERS, concurrency * max(1, len(source.domains())), len(links)))

    async def worker() -> None:
        nonlocal done
        while not queue.empty():
            if ctx.stop.is_set():
                stats.skipped["shutting-down"] += queue.qsize()
                while not queue.empty():
                    queue.get_nowait()
                return
            link = queue.get_nowait()
            result = await _get(ctx, link.url, source, conditional=source.refresh_stored)
            stats.pages_fetched += 1
            await _ingest(ctx, source, rules, link, result, stats)
            done += 1
            if ctx.progress is not None:
                ctx.progress(source.name, done, len(links))
            if len(ctx.fetcher.log) >= _FLUSH_EVERY:
                ctx.store.log_fetches(ctx.fetcher.drain_log())

    await asyncio.gather(*(worker() for _ in range(workers)))
    if len(links) > _FLUSH_EVERY:
        log.info("articles done", extra={"source": source.name, "done": done, "total": len(links)})


def analyse_page(rules: PageRules, text: str, url: str, source: SourceConfig,
                 published_hint: datetime | None = None) -> tuple[Article, Classification | None]:
    """All the CPU work on one fetched article page, pure: parse, normalize, classify.

    The stored key is the page's own canonical URL when it is on the source's site and looks
    like an article, so one article reached by two URLs is one row; else the URL fetched.
    Raises ParseError for a page with no article on it.
    """
    parsed = parse_html(text, url=url, profile=rules.profile, source=source.name, default_tz=rules.tz,
                        path=url, districts=rules.districts)
    article = parsed.article.model_copy(update={
        "canonical_url": _stored_key(parsed.article.canonical_url, url, source, rules.profile)})
    if article.published is None and published_hint is not None:
        article = article.model_copy(update={"published": published_hint,
                                             "date": published_hint.astimezone(rules.tz).date()})
    return article, rules.classify(article) if rules.classify else None


@asynccontextmanager
async def _page_pool(ctx: Context, articles: int) -> AsyncIterator[None]:
    """Worker processes for this run when ``fetch.cpu_workers`` says they pay (crawl/cpu.py)."""
    workers = 0 if ctx.pages else pool_size(ctx.settings.fetch.cpu_workers, paced=ctx.fetcher.polite,
                                            articles=articles)
    if not workers:
        yield
        return
    local = PageAnalyser(ctx.settings.tz, dict(ctx.profiles), ctx.classify, ctx.districts)
    async with PagePool(ctx.settings, workers, local) as pool:
        ctx.pages = pool
        try:
            yield
        finally:
            ctx.pages = None


def _stored_key(canonical: str | None, fetched: str, source: SourceConfig,
                profile: SiteProfile | None) -> str:
    if not canonical or canonical == fetched or not is_allowed(canonical, source.domains()):
        return fetched
    path = canonical.split("/", 3)[3] if canonical.count("/") >= 3 else ""
    if not path.strip("/"):
        return fetched  # a page naming the home page as canonical says nothing about itself
    if profile is not None and not re.search(profile.article_path_pattern, "/" + path):
        return fetched
    return canonical


async def _ingest(ctx: Context, source: SourceConfig, rules: PageRules, link: Link,
                  result: FetchResult, stats: RunStats) -> None:
    """Read and store one fetched article; a bad page costs that page only, with its reason."""
    frontier = ctx.store.frontier
    if result.outcome == "not-modified":
        stats.skip("not-modified")
        frontier.mark_stored([link.url], source.name)
        return
    if not result.ok:
        _note_failure(stats, result)
        _fail(ctx, link.url, result.outcome, result.error, result.status)
        return
    try:
        text = decode_html(result.body, result.charset)
        if ctx.pages is not None:
            article, verdict = await ctx.pages.analyse(text, link.url, source, source.profile,
                                                       link.published)
        else:
            article, verdict = analyse_page(rules, text, link.url, source, link.published)
    except ParseError as exc:
        stats.skip("no-article")
        log.warning("skipped page", extra={"source": source.name, "url": link.url, "reason": exc.problem})
        _fail(ctx, link.url, "no-article", exc.problem)
        return
    except Exception as exc:  # one page must never take the run down; say which and why
        stats.failures.append(f"{link.url}: parse-crashed ({type(exc).__name__}: {str(exc)[:200]})")
        log.exception("page could not be read", extra={"source": source.name, "url": link.url})
        _fail(ctx, link.url, "parse-crashed", f"{type(exc).__name__}: {exc}")
        return
    if _profile_missed(article, rules.profile):
        _warn_profile(ctx, source, link.url)
    _store(ctx, source, link, result, article, verdict, stats)


def _profile_missed(article: Article, profile: SiteProfile | None) -> bool:
    """The profile read none of title, time and body: the generic extractor carried the page."""
    if profile is None:
        return False
    own = f"profile:{profile.name}"
    return not any(article.field_extractors.get(name) == own for name in ("title", "published", "body"))


def _fail(ctx: Context, url: str, outcome: str, error: str | None, status: int | None = None) -> None:
    """Record a failed article in the frontier: for good when asking again cannot help (a 404,
    a bomb, a bad redirect), else for another try on a later run, up to the attempt limit."""
    reason = f"{outcome}: {error}" if error else outcome
    gone = outcome == "http-error" and status is not None and 400 <= status < 500 and status not in (408, 429)
    ctx.store.frontier.mark_failed(url, reason, permanent=outcome in _PERMANENT or gone,
                                   max_attempts=ctx.settings.fetch.frontier_max_attempts,
                                   counts=outcome not in _NOT_TRIED)


def _store(ctx: Context, source: SourceConfig, link: Link, result: FetchResult, article: Article,
           verdict: Classification | None, stats: RunStats) -> None:
    outcome = ctx.store.save_article(article, classification=verdict)
    ctx.store.save_validators(link.url, result.etag, result.last_modified, result.status or 200)
    ctx.store.frontier.mark_stored([link.url, article.canonical_url or link.url], source.name)
    if outcome == "new":
        stats.stored_new += 1
    elif outcome == "updated":
        stats.updated += 1
    else:
        stats.unchanged += 1
    if verdict is not None and verdict.partnership:
        stats.tagged += 1


def _warn_profile(ctx: Context, source: SourceConfig, url: str) -> None:
    """Say once per source that its profile no longer matches; the generic extractor carried on."""
    if source.name in ctx.warned_profiles:
        return
    ctx.warned_profiles.add(source.name)
    message = f"profile {source.profile!r} found no title, time or body on {url}; generic extractor used"
    ctx.store.set_source_fields(source.name, profile_warning=message)
    log.warning("profile mismatch", extra={"source": source.name, "url": url, "profile": source.profile})


def _log_run(stats: RunStats) -> None:
    log.info("source run", extra={
        "source": stats.source, "ok": stats.ok, "pages": stats.pages_fetched,
        "requests": stats.requests, "new": stats.stored_new, "updated": stats.updated,
        "unchanged": stats.unchanged, "tagged": stats.tagged, "skipped": dict(stats.skipped),
        "cut_short": stats.cut_short, "failures": stats.failures[:20], "notes": stats.notes})
