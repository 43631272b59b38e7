"""Fetcher behaviour, one rule per test, with respx standing in for the network."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import respx

from monitor.config import FetchSettings
from monitor.crawl.fetch import Fetcher, FetchResult, HostPolicy, build_client, parse_retry_after

SITE = "https://news.example.cn"
PAGE = f"{SITE}/district/2503258689/"
DOMAINS = ["news.example.cn"]
HTML = {"content-type": "text/html; charset=utf-8"}


class FakeTime:
    """A clock that only moves when the fetcher sleeps, so pacing is checked without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as mock:
        mock.get(f"{SITE}/robots.txt").respond(404)
        yield mock


def fetch(fake_time: FakeTime, url: str = PAGE, polite: bool = False, **overrides: object) -> tuple[FetchResult, Fetcher]:
    settings = FetchSettings(**{"retries": 3, "backoff_base": 1.0, **overrides})  # type: ignore[arg-type]

    async def go() -> tuple[FetchResult, Fetcher]:
        async with build_client(settings) as client:
            fetcher = Fetcher(client, settings, polite=polite, sleep=fake_time.sleep,
                              clock=fake_time.clock, rng=random.Random(1))
            return await fetcher.get(url, domains=DOMAINS), fetcher

    return asyncio.run(go())


def test_plain_page_is_fetched(router: respx.MockRouter, fake_time: FakeTime) -> None:
    router.get(PAGE).respond(200, headers=HTML, text="<html><body>hi</body></html>")
    result, fetcher = fetch(fake_time)
    assert result.ok and result.body.startswith(b"<html>") and result.charset == "utf-8"
    assert [e.outcome for e in fetcher.log if e.url == PAGE] == ["ok"]


def test_user_agent_names_monitor(router: respx.MockRouter, fake_time: FakeTime) -> None:
    route = router.get(PAGE).respond(200, headers=HTML, text="<p>x</p>")
    fetch(fake_time)
    assert route.calls.last.request.headers["user-agent"].startswith("monitor/")


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried_with_backoff(router: respx.MockRouter, fake_time: FakeTime, status: int) -> None:
    route = router.get(PAGE).mock(side_effect=[httpx.Response(status), httpx.Response(status),
                                              httpx.Response(200, headers=HTML, text="<p>ok</p>")])
    result, fetcher = fetch(fake_time)
    assert result.ok and route.call_count == 3
    assert [e.attempt for e in fetcher.log if e.url == PAGE] == [1, 2, 3]
    assert 0.5 <= fake_time.sleeps[0] <= 1.0 and 1.0 <= fake_time.sleeps[1] <= 2.0


def test_connect_errors_and_timeouts_are_retried(router: respx.MockRouter, fake_time: FakeTime) -> None:
    route = router.get(PAGE).mock(side_effect=[httpx.ConnectError("refused"), httpx.ReadTimeout("slow"),
                                              httpx.Response(200, headers=HTML, text="<p>ok</p>")])
    result, _ = fetch(fake_time)
    assert result.ok and route.call_count == 3


def test_gives_up_after_the_configured_retries(router: respx.MockRouter, fake_time: FakeTime) -> None:
    route = router.get(PAGE).mock(side_effect=httpx.ConnectError("refused"))
    result, fetcher = fetch(fake_time, retries=2)
    assert result.outcome == "network-error" and "ConnectError" in (result.error or "")
    assert route.call_count == 3 and len([e for e in fetcher.log if e.url == PAGE]) == 3


def test_client_errors_are_not_retried(router: respx.MockRouter, fake_time: FakeTime) -> None:
    route = router.get(PAGE).respond(404)
    result, _ = fetch(fake_time)
    assert result.outcome == "http-error" and result.status == 404 and route.call_count == 1


def test_429_waits_for_retry_after_seconds(router: respx.MockRouter, fake_time: FakeTime) -> None:
    router.get(PAGE).mock(side_effect=[httpx.Response(429, headers={"retry-after": "7"}),
                                      httpx.Response(200, headers=HTML, text="<p>ok</p>")])
    result, _ = fetch(fake_time)
    assert result.ok and fake_time.sleeps == [7.0]


def test_503_retry_after_http_date() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412480.0) == 30.0
    assert parse_retry_after("not a date") is None


def test_retry_after_beyond_the_limit_ends_the_attempt(router: respx.MockRouter, fake_time: FakeTime) -> None:
    route = router.get(PAGE).respond(503, headers={"retry-after": "86400"})
    result, _ = fetch(fake_time)
    assert result.outcome == "retry-after-too-long" and route.call_count == 1


def test_conditional_get_answered_304(router: respx.MockRouter, fake_time: FakeTime) -> None:
    route = router.get(PAGE).respond(304)

    async def go() -> FetchResult:
        settings = FetchSettings()
        async with build_client(settings) as client:
            fetcher = Fetcher(client, settings, polite=False)
            return await fetcher.get(PAGE, domains=DOMAINS, etag='"v1"',
                                     last_modified="Tue, 25 Mar 2025 06:00:00 GMT")

    result = asyncio.run(go())
    request = route.calls.last.request
    assert result.outcome == "not-modified" and result.body == b""
    assert request.headers["if-none-match"] == '"v1"'
    assert request.headers["if-modified-since"] == "Tue, 25 Mar 2025 06:00:00 GMT"


def test_robots_disallow_is_honoured(fake_time: FakeTime) -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{SITE}/robots.txt").respond(200, text="User-agent: *\nDisallow: /district/\n")
        page = router.get(PAGE).respond(200, headers=HTML, text="<p>x</p>")
        result, _ = fetch(fake_time)
    assert result.outcome == "robots-denied" and page.call_count == 0


