"""Build a large fixture site from the stored SHINE pages, for benchmarks.

Each of the 14 stored article pages is reused under new ten-digit IDs, with the ID written into
its title and first paragraph so every copy is a distinct article with its own content hash.
Listing pages of ``per_page`` links chain through rel=next, as on the stored site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHINE = ROOT / "fixtures" / "sites" / "shine"
BASE = "https://www.shine.cn"

_LISTING_HEAD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>District | SHINE News</title></head><body>
<header class="site-header"><nav><a href="/news/">News</a> <a href="/feature/">Feature</a></nav></header>
<main class="listing">
"""
_ITEM = ('<div class="row row-story"><h3><a class="story-title" href="{path}">{title}</a></h3>'
         '<p class="summary">Story {n}.</p></div>\n')


def _templates() -> list[tuple[str, str]]:
    manifest = json.loads((SHINE / "manifest.json").read_text(encoding="utf-8"))
    pages = []
    for response in manifest["responses"]:
        if re.search(r"/\d{10}/$", response["url"]):
            html = (SHINE / response["body"]).read_text(encoding="utf-8")
            pages.append((response["url"].removeprefix(BASE), html))
    return pages


def build_site(out: Path, n_articles: int, per_page: int = 20, source_config: dict | None = None) -> Path:
    """Write a fixture site of ``n_articles`` articles under ``out``; returns the manifest path."""
    (out / "pages").mkdir(parents=True, exist_ok=True)
    templates = _templates()
    responses = [{"url": f"{BASE}/robots.txt", "status": 200,
                  "headers": {"content-type": "text/plain"}, "body": "pages/robots.txt"}]
    (out / "pages" / "robots.txt").write_text("User-agent: *\nDisallow: /search/\n")
    paths = []
    for n in range(n_articles):
        old_path, html = templates[n % len(templates)]
        article_id = f"26{n:08d}"
        path = f"/feature/district/{article_id}/"
        page = html.replace(old_path, path)
        page = page.replace('<h1 class="article-title">', f'<h1 class="article-title">[{article_id}] ', 1)
        page = page.replace('<div class="article-content">', f'<div class="article-content">\n<p>Dispatch {article_id}.</p>', 1)
        (out / "pages" / f"a{article_id}.html").write_text(page, encoding="utf-8")
        responses.append({"url": BASE + path, "status": 200,
                          "headers": {"content-type": "text/html; charset=utf-8", "etag": f'"a{article_id}"',
                                      "last-modified": "Tue, 25 Mar 2025 06:00:00 GMT"},
                          "body": f"pages/a{article_id}.html"})
        paths.append((path, n))
    pages = [paths[i : i + per_page] for i in range(0, len(paths), per_page)]
    for index, chunk in enumerate(pages, start=1):
        url = f"{BASE}/feature/district/" + (f"?page={index}" if index > 1 else "")
        items = "".join(_ITEM.format(path=p, title=f"Story {n}", n=n) for p, n in chunk)
        nxt = (f'<div class="pagination"><a class="next" rel="next" href="/feature/district/?page={index + 1}">Next</a></div>'
               if index < len(pages) else "")
        (out / "pages" / f"listing-{index}.html").write_text(
            _LISTING_HEAD + items + nxt + "</main></body></html>", encoding="utf-8")
        responses.append({"url": url, "status": 200,
                          "headers": {"content-type": "text/html; charset=utf-8", "etag": f'"l{index}"'},
                          "body": f"pages/listing-{index}.html"})
    manifest = {"site": "synthetic", "source": "synthetic", "responses": responses}
    manifest["source_config"] = source_config or {
        "profile": "shine", "listing_urls": [f"{BASE}/feature/district/"],
        "allowed_domains": ["www.shine.cn"], "max_listing_pages": len(pages) + 1,
        "max_articles": n_articles + 1, "jitter_seconds": 0, "delay_seconds": 0, "concurrency": 8}
    path = out / "manifest.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


def loopback_config(work: Path, base: str, articles: int, concurrency: int, name: str = "bench.toml") -> Path:
    """A configuration that crawls the synthesized site at ``base`` with politeness off."""
    config = work / name
    config.write_text(f"""
data_dir = "{work / 'data'}"
[fetch]
polite = false
retries = 1
[log]
format = "json"
level = "WARNING"
[[sources]]
name = "loopback"
profile = "shine"
listing_urls = ["{base}/feature/district/"]
allowed_domains = ["127.0.0.1"]
max_listing_pages = {articles // 20 + 2}
max_articles = {articles + 1}
concurrency = {concurrency}
delay_seconds = 0
""")
    return config
