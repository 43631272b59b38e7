"""PageFields to Article: one cleaned record whatever extractor read the page.

Every field has a size limit (``FieldLimits``): a page that puts 300 KB in its <title> or a
whole site in one "paragraph" must not fill the store, the digest or the classifier's time.
A string over its limit is cut at the last space before it and ends with ``TRUNCATION_MARK``;
a list over its limit keeps its first items.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from itertools import islice

from monitor.models import Article, PageFields
from monitor.text import clean
from monitor.urls import canonicalize

__all__ = ["DEFAULT_LIMITS", "TRUNCATION_MARK", "FieldLimits", "clean_fast", "to_article",
           "truncate"]

TRUNCATION_MARK = "…"


@dataclass(frozen=True)
class FieldLimits:
    """Largest sizes kept, in characters (strings) or items (lists); far above real articles
    (the longest benchmark paragraph is under 3,000 characters, the longest article ~200)."""

    title: int = 400
    lede: int = 2_000
    paragraph: int = 10_000
    paragraphs: int = 1_000
    tag: int = 80
    tags: int = 50
    credit: int = 200
    credits: int = 20
    name: int = 200  # section, source credit, editor


DEFAULT_LIMITS = FieldLimits()


def truncate(text: str, limit: int) -> str:
    """``text`` when it fits, else cut at the last space before ``limit`` (or at ``limit``
    when there is none, as in CJK text) with ``TRUNCATION_MARK`` closing it."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(TRUNCATION_MARK)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + TRUNCATION_MARK


def clean_fast(text: str) -> str:
    """``clean(text)``, several times faster; the readers of a page use it for every string they
    take off it. str.split() knows every space ``clean`` folds but the zero-width ones, which
    go the slow way."""
    text = unicodedata.normalize("NFC", text)
    if "\u200b" in text or "\ufeff" in text:
        return clean(text)
    return " ".join(text.split())


def _strings(values: list[str], each: int, count: int) -> list[str]:
    """The first ``count`` non-blank values, each cleaned and capped at ``each``."""
    kept = (truncate(v, each) for v in map(clean_fast, values) if v)
    return list(islice(kept, count))


def _name(value: str | None, limits: FieldLimits) -> str | None:
    cleaned = clean_fast(value) if value else ""
    return truncate(cleaned, limits.name) if cleaned else None


def to_article(fields: PageFields, *, url: str | None, source: str | None, tz: tzinfo,
               extractor: str, field_extractors: dict[str, str] | None = None,
               districts: Callable[[str], list[str]] | None = None,
               limits: FieldLimits = DEFAULT_LIMITS, body_is_clean: bool = False) -> Article:
    """Clean every string, keep a lede only when it is one (not the first paragraph again), cap
    every field at ``limits``, and date the article on the local calendar of ``tz`` (a SHINE
    story at 00:30 +08:00 belongs to that day). ``body_is_clean`` says the paragraphs were
    cleaned as they were read, none of them empty, so they are not cleaned a second time."""
    title = truncate(clean_fast(fields.title or ""), limits.title)
    lede = clean_fast(fields.lede) if fields.lede else None
    body = list(fields.body) if body_is_clean else [p for p in map(clean_fast, fields.body) if p]
    if lede and body and body[0] == lede:
        body = body[1:]
    elif lede and body and body[0].startswith(lede.rstrip(".…").rstrip()) and len(lede) < len(body[0]):
        lede = None  # a description cut from the first paragraph is no standfirst
    canonical = fields.canonical_url or url
    article = Article(
        url=url,
        canonical_url=canonicalize(canonical) if canonical else None,
        source=source,
        section=_name(fields.section, limits),
        title=title,
        lede=truncate(lede, limits.lede) if lede else None,
        published=fields.published,
        date=fields.published.astimezone(tz).date() if fields.published else None,
        body=[truncate(p, limits.paragraph) for p in body[: limits.paragraphs]],
        photo_credits=_strings(fields.photo_credits, limits.credit, limits.credits),
        source_credit=_name(fields.source_credit, limits),
        editor=_name(fields.editor, limits),
        tags=_strings(fields.tags, limits.tag, limits.tags),
        language=(fields.language or "en").split("-")[0].lower(),
        extractor=extractor,
        field_extractors=field_extractors or {},
    )
    if districts is not None:
        article.districts = districts(article.text)
    return article
