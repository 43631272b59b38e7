"""robots.txt rules per host, cached with an expiry (RFC 9309 semantics for failures)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

__all__ = ["RobotsRules", "parse_robots", "rules_for_status"]


@dataclass(frozen=True)
class RobotsRules:
    """What one host's robots.txt allows our User-Agent, and the Crawl-delay it asks for."""

    parser: RobotFileParser | None
    allow_all: bool = False
    deny_all: bool = False
    fetched_at: float = 0.0

    def allows(self, url: str, user_agent: str) -> bool:
        if self.deny_all:
            return False
        if self.allow_all or self.parser is None:
            return True
        return self.parser.can_fetch(_product_token(user_agent), url)

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(_product_token(user_agent))
        return float(delay) if delay is not None else None

    def sitemaps(self) -> list[str]:
        return list(self.parser.site_maps() or []) if self.parser else []


def _product_token(user_agent: str) -> str:
    """robots.txt groups match the product token ("monitor"), not the full header value."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent else "*"


def parse_robots(text: str, fetched_at: float) -> RobotsRules:
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return RobotsRules(parser=parser, fetched_at=fetched_at)


def rules_for_status(status: int | None, fetched_at: float) -> RobotsRules:
    """No usable robots.txt: 4xx means no rules (crawl), 5xx or no answer means stay away."""
    if status is not None and 400 <= status < 500:
        return RobotsRules(parser=None, allow_all=True, fetched_at=fetched_at)
    return RobotsRules(parser=None, deny_all=True, fetched_at=fetched_at)
