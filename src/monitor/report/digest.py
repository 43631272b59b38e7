"""The daily digest: what the store learned on one calendar day, for people and for programs.

``build_digest`` is the only part that reads the database; the renderers are pure functions of
the ``Digest``, so one database gives the same bytes every time (golden tests pin each format).
The HTML digest is drawn by the workspace's own templates and stylesheet (monitor.web.templating),
so the file and the web pages look like one product; Markdown follows the same wording.

A "day" is a calendar day in ``settings.tz``: articles first *stored* from local midnight to the
next local midnight (not the day they were published). The store keeps times as ISO strings in
UTC, so the window is converted to UTC before the query and the ``first_seen_at`` index does
the work. Verdicts are read through the store's ``verdicts`` view, so a reader's review wins.

A big day stays fast and readable: the rows are streamed, every announcement and every article
to check is kept, and the other articles are capped per district with the rest counted.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, time, timedelta, tzinfo
from datetime import date as Date
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from monitor.config import Settings
from monitor.errors import ConfigError
from monitor.models import RunStats
from monitor.report.deliver import write_atomic
from monitor.store.reviews import WINNING
from monitor.store.search import ARTICLE_COLUMNS, FROM_ARTICLES
from monitor.store.sqlite import Store

__all__ = [
    "ARTICLE_COLUMNS",
    "FORMATS",
    "OTHER_DISTRICT",
    "OTHER_PER_DISTRICT",
    "SCHEMA",
    "THRESHOLD",
    "Counts",
    "Digest",
    "DigestItem",
    "DistrictGroup",
    "RunFailure",
    "RunSummary",
    "build_digest",
    "day_window",
    "default_day",
    "item_from_row",
    "kind_label",
    "latest_day",
    "query_rows",
    "render_html",
    "render_json",
    "render_markdown",
    "safe_link",
    "write_daily",
    "write_digest",
]

SCHEMA = "monitor.digest/2"
THRESHOLD = 0.5
OTHER_DISTRICT = "Other / unspecified"
OTHER_PER_DISTRICT = 25  # other articles listed per district; the rest are counted
FORMATS = ("md", "html", "json")
KIND_LABELS = {"mou": "MoU", "joint_entity": "joint entity", "investment_deal": "investment deal",
               "project_batch": "project batch"}
CHECK_LABELS = {"near-threshold": "score near the threshold", "parties-unread": "parties not read"}


# -- the record ------------------------------------------------------------------------------


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


# -- gathering (the only code here that reads the database) ------------------------------------


class _Row(Protocol):
    """A result row read by column name: an ``sqlite3.Row`` or a plain dict."""

    def __getitem__(self, key: str, /) -> Any: ...


# Newest stored first, walking the first_seen_at index backwards (no sort of the whole day):
# the per-district cap keeps the latest stored; what is shown is then ordered by publication.
_NEWEST = "ORDER BY a.first_seen_at DESC, a.id DESC"
# The district an article is listed under, read by SQLite so the 100,000 rows of a big day are
# not all decoded from JSON in Python: the first the article names, else the classifier's.
# The first five columns decide where a row goes (read by position, the rest only for rows shown):
# verdict, reviewed, score, check reasons, and the district it is listed under.
_DECIDE = (f"{WINNING['partnership']}, {WINNING['reviewed']}, c.score, c.check_reasons, "
           "coalesce(json_extract(a.districts, '$[0]'), json_extract(c.districts, '$[0]'))")
NEW_SQL = f"""SELECT {_DECIDE}, {ARTICLE_COLUMNS} {FROM_ARTICLES}
    WHERE a.first_seen_at >= ? AND a.first_seen_at < ? {_NEWEST}"""
UPDATED_SQL = f"""SELECT {_DECIDE}, {ARTICLE_COLUMNS} {FROM_ARTICLES}
    WHERE a.updated_at >= ? AND a.updated_at < ? AND +a.first_seen_at < ? {_NEWEST}"""
_PARTNERSHIP, _REVIEWED, _SCORE, _CHECK, _DISTRICT = range(5)
# (``+`` keeps the updated_at index in charge: "first seen before the day" is most of the table.)
RUNS_SQL = """SELECT source, started_at, ok, stats FROM runs
    WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id"""


def day_window(day: Date, tz: tzinfo) -> tuple[datetime, datetime]:
    """Local midnight to the next local midnight, in UTC (the form the store keeps)."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def default_day(settings: Settings, now: datetime | None = None) -> Date:
    """Yesterday where the readers are: the last day that is complete when the daily job runs."""
    moment = now or datetime.now(UTC)
    return moment.astimezone(settings.tz).date() - timedelta(days=1)


