"""One run over one source: discover → fetch → parse → classify → store.

Live crawling, replay and the daemon all call ``run_source``; only the httpx transport under the
Fetcher differs. Nothing a run learns is committed before the article it belongs to is stored, so
a run killed halfway is redone next time instead of leaving an article behind.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import NamedTuple

from monitor.config import Settings, SiteProfile, SourceConfig
from monitor.crawl.cpu import PageAnalyser, PagePool, pool_size
from monitor.crawl.discover import Discovered, Link, parse_feed, parse_listing, parse_sitemap
from monitor.crawl.fetch import Fetcher, FetchResult, HostPolicy
from monitor.errors import ParseError
from monitor.models import Article, Classification, RunStats
from monitor.read.parse import decode_html, parse_html
from monitor.store.sqlite import Store
from monitor.urls import host_of

__all__ = ["Context", "PageAnalysis", "analyse_page", "run_source", "run_sources"]

log = logging.getLogger("monitor.crawl.pipeline")
_FLUSH_EVERY = 50


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
    pages: PagePool | None = None  # perf: worker processes that analyse pages (crawl/cpu.py)


async def run_sources(ctx: Context, sources: list[SourceConfig]) -> list[RunStats]:
    return [await run_source(ctx, source) for source in sources if source.enabled]


async def run_source(ctx: Context, source: SourceConfig) -> RunStats:
    stats = RunStats(source=source.name, started_at=datetime.now(UTC))
    profile = ctx.profiles.get(source.profile) if source.profile != "generic" else None
    _apply_politeness(ctx, source)
    validators: dict[str, tuple[str | None, str | None]] = {}
    try:
        # 1. Discover article links from listing pages, sitemaps and feeds.
        links = await _discover(ctx, source, profile, stats, validators)
        # 2. Keep what is new (or everything, when the source refreshes stored articles).
        todo = _select(ctx, source, links, stats)
        # 3. Fetch, parse, classify and store each one.
        async with _page_pool(ctx, len(todo)):
            await _ingest_all(ctx, source, profile, todo, stats)
        # 4. Trust unchanged listing pages next time only if every article made it in.
        if stats.ok and not stats.skipped.get("shutting-down"):
            for url, (etag, modified) in validators.items():
                ctx.store.save_validators(url, etag, modified, 200)
    finally:
        ctx.store.log_fetches(ctx.fetcher.drain_log())
        _note_circuit(ctx, source, stats)
        stats.finished_at = datetime.now(UTC)
        ctx.store.record_run(stats)
        _log_run(stats)
    return stats


def _note_circuit(ctx: Context, source: SourceConfig, stats: RunStats) -> None:
    """Say in the source's health when its host is being left alone after repeated failures."""
    hosts = {host_of(url) for url in [*source.listing_urls, *source.sitemaps, *source.feeds]}
    reopen = [when for host in hosts if (when := ctx.fetcher.circuit_open_until(host))]
    ctx.store.set_source_fields(source.name,
                                circuit_open_until=max(reopen).isoformat() if reopen else None)
    if reopen:
        stats.failures.append(f"backing off {', '.join(sorted(hosts))} until {max(reopen).isoformat()}")


def _apply_politeness(ctx: Context, source: SourceConfig) -> None:
    fetch = ctx.settings.fetch
    policy = HostPolicy(delay=fetch.delay_per_host if source.delay_seconds is None else source.delay_seconds,
                        concurrency=source.concurrency or fetch.concurrency_per_host)
    for url in [*source.listing_urls, *source.sitemaps, *source.feeds]:
        ctx.fetcher.set_policy(host_of(url), policy)


async def _get(ctx: Context, url: str, source: SourceConfig, conditional: bool) -> FetchResult:
    etag, modified = ctx.store.validators(url) if conditional else (None, None)
    return await ctx.fetcher.get(url, domains=source.domains(), source=source.name,
                                 etag=etag, last_modified=modified)


def _note_failure(stats: RunStats, result: FetchResult) -> None:
    if result.outcome in ("robots-denied", "off-site-redirect"):
        stats.skip(result.outcome)
    else:
        detail = f" ({result.error})" if result.error else ""
        stats.failures.append(f"{result.url}: {result.outcome}{detail}")


async def _discover(ctx: Context, source: SourceConfig, profile: SiteProfile | None,
                    stats: RunStats, validators: dict[str, tuple[str | None, str | None]]
                    ) -> list[Link]:
    links: list[Link] = []
    for start in source.listing_urls:
        links += await _walk_listing(ctx, source, profile, start, stats, validators)
    for kind, urls in (("sitemap", source.sitemaps), ("feed", source.feeds)):
        for url in urls:
            links += await _read_xml_index(ctx, source, profile, url, kind, stats, validators)
    return list({link.url: link for link in links}.values())


async def _walk_listing(ctx: Context, source: SourceConfig, profile: SiteProfile | None,
                        start: str, stats: RunStats,
                        validators: dict[str, tuple[str | None, str | None]]) -> list[Link]:
    """Follow pagination up to the configured depth; stop at a page with nothing new on it."""
    links: list[Link] = []
    url: str | None = start
    for _ in range(source.max_listing_pages):
        if url is None:
            break
        result = await _get(ctx, url, source, conditional=True)
        stats.pages_fetched += 1
        if result.outcome == "not-modified":
            stats.skip("listing-not-modified")
            break
        if not result.ok:
            _note_failure(stats, result)
            break
        stats.listing_pages += 1
        validators[url] = (result.etag, result.last_modified)
        found = parse_listing(decode_html(result.body, result.charset), result.final_url, profile,
                              source.domains())
        stats.skipped.update({reason: n for reason, n in found.dropped.items() if n})
        links += found.links
        urls = [link.url for link in found.links]
        if not source.refresh_stored and urls and not set(urls) - ctx.store.known_urls(urls):
            stats.skip("listing-all-known")
            break
        url = found.next_pages[0] if found.next_pages else None
    return links


