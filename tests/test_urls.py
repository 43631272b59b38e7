from __future__ import annotations

import pytest

from monitor.urls import canonicalize, is_allowed

BASE = "https://www.shine.cn/feature/district/"


@pytest.mark.parametrize(("raw", "canonical"), [
    ("HTTPS://WWW.SHINE.CN/feature/district/2503258689", "https://www.shine.cn/feature/district/2503258689/"),
    ("https://www.shine.cn:443/a/b/?utm_source=x&fbclid=y", "https://www.shine.cn/a/b/"),
    ("https://www.shine.cn/a/b/#comments", "https://www.shine.cn/a/b/"),
    ("/feature/district/?page=2", "https://www.shine.cn/feature/district/?page=2"),
    ("https://x.cn/p?b=2&a=1", "https://x.cn/p/?a=1&b=2"),
    ("https://x.cn/news/story.html", "https://x.cn/news/story.html"),
    ("https://x.cn", "https://x.cn/"),
])
def test_canonicalize(raw: str, canonical: str) -> None:
    assert canonicalize(raw, BASE) == canonical


@pytest.mark.parametrize(("url", "allowed"), [
    ("https://www.shine.cn/news/metro/2503201234/", True),
    ("https://shine.cn/x/", True),
    ("https://ads.example.com/click", False),
    ("https://evilshine.cn/x/", False),
    ("http://10.0.0.5/admin", False),
    ("http://127.0.0.1:8000/x", False),
    ("ftp://www.shine.cn/x", False),
])
def test_only_configured_domains_are_followed(url: str, allowed: bool) -> None:
    assert is_allowed(url, ["shine.cn"]) is allowed


def test_loopback_allowed_when_named() -> None:
    assert is_allowed("http://127.0.0.1:8000/x", ["127.0.0.1"])
