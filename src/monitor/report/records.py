"""The digest's records: what one day's report holds, whichever format draws it.

Pydantic models, so the JSON document (``monitor.digest/2``, docs/digest-schema.md) is their
dump and a consumer can read it back with ``Digest.model_validate_json``. The gathering code
builds items with ``model_construct`` (the values come typed from our own store).
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CHECK_LABELS",
    "KIND_LABELS",
    "OTHER_DISTRICT",
    "SCHEMA",
    "THRESHOLD",
    "Counts",
    "Digest",
    "DigestItem",
    "DistrictGroup",
    "RunFailure",
    "RunSummary",
    "kind_label",
]

SCHEMA = "monitor.digest/2"
THRESHOLD = 0.5
OTHER_DISTRICT = "Other / unspecified"
KIND_LABELS = {"mou": "MoU", "joint_entity": "joint entity", "investment_deal": "investment deal",
               "project_batch": "project batch"}
CHECK_LABELS = {"near-threshold": "score near the threshold", "parties-unread": "parties not read"}


def kind_label(kind: str | None) -> str:
    """The kind of deal in words: "MoU", "joint entity"; "partnership" when unknown."""
    return KIND_LABELS.get(kind or "", kind or "partnership")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DigestItem(_Record):
    """One article as the digest shows it; ``link`` is ``url`` only when it is safe to link."""

    id: str
    title: str
    url: str | None = None
    link: str | None = None
    lede: str | None = None
    date: Date | None = None
    published: datetime | None = None
    source: str | None = None
    districts: list[str] = []
    first_seen_at: datetime
    updated_at: datetime
    updated: bool = False
    partnership: bool | None = None
    score: float | None = None
    kind: str | None = None
    parties: list[str] = []
    sectors: list[str] = []
    evidence: list[str] = []
    check: list[str] = []
    reviewed: bool = False
    reviewed_by: str | None = None

    def quote(self) -> str | None:
        """The evidence sentence to show: one that says more than the title, if any."""
        fuller = [s for s in self.evidence if s.strip() != self.title.strip()]
        shown = fuller or self.evidence
        return shown[0] if shown else None

    def kind_label(self) -> str:
        return kind_label(self.kind)

    def check_labels(self) -> list[str]:
        return [CHECK_LABELS.get(reason, reason.replace("-", " ")) for reason in self.check]

    def verdict_label(self) -> str:
        if self.partnership is None:
            return "not classified"
        said = "partnership" if self.partnership else "not a partnership"
        return f"{said} (reviewed)" if self.reviewed else said


class DistrictGroup(_Record):
    district: str
    total: int
    articles: list[DigestItem]


class RunFailure(_Record):
    source: str
    started_at: datetime
    reason: str


class RunSummary(_Record):
    runs: int = 0
    failed_runs: int = 0
    sources: list[str] = []
    pages_fetched: int = 0
    new: int = 0
    updated: int = 0
    tagged: int = 0
    skipped: dict[str, int] = {}
    failures: list[RunFailure] = []


class Counts(_Record):
    new: int
    partnerships: int
    updated: int
    to_check: int
    reviewed: int


class Digest(_Record):
    """Everything one day's report shows; its JSON form is the versioned ``monitor.digest/2``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: Literal["monitor.digest/2"] = Field("monitor.digest/2", alias="schema")
    day: Date
    timezone: str
    window_start: datetime
    window_end: datetime
    threshold: float
    review_margin: float
    per_district: int
    counts: Counts
    partnerships: list[DigestItem]
    districts: list[DistrictGroup]
    updated: list[DigestItem]
    updated_more: int
    to_check: list[DigestItem]
    runs: RunSummary