async def _read_xml_index(ctx: Context, source: SourceConfig, profile: SiteProfile | None,
                          url: str, kind: str, stats: RunStats,
                          validators: dict[str, tuple[str | None, str | None]]) -> list[Link]:
    pending: list[str] = [url]
    links: list[Link] = []
    seen: set[str] = set()
    while pending and len(seen) < source.max_listing_pages * 10:
        current = pending.pop(0)
        seen.add(current)
        result = await _get(ctx, current, source, conditional=True)
        stats.pages_fetched += 1
        if result.outcome == "not-modified":
            stats.skip(f"{kind}-not-modified")
            continue
        if not result.ok:
            _note_failure(stats, result)
            continue
        validators[current] = (result.etag, result.last_modified)
        parser = parse_sitemap if kind == "sitemap" else parse_feed
        found: Discovered = parser(result.body, source.domains(), profile)
        links += found.links
        pending += [p for p in found.next_pages if p not in seen]
    return links


def _select(ctx: Context, source: SourceConfig, links: list[Link], stats: RunStats) -> list[Link]:
    stats.articles_seen = len(links)
    if source.refresh_stored:
        chosen = links
    else:
        known = ctx.store.known_urls(link.url for link in links)
        chosen = [link for link in links if link.url not in known]
        if len(links) > len(chosen):
            stats.skipped["already-stored"] += len(links) - len(chosen)
    if len(chosen) > source.max_articles:
        stats.skipped["over-max-articles"] += len(chosen) - source.max_articles
        chosen = chosen[: source.max_articles]
    return chosen


async def _ingest_all(ctx: Context, source: SourceConfig, profile: SiteProfile | None,
                      links: list[Link], stats: RunStats) -> None:
    async def one(link: Link) -> None:
        if ctx.stop.is_set():
            stats.skip("shutting-down")
            return
        result = await _get(ctx, link.url, source, conditional=source.refresh_stored)
        stats.pages_fetched += 1
        await _ingest(ctx, source, profile, link, result, stats)

    for start in range(0, len(links), _FLUSH_EVERY):
        await asyncio.gather(*(one(link) for link in links[start : start + _FLUSH_EVERY]))
        ctx.store.log_fetches(ctx.fetcher.drain_log())
        if len(links) > _FLUSH_EVERY:
            log.info("progress", extra={"source": source.name, "done": min(start + _FLUSH_EVERY, len(links)),
                                        "total": len(links)})


class PageAnalysis(NamedTuple):
    """The CPU work on one page: its article, its verdict, and whether the source's profile no
    longer matched it (the generic extractor carried the page)."""

    article: Article
    verdict: Classification | None
    profile_mismatch: bool


def analyse_page(html: str, url: str, *, profile: SiteProfile | None, source: str, tz: tzinfo,
                 classify: Callable[[Article], Classification] | None = None,
                 districts: Callable[[str], list[str]] | None = None,
                 published: datetime | None = None) -> PageAnalysis:
    """Parse, normalize and classify one fetched page. Pure, so it can run in a worker process;
    ``published`` (from the link) stands in when the page shows no time. Raises ParseError."""
    parsed = parse_html(html, url=url, profile=profile, source=source, default_tz=tz, path=url,
                        districts=districts)
    article = parsed.article.model_copy(update={"canonical_url": url})
    if article.published is None and published is not None:
        article = article.model_copy(update={"published": published,
                                             "date": published.astimezone(tz).date()})
    return PageAnalysis(article, classify(article) if classify else None, parsed.profile_mismatch)


@asynccontextmanager
async def _page_pool(ctx: Context, articles: int) -> AsyncIterator[None]:
    """perf: worker processes for this run when ``fetch.cpu_workers`` says they pay (crawl/cpu.py)."""
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


async def _analyse(ctx: Context, source: SourceConfig, profile: SiteProfile | None, link: Link,
                   html: str) -> PageAnalysis:
    if ctx.pages is not None:
        return await ctx.pages.analyse(html, link.url, source.name, source.profile, link.published)
    return analyse_page(html, link.url, profile=profile, source=source.name, tz=ctx.settings.tz,
                        classify=ctx.classify, districts=ctx.districts, published=link.published)


async def _ingest(ctx: Context, source: SourceConfig, profile: SiteProfile | None, link: Link,
                  result: FetchResult, stats: RunStats) -> None:
    """Parse, classify and store one fetched article; a bad page is skipped with its reason."""
    if result.outcome == "not-modified":
        stats.skip("not-modified")
        return
    if not result.ok:
        _note_failure(stats, result)
        return
    try:
        article, verdict, mismatch = await _analyse(ctx, source, profile, link,
                                                    decode_html(result.body, result.charset))
    except ParseError as exc:
        stats.skip("no-article")
        log.warning("skipped page", extra={"source": source.name, "url": link.url, "reason": exc.problem})
        return
    if mismatch:
        _warn_profile(ctx, source, link.url)
    outcome = ctx.store.save_article(article, classification=verdict)
    ctx.store.save_validators(link.url, result.etag, result.last_modified, result.status or 200)
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
        "new": stats.stored_new, "updated": stats.updated, "unchanged": stats.unchanged,
        "tagged": stats.tagged, "skipped": dict(stats.skipped), "failures": len(stats.failures)})