def latest_day(store: Store, tz: tzinfo) -> Date | None:
    """The latest local day on which articles were first stored (``monitor digest``'s default,
    so the first digest after a replay or a crawl is never empty); None for an empty store."""
    newest = store.db.execute("select max(first_seen_at) from articles").fetchone()[0]
    return datetime.fromisoformat(newest).astimezone(tz).date() if newest else None


def build_digest(store: Store, day: Date, settings: Settings,
                 per_district: int = OTHER_PER_DISTRICT) -> Digest:
    """Read one local day from the store and arrange it for people."""
    start, end = day_window(day, settings.tz)
    bounds = [start.isoformat(), end.isoformat()]
    day_list = _DayList(settings.digest.review_margin, per_district)
    day_list.stream(store, NEW_SQL, bounds, updated=False)
    day_list.stream(store, UPDATED_SQL, [*bounds, bounds[0]], updated=True)
    return day_list.digest(day, settings, start, end, _runs(store, start, end))


def _newest_first(items: list[DigestItem]) -> list[DigestItem]:
    return sorted(items, key=lambda i: (i.published or i.first_seen_at, i.id), reverse=True)


_Tuple = tuple[Any, ...]


class _DayList:
    """Sorts a day's rows into the digest's sections as they stream past: a row is a plain
    tuple read by position, and becomes an item only when it will be shown (a day of 100,000
    articles is never held as a list)."""

    def __init__(self, margin: float, per_district: int) -> None:
        self.margin, self.cap = margin, per_district
        self.partnerships: list[DigestItem] = []
        self.to_check: list[tuple[float, DigestItem]] = []
        self.groups: dict[str, list[DigestItem]] = {}
        self.totals: Counter[str] = Counter()
        self.updated: list[DigestItem] = []
        self.counts: Counter[str] = Counter()
        self.names: list[str] = []

    def stream(self, store: Store, sql: str, params: Sequence[Any], *, updated: bool) -> None:
        cursor = store.db.execute(sql, list(params))
        self.names = [d[0] for d in cursor.description]
        add = self.add_updated if updated else self.add_new
        for row in cursor:
            add(row)

    def _item(self, row: _Tuple, updated: bool = False) -> DigestItem:
        return item_from_row(dict(zip(self.names, row, strict=True)), updated=updated)

    def _check(self, row: _Tuple) -> list[str]:
        if row[_REVIEWED] or row[_PARTNERSHIP] is None:
            return []
        reasons = _json_list(row[_CHECK])
        if abs(row[_SCORE] - THRESHOLD) <= self.margin + 1e-9 and "near-threshold" not in reasons:
            reasons.append("near-threshold")
        return reasons

    def _queue_check(self, row: _Tuple, item: DigestItem | None, updated: bool) -> None:
        reasons = self._check(row)
        if reasons:
            item = item or self._item(row, updated)
            item = item.model_copy(update={"check": reasons})
            self.to_check.append((round(abs(row[_SCORE] - THRESHOLD), 6), item))

    def add_new(self, row: _Tuple) -> None:
        self.counts["new"] += 1
        self.counts["reviewed"] += bool(row[_REVIEWED])
        item = None
        if row[_PARTNERSHIP]:
            item = self._item(row)
            self.partnerships.append(item)
        else:
            district = row[_DISTRICT] or OTHER_DISTRICT
            self.totals[district] += 1
            if self.totals[district] <= self.cap:
                item = self._item(row)
                self.groups.setdefault(district, []).append(item)
        self._queue_check(row, item, updated=False)

    def add_updated(self, row: _Tuple) -> None:
        self.counts["updated"] += 1
        item = self._item(row, True) if len(self.updated) < self.cap else None
        if item is not None:
            self.updated.append(item)
        self._queue_check(row, item, updated=True)

    def digest(self, day: Date, settings: Settings, start: datetime, end: datetime,
               runs: RunSummary) -> Digest:
        names = sorted(n for n in self.groups if n != OTHER_DISTRICT)
        names += [OTHER_DISTRICT] if OTHER_DISTRICT in self.groups else []
        checks = [item for _, item in sorted(self.to_check, key=lambda pair: (pair[0], pair[1].id))]
        c = self.counts
        return Digest(
            day=day, timezone=settings.timezone, window_start=start, window_end=end,
            threshold=THRESHOLD, review_margin=self.margin, per_district=self.cap,
            counts=Counts(new=c["new"], partnerships=len(self.partnerships), updated=c["updated"],
                          to_check=len(checks), reviewed=c["reviewed"]),
            partnerships=_newest_first(self.partnerships),
            districts=[DistrictGroup(district=n, total=self.totals[n],
                                     articles=_newest_first(self.groups[n])) for n in names],
            updated=_newest_first(self.updated), updated_more=c["updated"] - len(self.updated),
            to_check=checks, runs=runs)


