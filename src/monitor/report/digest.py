"""The daily digest: what the store learned on one calendar day, for people and for programs.

``build_digest`` is the only part that reads the database; ``render_markdown``, ``render_html``
and ``render_json`` are pure functions of the ``Digest``, so one database gives the same bytes
every time (golden tests pin each format, and a digest rebuilt later says the same). Markdown
and HTML render one shared outline, so the two cannot drift apart. ``write_daily`` writes the
files atomically and records the day, for ``monitor digest`` and the daemon's daily job alike.

A "day" is a calendar day in ``settings.tz``: articles first seen from local midnight to the
next local midnight. The store keeps times as ISO strings in UTC, so the window is converted to
UTC before the query and the ``first_seen_at`` index does the work.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from datetime import date as Date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from monitor.config import Settings
from monitor.errors import ConfigError
from monitor.models import RunStats
from monitor.report.deliver import write_atomic
from monitor.store.sqlite import Store

__all__ = [
    "ARTICLE_COLUMNS",
    "FORMATS",
    "OTHER_DISTRICT",
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
    "md_escape",
    "query_rows",
    "render_html",
    "render_json",
    "render_markdown",
    "safe_link",
    "write_daily",
    "write_digest",
]

SCHEMA = "monitor.digest/1"
THRESHOLD = 0.5
OTHER_DISTRICT = "Other / unspecified"
FORMATS = ("md", "html", "json")
MAX_FAILURES_SHOWN = 20
KIND_LABELS = {"mou": "MoU", "joint_entity": "joint entity", "investment_deal": "investment deal",
               "project_batch": "project batch"}


# -- the record ------------------------------------------------------------------------------


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DigestItem(_Record):
    """One article as the digest shows it; ``link`` is ``url`` only when it is safe to link."""

    id: str
    title: str
    url: str | None = None
    link: str | None = None
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
    evidence: str | None = None


class DistrictGroup(_Record):
    district: str
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


class Digest(_Record):
    """Everything one day's report shows; its JSON form is the versioned ``monitor.digest/1``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: Literal["monitor.digest/1"] = Field("monitor.digest/1", alias="schema")
    day: Date
    timezone: str
    window_start: datetime
    window_end: datetime
    threshold: float
    review_margin: float
    counts: Counts
    partnerships: list[DigestItem]
    districts: list[DistrictGroup]
    updated: list[DigestItem]
    to_check: list[DigestItem]
    runs: RunSummary


# -- gathering (the only code here that reads the database) ------------------------------------

ARTICLE_COLUMNS = """a.id, a.url, a.canonical_url, a.title, a.date, a.published, a.source,
    a.districts, a.first_seen_at, a.updated_at, c.partnership, c.score, c.kind, c.parties,
    c.sectors, c.districts AS c_districts, c.evidence"""
_FROM = "FROM articles a LEFT JOIN classifications c ON c.article_id = a.id"
NEW_SQL = f"""SELECT {ARTICLE_COLUMNS} {_FROM}
    WHERE a.first_seen_at >= ? AND a.first_seen_at < ?"""
UPDATED_SQL = f"""SELECT {ARTICLE_COLUMNS} {_FROM}
    WHERE a.updated_at >= ? AND a.updated_at < ? AND a.first_seen_at < ?"""
RUNS_SQL = """SELECT source, started_at, ok, stats FROM runs
    WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id"""


