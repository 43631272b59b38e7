"""The peer crawler: what a Python engineer would reach for instead of monitor.

A plain Scrapy spider that walks the listing pages through rel=next, fetches every article and
extracts it with trafilatura, writing one JSON object per article to the feed file Scrapy is given
(``-O FILE``). It runs in its own virtual environment, built by ``bench/bench_crawl_peer.py``;
monitor never imports it.

    scrapy runspider bench/peer/spider.py -a start=http://127.0.0.1:PORT/feature/district/ -O out.jsonl
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
import trafilatura


class DistrictSpider(scrapy.Spider):
    name = "district"
    custom_settings: ClassVar[dict[str, Any]] = {
        # The same terms as monitor's run: politeness off, 16 connections, robots.txt obeyed.
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "DOWNLOAD_DELAY": 0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "ROBOTSTXT_OBEY": True,
        "RETRY_TIMES": 1,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
    }

    def __init__(self, start: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start]
        self.allowed_domains = [urlsplit(start).hostname or ""]

    def parse(self, response: scrapy.http.Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """A listing page: every story link, then the next page."""
        for href in response.css(".row-story a.story-title::attr(href)").getall():
            yield response.follow(href, callback=self.parse_article)
        for href in response.css('a[rel="next"]::attr(href)').getall():
            yield response.follow(href, callback=self.parse)

    def parse_article(self, response: scrapy.http.Response) -> Iterator[dict[str, Any]]:
        extracted = trafilatura.extract(response.text, url=response.url, output_format="json",
                                        with_metadata=True)
        record = json.loads(extracted) if extracted else {}
        yield {"url": response.url, "title": record.get("title"), "date": record.get("date"),
               "text": record.get("text")}
