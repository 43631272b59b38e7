"""The public records that travel between the stages.

PageFields   what an extractor (site profile or generic) read off one page, field by field
Article      the normalized record every stage after parsing works on
Classification  the partnership verdict for one article
FetchLogEntry   one HTTP exchange, kept so a user can see why an article is missing
RunStats     what one run over one source did, with named reasons for everything skipped
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date as Date
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

__all__ = [
    "Article",
    "Classification",
    "FetchLogEntry",
    "Kind",
    "PageFields",
    "RunStats",
    "article_id",
]

Kind = Literal[
    "agreement",
    "mou",
    "joint_entity",
    "investment_deal",
    "project_batch",
    "alliance",
    "pairing",
    "other",
]


# Only PageFields and Article are built when this module is imported: every command that reads
# a page needs them. The other records build their validators on first use (``defer_build``),
# so `monitor parse` does not pay for a verdict, a fetch log or a run's counts it never makes.


def article_id(canonical_url: str) -> str:
    """Stable row id: the same canonical URL always maps to the same article."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]


class PageFields(BaseModel):
    """Fields one extractor found on a page; None or empty means "not found here"."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    lede: str | None = None
    published: datetime | None = None
    body: list[str] = Field(default_factory=list)
    photo_credits: list[str] = Field(default_factory=list)
    source_credit: str | None = None
    editor: str | None = None
    tags: list[str] = Field(default_factory=list)
    section: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    byline: str | None = None

    def found(self) -> set[str]:
        """Names of the fields this extractor filled."""
        return {name for name, value in self if name != "found" and value not in (None, [], "")}


class Article(BaseModel):
    """One news article, normalized. Times are aware; ``date`` is the day where it was published."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = None
    canonical_url: str | None = None
    source: str | None = None
    section: str | None = None
    title: str
    lede: str | None = None
    published: datetime | None = None
    date: Date | None = None
    body: list[str] = Field(default_factory=list)
    photo_credits: list[str] = Field(default_factory=list)
    source_credit: str | None = None
    editor: str | None = None
    tags: list[str] = Field(default_factory=list)
    districts: list[str] = Field(default_factory=list)
    language: str = "en"
    extractor: str = "unknown"
    field_extractors: dict[str, str] = Field(default_factory=dict)

    @field_validator("published")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.utcoffset() is None:
            raise ValueError("published must carry a UTC offset")
        return value

    @computed_field  # type: ignore[prop-decorator]
    @property
    def id(self) -> str | None:
        key = self.canonical_url or self.url
        return article_id(key) if key else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def content_hash(self) -> str:
        """Changes when what a reader sees changes: title, lede, date, credits or body."""
        parts = [self.title, self.lede or "", str(self.date or ""), *self.photo_credits, "", *self.body]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

    @property
    def text(self) -> str:
        """Title, lede and body as one string, for classifiers and search."""
        return "\n\n".join([self.title, *([self.lede] if self.lede else []), *self.body])


class Classification(BaseModel):
    """Whether an article announces a partnership, who with whom, and the sentences that say so."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    partnership: bool
    score: float = Field(ge=0.0, le=1.0)
    kind: Kind | None = None
    parties: list[str] = Field(default_factory=list)
    sectors: list[str] = Field(default_factory=list)
    districts: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)
    version: str
    # Why a reader should look at this verdict before trusting it ("parties-unread",
    # "near-threshold", ...); a non-empty list puts the article on the digest's "to check" list.
    check: list[str] = Field(default_factory=list)


class FetchLogEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    url: str
    source: str | None = None
    status: int | None = None
    bytes: int = 0
    duration_ms: float = 0.0
    attempt: int = 1
    outcome: str = "ok"
    error: str | None = None
    fetched_at: datetime


class RunStats(BaseModel):
    """Counts for one run over one source; ``skipped`` holds a named reason for every drop."""

    model_config = ConfigDict(defer_build=True)

    source: str
    started_at: datetime
    finished_at: datetime | None = None
    pages_fetched: int = 0
    listing_pages: int = 0
    articles_seen: int = 0
    stored_new: int = 0
    updated: int = 0
    unchanged: int = 0
    tagged: int = 0
    skipped: Counter[str] = Field(default_factory=Counter)
    failures: list[str] = Field(default_factory=list)
    # Issue 12: exchanges sent (robots.txt and retries included), whether a shutdown cut the run
    # short (the rest waits in the frontier), and what the run must tell (robots.txt trouble,
    # a capped Crawl-delay) without being a failure of an article.
    requests: int = 0
    cut_short: bool = False
    notes: list[str] = Field(default_factory=list)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    @property
    def ok(self) -> bool:
        return not self.failures