def test_robots_group_for_monitor_wins(fake_time: FakeTime) -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{SITE}/robots.txt").respond(
            200, text="User-agent: monitor\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
        router.get(PAGE).respond(200, headers=HTML, text="<p>x</p>")
        result, _ = fetch(fake_time)
    assert result.outcome == "robots-denied"


def test_robots_server_error_means_stay_away(fake_time: FakeTime) -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{SITE}/robots.txt").respond(500)
        page = router.get(PAGE).respond(200, headers=HTML, text="<p>x</p>")
        result, _ = fetch(fake_time)
    assert result.outcome == "robots-unavailable" and page.call_count == 0


def test_crawl_delay_paces_requests(fake_time: FakeTime) -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{SITE}/robots.txt").respond(200, text="User-agent: *\nCrawl-delay: 5\n")
        router.get(url__regex=rf"{SITE}/p/\d/").respond(200, headers=HTML, text="<p>x</p>")

        async def go() -> None:
            settings = FetchSettings(delay_per_host=1.0)
            async with build_client(settings) as client:
                fetcher = Fetcher(client, settings, sleep=fake_time.sleep, clock=fake_time.clock)
                for n in range(3):
                    await fetcher.get(f"{SITE}/p/{n}/", domains=DOMAINS)

        asyncio.run(go())
    # robots.txt is itself a request: the first page waits the configured delay, later ones
    # the longer Crawl-delay that robots.txt asked for.
    assert fake_time.sleeps == [1.0, 5.0, 5.0]


def test_per_host_delay_from_policy(router: respx.MockRouter, fake_time: FakeTime) -> None:
    router.get(url__regex=rf"{SITE}/p/\d/").respond(200, headers=HTML, text="<p>x</p>")

    async def go() -> None:
        settings = FetchSettings()
        async with build_client(settings) as client:
            fetcher = Fetcher(client, settings, sleep=fake_time.sleep, clock=fake_time.clock)
            fetcher.set_policy("news.example.cn", HostPolicy(delay=3.0, concurrency=1))
            await asyncio.gather(*(fetcher.get(f"{SITE}/p/{n}/", domains=DOMAINS) for n in range(3)))

    asyncio.run(go())
    assert fake_time.sleeps == [3.0, 3.0, 3.0]  # after robots.txt, then between the pages


def test_declared_size_over_limit_is_not_read(router: respx.MockRouter, fake_time: FakeTime) -> None:
    router.get(PAGE).respond(200, headers={**HTML, "content-length": "999999"}, text="x" * 10)
    result, _ = fetch(fake_time, max_body_bytes=1000)
    assert result.outcome == "too-large" and result.body == b""


def test_streamed_body_over_limit_is_cut_off(router: respx.MockRouter, fake_time: FakeTime) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield b"<p>" + b"x" * 1000

    def huge(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=HTML, content=chunks())

    router.get(PAGE).mock(side_effect=huge)
    result, _ = fetch(fake_time, max_body_bytes=5000)
    assert result.outcome == "too-large" and result.body == b""


def test_wrong_content_type_is_skipped(router: respx.MockRouter, fake_time: FakeTime) -> None:
    router.get(PAGE).respond(200, headers={"content-type": "application/pdf"}, content=b"%PDF")
    result, _ = fetch(fake_time)
    assert result.outcome == "bad-content-type"


def test_redirect_loop_stops_at_the_cap(router: respx.MockRouter, fake_time: FakeTime) -> None:
    router.get(PAGE).respond(302, headers={"location": f"{SITE}/loop/"})
    loop = router.get(f"{SITE}/loop/").respond(302, headers={"location": PAGE})
    result, _ = fetch(fake_time, max_redirects=4)
    assert result.outcome == "too-many-redirects" and loop.call_count == 2


def test_redirect_off_site_is_not_followed(router: respx.MockRouter, fake_time: FakeTime) -> None:
    router.get(PAGE).respond(301, headers={"location": "https://elsewhere.example.com/x"})
    result, _ = fetch(fake_time)
    assert result.outcome == "off-site-redirect" and "elsewhere" in (result.error or "")


def test_on_site_redirect_is_followed(router: respx.MockRouter, fake_time: FakeTime) -> None:
    router.get(PAGE).respond(301, headers={"location": "/district/moved/"})
    router.get(f"{SITE}/district/moved/").respond(200, headers=HTML, text="<p>moved</p>")
    result, _ = fetch(fake_time)
    assert result.ok and result.final_url == f"{SITE}/district/moved/"


def test_circuit_breaker_leaves_a_failing_host_alone(router: respx.MockRouter, fake_time: FakeTime) -> None:
    route = router.get(url__regex=rf"{SITE}/p/\d/").respond(500)

    async def go() -> list[str]:
        settings = FetchSettings(retries=0, circuit_failures=2, circuit_cooldown=60)
        async with build_client(settings) as client:
            fetcher = Fetcher(client, settings, polite=False, sleep=fake_time.sleep, clock=fake_time.clock)
            outcomes = [(await fetcher.get(f"{SITE}/p/{n}/", domains=DOMAINS)).outcome for n in range(3)]
            fake_time.now += 61
            outcomes.append((await fetcher.get(f"{SITE}/p/9/", domains=DOMAINS)).outcome)
            return outcomes

    outcomes = asyncio.run(go())
    assert outcomes == ["http-error", "http-error", "circuit-open", "http-error"]
    assert route.call_count == 3
