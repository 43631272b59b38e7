"""PageFields to Article: one cleaned record whatever extractor read the page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from monitor.models import Article, PageFields
from monitor.text import clean
from monitor.urls import canonicalize

__all__ = ["to_article"]


def to_article(fields: PageFields, *, url: str | None, source: str | None, tz: tzinfo,
               extractor: str, field_extractors: dict[str, str] | None = None,
               districts: Callable[[str], list[str]] | None = None) -> Article:
    """Clean every string, keep a lede only when it is one (not the first paragraph again), and date the
    article on the local calendar of ``tz`` (a SHINE story at 00:30 +08:00 belongs to that day)."""
    title = clean(fields.title or "")
    lede = clean(fields.lede) if fields.lede else None
    body = [p for p in (clean(p) for p in fields.body) if p]
    if lede and body and body[0] == lede:
        body = body[1:]
    elif lede and body and body[0].startswith(lede.rstrip(".…").rstrip()) and len(lede) < len(body[0]):
        lede = None  # a description cut from the first paragraph is no standfirst
    canonical = fields.canonical_url or url
    article = Article(
        url=url,
        canonical_url=canonicalize(canonical) if canonical else None,
        source=source,
        section=clean(fields.section) if fields.section else None,
        title=title,
        lede=lede or None,
        published=fields.published,
        date=fields.published.astimezone(tz).date() if fields.published else None,
        body=body,
        photo_credits=[c for c in (clean(c) for c in fields.photo_credits) if c],
        source_credit=fields.source_credit,
        editor=fields.editor,
        tags=[t for t in (clean(t) for t in fields.tags) if t],
        language=(fields.language or "en").split("-")[0].lower(),
        extractor=extractor,
        field_extractors=field_extractors or {},
    )
    if districts is not None:
        article.districts = districts(article.text)
    return article
