"""robots.txt read by RFC 9309: wildcards, end anchors, the longest match, user-agent groups."""

from __future__ import annotations

import pytest

from monitor.crawl.robots import parse_robots, product_token, rules_for_status

UA = "monitor/0.1 (+https://example.org/monitor)"
SITE = "https://www.shine.cn"


def allows(text: str, path: str, user_agent: str = UA) -> bool:
    return parse_robots(text, 0.0).allows(SITE + path, user_agent)


@pytest.mark.parametrize(("path", "allowed"), [
    ("/feature/district/2503258689/", True),
    ("/feature/print/2503258689/", False),
    ("/news/a.pdf", False),
    ("/news/a.pdf?download=1", True),
])
def test_wildcards_and_end_anchor(path: str, allowed: bool) -> None:
    text = "User-agent: *\nDisallow: /*/print/\nDisallow: /*.pdf$\n"
    assert allows(text, path) is allowed


@pytest.mark.parametrize(("path", "allowed"), [
    ("/feature/", False),
    ("/feature/district/2503258689/", True),
    ("/feature/district/archive/", False),
])
def test_longest_match_wins_over_order(path: str, allowed: bool) -> None:
    text = ("User-agent: *\nDisallow: /feature/\nAllow: /feature/district/\n"
            "Disallow: /feature/district/archive/\n")
    assert allows(text, path) is allowed


def test_allow_wins_a_tie() -> None:
    assert allows("User-agent: *\nDisallow: /page\nAllow: /page\n", "/page")


def test_our_own_group_replaces_the_star_group() -> None:
    text = "User-agent: *\nDisallow: /\n\nUser-agent: monitor\nDisallow: /private/\n"
    assert allows(text, "/feature/district/") and not allows(text, "/private/x")


def test_group_match_ignores_case_of_the_product_token() -> None:
    assert not allows("User-agent: MONITOR\nDisallow: /\n", "/x")


def test_other_robots_groups_do_not_apply() -> None:
    assert allows("User-agent: otherbot\nDisallow: /\n", "/x")


def test_crawl_delay_of_our_group() -> None:
    rules = parse_robots("User-agent: monitor\nCrawl-delay: 7\n", 0.0)
    assert rules.crawl_delay(UA) == 7.0


def test_product_token_is_the_name_before_the_version() -> None:
    assert product_token(UA) == "monitor"


@pytest.mark.parametrize(("status", "allowed", "has_problem"), [(404, True, False), (503, False, True)])
def test_missing_file_allows_and_server_error_denies_with_a_problem(status: int, allowed: bool, has_problem: bool) -> None:
    rules = rules_for_status(status, 0.0)
    assert rules.allows(SITE + "/x", UA) is allowed and (rules.problem is not None) is has_problem