def query_rows(store: Store, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    """Rows as dicts by column name; read-only SQL against the store's schema."""
    return store.rows(sql, params)


def item_from_row(row: _Row, *, updated: bool = False) -> DigestItem:
    """A row of ``ARTICLE_COLUMNS`` as an item; the JSON columns decoded, the URL vetted."""
    url = row["canonical_url"] or row["url"]
    districts = _json_list(row["districts"]) + _json_list(row["c_districts"])
    classified = row["partnership"] is not None
    # Built without validation: every value comes typed from our own store, and a big day
    # builds thousands of items (validation was a third of the digest's time).
    return DigestItem.model_construct(
        id=row["id"], title=row["title"], url=url, link=safe_link(url), lede=row["lede"] or None,
        date=Date.fromisoformat(row["date"]) if row["date"] else None,
        published=datetime.fromisoformat(row["published"]) if row["published"] else None,
        source=row["source"], districts=list(dict.fromkeys(districts)),
        first_seen_at=datetime.fromisoformat(row["first_seen_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"] or row["first_seen_at"]),
        updated=updated, partnership=bool(row["partnership"]) if classified else None,
        score=row["score"], kind=row["kind"] if row["partnership"] else None,
        parties=_json_list(row["parties"]), sectors=_json_list(row["sectors"]),
        evidence=_json_list(row["evidence"]), check=[], reviewed=bool(row["reviewed"]),
        reviewed_by=row["reviewed_by"] if row["reviewed"] else None)


def _json_list(raw: str | None) -> list[str]:
    value = json.loads(raw) if raw and raw != "[]" else []
    return [str(v) for v in value] if isinstance(value, list) else []


_UNSAFE_IN_LINK = re.compile(r"[\s\x00-\x1f\x7f]")
_WEB_URL = re.compile(r"https?://[^/?#]", re.IGNORECASE)


def safe_link(url: str | None) -> str | None:
    """The URL when a reader may follow it (http or https with a host, no spaces or control
    characters, which could break out of a Markdown link); anything else stays text."""
    url = (url or "").strip()
    if not _WEB_URL.match(url) or _UNSAFE_IN_LINK.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.hostname else None


def kind_label(kind: str | None) -> str:
    """The kind of deal in words: "MoU", "joint entity"; "partnership" when unknown."""
    return KIND_LABELS.get(kind or "", kind or "partnership")


def _runs(store: Store, start: datetime, end: datetime) -> RunSummary:
    """Runs started in the window. ``started_at`` keeps whatever offset its writer used, so
    the string range is widened a day each side and the exact test is done on datetimes."""
    wide = [(start - timedelta(days=1)).isoformat(), (end + timedelta(days=1)).isoformat()]
    runs = []
    for row in query_rows(store, RUNS_SQL, wide):
        started = datetime.fromisoformat(row["started_at"])
        if start <= started < end:
            runs.append((row["source"], started, bool(row["ok"]), _run_stats(row["stats"])))
    return _summarize(runs)


def _run_stats(raw: str | None) -> RunStats | None:
    try:
        return RunStats.model_validate_json(raw or "")
    except ValidationError:
        return None


def _summarize(runs: list[tuple[str, datetime, bool, RunStats | None]]) -> RunSummary:
    skipped: Counter[str] = Counter()
    failures: list[RunFailure] = []
    totals = Counter[str]()
    for source, started, ok, stats in runs:
        if stats is None:
            failures.append(RunFailure(source=source, started_at=started,
                                       reason="run statistics unreadable"))
            continue
        totals.update(pages=stats.pages_fetched, new=stats.stored_new, updated=stats.updated,
                      tagged=stats.tagged)
        skipped.update(stats.skipped)
        reasons = stats.failures or ([] if ok else ["failed (no reason recorded)"])
        failures += [RunFailure(source=source, started_at=started, reason=r) for r in reasons]
    return RunSummary(
        runs=len(runs), failed_runs=sum(1 for r in runs if not r[2]),
        sources=sorted({r[0] for r in runs}), pages_fetched=totals["pages"], new=totals["new"],
        updated=totals["updated"], tagged=totals["tagged"],
        skipped=dict(sorted((k, v) for k, v in skipped.items() if v)), failures=failures)


# -- JSON ------------------------------------------------------------------------------------


def render_json(d: Digest) -> str:
    """The ``monitor.digest/2`` document (docs/digest-schema.md)."""
    return d.model_dump_json(by_alias=True, indent=2) + "\n"


def render_markdown(d: Digest) -> str:
    """Markdown for a mail client or a chat (monitor.report.markdown)."""
    from monitor.report.markdown import markdown

    return markdown(d)


def render_html(d: Digest) -> str:
    """One self-contained page drawn by the workspace's templates (monitor.web.templating)."""
    from monitor.web.templating import digest_page

    return digest_page(d)


RENDERERS: dict[str, Callable[[Digest], str]] = {
    "md": render_markdown, "html": render_html, "json": render_json}


# -- files -----------------------------------------------------------------------------------


def _formats(formats: Sequence[str]) -> list[str]:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ConfigError("digest", f"unknown format {unknown[0]!r} (have: {', '.join(FORMATS)})",
                          "formats")
    return list(dict.fromkeys(formats))


def write_digest(digest: Digest, store: Store, settings: Settings,
                 formats: Sequence[str] | None = None, out_dir: Path | None = None) -> list[Path]:
    """Write an already built digest, so a caller that also delivers it builds it once."""
    folder = out_dir or settings.digest.out_dir
    paths = [write_atomic(folder / f"digest-{digest.day}.{fmt}", RENDERERS[fmt](digest))
             for fmt in _formats(formats or settings.digest.formats)]
    _record(store, digest, paths)
    return paths


def write_daily(store: Store, settings: Settings, day: Date, formats: list[str] | None = None,
                out_dir: Path | None = None) -> list[Path]:
    """Build and write digest-YYYY-MM-DD.{md,html,json}: what `monitor digest` and the daemon
    call."""
    return write_digest(build_digest(store, day, settings), store, settings, formats, out_dir)


def _record(store: Store, digest: Digest, paths: list[Path]) -> None:
    row = {"day": digest.day.isoformat(), "generated_at": datetime.now(UTC).isoformat(),
           "articles": digest.counts.new, "tagged": digest.counts.partnerships,
           "files": json.dumps([str(p) for p in paths], ensure_ascii=False)}
    with store.db.atomic():
        store.db.table("digests").upsert(row, pk="day")