def day_window(day: Date, tz: tzinfo) -> tuple[datetime, datetime]:
    """Local midnight to the next local midnight, in UTC (the form the store keeps)."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def default_day(settings: Settings, now: datetime | None = None) -> Date:
    """Yesterday where the readers are: the last day that is complete when the job runs."""
    moment = now or datetime.now(UTC)
    return moment.astimezone(settings.tz).date() - timedelta(days=1)


def build_digest(store: Store, day: Date, settings: Settings) -> Digest:
    """Read one local day from the store and arrange it for people."""
    start, end = day_window(day, settings.tz)
    bounds = [start.isoformat(), end.isoformat()]
    new = _items(store, NEW_SQL, bounds, updated=False)
    updated = _items(store, UPDATED_SQL, [*bounds, bounds[0]], updated=True)
    margin = settings.digest.review_margin
    partnerships = [i for i in new if i.partnership]
    to_check = _to_check([*new, *updated], margin)
    return Digest(
        day=day, timezone=settings.timezone, window_start=start, window_end=end,
        threshold=THRESHOLD, review_margin=margin,
        counts=Counts(new=len(new), partnerships=len(partnerships), updated=len(updated),
                      to_check=len(to_check)),
        partnerships=partnerships, districts=_by_district(i for i in new if not i.partnership),
        updated=updated, to_check=to_check, runs=_runs(store, start, end))


def query_rows(store: Store, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    """Rows as dicts by column name; read-only SQL against the store's schema."""
    cursor = store.db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _items(store: Store, sql: str, params: Sequence[Any], *, updated: bool) -> list[DigestItem]:
    items = [item_from_row(row, updated=updated) for row in query_rows(store, sql, params)]
    return sorted(items, key=lambda i: (i.published or i.first_seen_at, i.id), reverse=True)


def item_from_row(row: dict[str, Any], *, updated: bool = False) -> DigestItem:
    """A row of ``ARTICLE_COLUMNS`` as an item; the JSON columns decoded, the URL vetted."""
    url = row["canonical_url"] or row["url"]
    evidence = _json_list(row["evidence"])
    districts = _json_list(row["districts"]) + _json_list(row["c_districts"])
    classified = row["partnership"] is not None
    return DigestItem(
        id=row["id"], title=row["title"], url=url, link=safe_link(url),
        date=Date.fromisoformat(row["date"]) if row["date"] else None,
        published=datetime.fromisoformat(row["published"]) if row["published"] else None,
        source=row["source"], districts=list(dict.fromkeys(districts)),
        first_seen_at=datetime.fromisoformat(row["first_seen_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"] or row["first_seen_at"]),
        updated=updated, partnership=bool(row["partnership"]) if classified else None,
        score=row["score"], kind=row["kind"], parties=_json_list(row["parties"]),
        sectors=_json_list(row["sectors"]), evidence=_telling(evidence, row["title"]))


def _telling(evidence: list[str], title: str) -> str | None:
    """The evidence sentence to show: one that says more than the title above it, if any."""
    fuller = [sentence for sentence in evidence if sentence.strip() != title.strip()]
    shown = fuller or evidence
    return shown[0] if shown else None


def _json_list(raw: str | None) -> list[str]:
    value = json.loads(raw) if raw else []
    return [str(v) for v in value] if isinstance(value, list) else []


def safe_link(url: str | None) -> str | None:
    """The URL when a reader may follow it (http or https with a host, no spaces or control
    characters, which could break out of a Markdown link); anything else stays text."""
    url = (url or "").strip()
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def _to_check(items: Iterable[DigestItem], margin: float) -> list[DigestItem]:
    """Scores this close to the threshold are the verdicts most worth a person's glance."""
    near = [i for i in items if i.score is not None
            and abs(i.score - THRESHOLD) <= margin + 1e-9]
    return sorted(near, key=lambda i: (round(abs((i.score or 0) - THRESHOLD), 6), i.id))


def _by_district(items: Iterable[DigestItem]) -> list[DistrictGroup]:
    """An article naming two districts is listed under both: readers follow their district."""
    groups: dict[str, list[DigestItem]] = {}
    for item in items:
        for name in item.districts or [OTHER_DISTRICT]:
            groups.setdefault(name, []).append(item)
    names = sorted(n for n in groups if n != OTHER_DISTRICT)
    names += [OTHER_DISTRICT] if OTHER_DISTRICT in groups else []
    return [DistrictGroup(district=n, articles=groups[n]) for n in names]


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


# -- the outline both human formats render -----------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One list entry: a title (linked only when safe), a note, and perhaps a quoted sentence."""

    title: str
    link: str | None = None
    note: str = ""
    quote: str | None = None
    label: str | None = None
    headline: bool = False  # partnerships: title in bold, note on its own line


