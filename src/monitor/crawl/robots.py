"""robots.txt rules per host, read by RFC 9309: ``*`` and ``$`` wildcards, the longest match
wins (Allow on a tie), and the group whose user-agent names our product token.

The standard library's parser knows none of that, so Protego (the parser Scrapy uses) reads the
file. A robots.txt that cannot be had (server error, no answer, a hang past the deadline) means
"stay away" as RFC 9309 2.3.1.3 says — but never silently: the rules carry the ``problem``, which
the run's record, ``monitor status`` and /healthz show.
"""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego

__all__ = ["RobotsRules", "parse_robots", "product_token", "rules_for_failure", "rules_for_status"]


@dataclass(frozen=True)
class RobotsRules:
    """What one host's robots.txt allows our User-Agent, and the Crawl-delay it asks for."""

    parser: Protego | None
    allow_all: bool = False
    deny_all: bool = False
    fetched_at: float = 0.0
    problem: str | None = None  # why the file could not be used as served, for the run's record

    def allows(self, url: str, user_agent: str) -> bool:
        if self.deny_all:
            return False
        if self.allow_all or self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, product_token(user_agent)))

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(product_token(user_agent))
        return float(delay) if delay is not None else None

    def sitemaps(self) -> list[str]:
        return list(self.parser.sitemaps) if self.parser else []


def product_token(user_agent: str) -> str:
    """robots.txt groups match the product token ("monitor"), not the full header value."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"


def parse_robots(text: str, fetched_at: float) -> RobotsRules:
    return RobotsRules(parser=Protego.parse(text), fetched_at=fetched_at)


def rules_for_status(status: int | None, fetched_at: float) -> RobotsRules:
    """No robots.txt: 4xx means no rules (crawl); 5xx or no answer means stay away, and say so."""
    if status is not None and 400 <= status < 500:
        return RobotsRules(parser=None, allow_all=True, fetched_at=fetched_at)
    why = f"HTTP {status}" if status is not None else "no answer"
    return rules_for_failure(why, fetched_at)


def rules_for_failure(why: str, fetched_at: float) -> RobotsRules:
    """robots.txt unreachable: the whole site is off limits until it is fetched again."""
    return RobotsRules(parser=None, deny_all=True, fetched_at=fetched_at,
                       problem=f"robots.txt unavailable ({why}); site treated as disallowed")