@dataclass(frozen=True)
class _Block:
    heading: str | None = None
    level: int = 2
    text: str | None = None
    entries: tuple[_Entry, ...] = ()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _local(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def kind_label(kind: str | None) -> str:
    """The kind of deal in words: "MoU", "joint entity"; "partnership" when unknown."""
    return KIND_LABELS.get(kind or "", kind or "partnership")


def _deal(item: DigestItem) -> str:
    """"Qingpu District, Fudan University → agreement": who, and what kind of deal."""
    return f"{', '.join(item.parties) or 'parties not named'} → {kind_label(item.kind)}"


def _verdict(item: DigestItem) -> str:
    if item.partnership is None or item.score is None:
        return "not classified"
    tag = "tagged as partnership" if item.partnership else "not tagged"
    return f"score {item.score:.2f}, {tag}"


def _partnership(item: DigestItem) -> _Entry:
    meta = [str(item.date or "undated"), ", ".join(item.districts) or OTHER_DISTRICT, _deal(item)]
    meta += [f"sectors: {', '.join(item.sectors)}"] if item.sectors else []
    meta += [f"score {item.score:.2f}" if item.score is not None else "unscored"]
    return _Entry(item.title, item.link, " · ".join(meta), item.evidence, headline=True)


def _article(item: DigestItem) -> _Entry:
    return _Entry(item.title, item.link, f"{item.date or 'undated'} · {_verdict(item)}")


def _updated(item: DigestItem, tz: str) -> _Entry:
    note = (f"updated {_local(item.updated_at, tz)}, first seen {_local(item.first_seen_at, tz)}"
            f" · {_verdict(item)}")
    return _Entry(item.title, item.link, note, label="Updated:")


def _run_entries(r: RunSummary) -> tuple[_Entry, ...]:
    if not r.runs:
        return (_Entry("No runs on this day."),)
    lines = [f"{_plural(r.runs, 'run')} over {_plural(len(r.sources), 'source')} "
             f"({', '.join(r.sources)}); {_plural(r.pages_fetched, 'page')} fetched; "
             f"{r.new} new, {r.updated} updated, {r.tagged} tagged; "
             f"{_plural(r.failed_runs, 'failed run')}"]
    if r.skipped:
        lines.append("Skipped: " + ", ".join(f"{k} {v}" for k, v in r.skipped.items()))
    return tuple(_Entry(line) for line in lines)


def _failure_entries(r: RunSummary, tz: str) -> tuple[_Entry, ...]:
    shown = [f"{f.source} at {_local(f.started_at, tz)}: {f.reason}"
             for f in r.failures[:MAX_FAILURES_SHOWN]]
    if len(r.failures) > MAX_FAILURES_SHOWN:
        shown.append(f"… and {len(r.failures) - MAX_FAILURES_SHOWN} more")
    return tuple(_Entry(line) for line in shown)


def _head_blocks(d: Digest) -> list[_Block]:
    c = d.counts
    summary = (f"Day in {d.timezone} · {_plural(c.new, 'new article')} · "
               f"{_plural(c.partnerships, 'partnership announcement')} · {c.updated} updated · "
               f"{c.to_check} to check")
    blocks = [_Block(f"monitor digest {d.day}", level=1, text=summary)]
    return blocks + ([] if c.new else [_Block(text=f"No new articles on {d.day}.")])


def _article_blocks(d: Digest) -> list[_Block]:
    blocks = []
    if d.partnerships:
        blocks.append(_Block(f"Partnership announcements ({len(d.partnerships)})",
                             entries=tuple(_partnership(i) for i in d.partnerships)))
    if d.districts:
        blocks.append(_Block("New articles by district"))
        blocks += [_Block(f"{g.district} ({len(g.articles)})", level=3,
                          entries=tuple(_article(i) for i in g.articles)) for g in d.districts]
    if d.updated:
        blocks.append(_Block(f"Updated articles ({len(d.updated)})",
                             entries=tuple(_updated(i, d.timezone) for i in d.updated)))
    if d.to_check:
        intro = (f"Scored within {d.review_margin:g} of the {d.threshold:g} threshold; "
                 "a person should confirm the verdict.")
        blocks.append(_Block(f"To check ({len(d.to_check)})", text=intro,
                             entries=tuple(_article(i) for i in d.to_check)))
    return blocks


def _outline(d: Digest) -> list[_Block]:
    """The report as headed lists; Markdown and HTML differ only in how they spell it."""
    blocks = [*_head_blocks(d), *_article_blocks(d),
              _Block("Runs", entries=_run_entries(d.runs))]
    failures = _failure_entries(d.runs, d.timezone)
    return blocks + ([_Block("Failures", level=3, entries=failures)] if failures else [])


# -- Markdown --------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\d+(?=[.)])|(?=[-+=#>]))")
_MD_URL = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"}


def md_escape(text: str) -> str:
    """Inline text that cannot open markup: one line, metacharacters backslash-escaped."""
    flat = " ".join(text.split())
    flat = _MD_ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", flat))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\", flat)


def _md_entry(e: _Entry) -> list[str]:
    title = md_escape(e.title)
    if e.link:
        title = f"[{title}]({''.join(_MD_URL.get(ch, ch) for ch in e.link)})"
    title = f"**{title}**" if e.headline else title
    title = f"**{md_escape(e.label)}** {title}" if e.label else title
    if e.headline:
        lines = [f"- {title}", f"  {md_escape(e.note)}"]
    else:
        lines = [f"- {title} — {md_escape(e.note)}" if e.note else f"- {title}"]
    return lines + ([f"  > {md_escape(e.quote)}"] if e.quote else [])


def _md_block(b: _Block) -> str:
    parts = [f"{'#' * b.level} {md_escape(b.heading)}"] if b.heading else []
    parts += [md_escape(b.text)] if b.text else []
    if b.entries:
        parts.append("\n".join(line for e in b.entries for line in _md_entry(e)))
    return "\n\n".join(parts)


def render_markdown(d: Digest) -> str:
    """Markdown for a mail client or a chat: plain enough to read unrendered."""
    return "\n\n".join(_md_block(b) for b in _outline(d)) + "\n"


# -- HTML ------------------------------------------------------------------------------------

_CSS = """
:root{color-scheme:light dark}
body{margin:0 auto;max-width:46rem;padding:1rem;line-height:1.5;color:#1b1b1b;background:#fff;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC",sans-serif;
overflow-wrap:anywhere}
h1{font-size:1.5rem;margin:.5rem 0}h3{font-size:1rem;margin-bottom:.3rem}
h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
ul{padding-left:1.2rem}li{margin:.5rem 0}.note{color:#555;font-size:.9rem}
.label{font-weight:600;color:#8a4b00}a{color:#0645ad}
blockquote{margin:.3rem 0;padding-left:.8rem;border-left:3px solid #9ab}
@media (prefers-color-scheme:dark){body{color:#e6e6e6;background:#141414}
.note{color:#aaa}.label{color:#f0b35a}a{color:#8ab4f8}}
@media print{body{max-width:none;font-size:11pt;color:#000;background:#fff}a{color:#000}
a[href]::after{content:" (" attr(href) ")";font-size:.8em;color:#444}
h2,h3{break-after:avoid}li{break-inside:avoid}}
""".strip()

_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _h_entry(e: _Entry) -> str:
    title = f'<a href="{_e(e.link)}">{_e(e.title)}</a>' if e.link else _e(e.title)
    title = f"<strong>{title}</strong>" if e.headline else title
    title = f'<span class="label">{_e(e.label)}</span> {title}' if e.label else title
    if e.note:
        sep = "<br>" if e.headline else " — "
        title += f'{sep}<span class="note">{_e(e.note)}</span>'
    quote = f"<blockquote>{_e(e.quote)}</blockquote>" if e.quote else ""
    return f"<li>{title}{quote}</li>"


def _h_block(b: _Block) -> str:
    parts = [f"<h{b.level}>{_e(b.heading)}</h{b.level}>"] if b.heading else []
    parts += [f"<p>{_e(b.text)}</p>"] if b.text else []
    if b.entries:
        parts.append("<ul>\n" + "\n".join(_h_entry(e) for e in b.entries) + "\n</ul>")
    return "\n".join(parts)


def render_html(d: Digest) -> str:
    """One self-contained page: inline CSS, no scripts, nothing fetched; phone and print."""
    head = _HEAD.format(title=_e(f"monitor digest {d.day}"), css=_CSS)
    return head + "\n".join(_h_block(b) for b in _outline(d)) + "\n</body>\n</html>\n"


# -- JSON ------------------------------------------------------------------------------------


def render_json(d: Digest) -> str:
    """The ``monitor.digest/1`` document (docs/digest-schema.md)."""
    return json.dumps(d.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2) + "\n"


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
