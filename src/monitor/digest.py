"""The daily digest: what the store learned on one calendar day, for people and for programs.

``build_digest`` is the only part that reads the database; ``render_markdown``, ``render_html``
and ``render_json`` are pure functions of the ``Digest``, so one database gives the same bytes
every time (golden tests pin each format) and a digest can be rebuilt from its own JSON (delivery
does that when a format was not written). ``write_daily`` writes the files atomically and
records the day, for ``monitor digest`` and the daemon's daily job alike.

A "day" is a calendar day in ``settings.tz``: articles first seen from local midnight to the
next local midnight. The store keeps times as ISO strings in UTC, so the window is converted to
UTC before the query and the ``first_seen_at`` index does the work.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, time, timedelta, tzinfo
from datetime import date as Date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from monitor.config import Settings
from monitor.errors import ConfigError, MonitorError
from monitor.models import RunStats
from monitor.store import Store

__all__ = [
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
    "latest_partnerships",
    "render_html",
    "render_json",
    "render_markdown",
    "safe_link",
    "write_atomic",
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

    schema_: Literal["monitor.digest/1"] = Field(SCHEMA, alias="schema")
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

_COLUMNS = """a.id, a.url, a.canonical_url, a.title, a.date, a.published, a.source, a.districts,
    a.first_seen_at, a.updated_at, c.partnership, c.score, c.kind, c.parties, c.sectors,
    c.districts AS c_districts, c.evidence"""
NEW_SQL = f"""SELECT {_COLUMNS} FROM articles a LEFT JOIN classifications c ON c.article_id = a.id
    WHERE a.first_seen_at >= ? AND a.first_seen_at < ?"""
UPDATED_SQL = f"""SELECT {_COLUMNS} FROM articles a LEFT JOIN classifications c ON c.article_id = a.id
    WHERE a.updated_at >= ? AND a.updated_at < ? AND a.first_seen_at < ?"""
PARTNERSHIPS_SQL = f"""SELECT {_COLUMNS} FROM articles a JOIN classifications c ON c.article_id = a.id
    WHERE c.partnership = 1 ORDER BY a.first_seen_at DESC, a.id DESC LIMIT ?"""
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


def latest_partnerships(store: Store, limit: int) -> list[DigestItem]:
    """The newest partnership announcements first, for the Atom feed."""
    return [_item(row, updated=False) for row in _query(store, PARTNERSHIPS_SQL, [limit])]


def _query(store: Store, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = store.db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _items(store: Store, sql: str, params: Sequence[Any], *, updated: bool) -> list[DigestItem]:
    items = [_item(row, updated=updated) for row in _query(store, sql, params)]
    return sorted(items, key=lambda i: (i.published or i.first_seen_at, i.id), reverse=True)


def _item(row: dict[str, Any], *, updated: bool) -> DigestItem:
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
        sectors=_json_list(row["sectors"]), evidence=evidence[0] if evidence else None)


def _json_list(raw: str | None) -> list[str]:
    value = json.loads(raw) if raw else []
    return [str(v) for v in value] if isinstance(value, list) else []


def safe_link(url: str | None) -> str | None:
    """The URL when a reader may follow it (http or https with a host); anything else is text."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def _to_check(items: Iterable[DigestItem], margin: float) -> list[DigestItem]:
    """Scores this close to the threshold are the verdicts most worth a person's glance."""
    near = [i for i in items if i.score is not None
            and abs(i.score - THRESHOLD) <= margin + 1e-9]
    return sorted(near, key=lambda i: (abs((i.score or 0) - THRESHOLD), i.id))


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
    for row in _query(store, RUNS_SQL, wide):
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


# -- shared wording ----------------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _local(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def _day_of(item: DigestItem) -> str:
    return str(item.date) if item.date else "undated"


def _deal(item: DigestItem) -> str:
    """"Qingpu District, Fudan University → agreement": who, and what kind of deal."""
    kind = KIND_LABELS.get(item.kind or "", item.kind or "partnership")
    parties = ", ".join(item.parties) or "parties not named"
    return f"{parties} → {kind}"


def _verdict(item: DigestItem) -> str:
    if item.partnership is None:
        return "not classified"
    tag = "tagged as partnership" if item.partnership else "not tagged"
    return f"score {item.score:.2f}, {tag}"


def _summary_line(d: Digest) -> str:
    c = d.counts
    return (f"Day in {d.timezone} · {_plural(c.new, 'new article')} · "
            f"{_plural(c.partnerships, 'partnership announcement')} · {c.updated} updated · "
            f"{c.to_check} to check")


def _empty_line(d: Digest) -> str:
    return f"No new articles on {d.day}."


def _run_lines(r: RunSummary) -> list[str]:
    if not r.runs:
        return ["No runs on this day."]
    lines = [f"{_plural(r.runs, 'run')} over {_plural(len(r.sources), 'source')} "
             f"({', '.join(r.sources)}); {_plural(r.pages_fetched, 'page')} fetched; "
             f"{r.new} new, {r.updated} updated, {r.tagged} tagged; "
             f"{_plural(r.failed_runs, 'failed run')}"]
    if r.skipped:
        lines.append("Skipped: " + ", ".join(f"{k} {v}" for k, v in r.skipped.items()))
    return lines


def _failure_lines(r: RunSummary, tz: str) -> list[str]:
    shown = [f"{f.source} at {_local(f.started_at, tz)}: {f.reason}"
             for f in r.failures[:MAX_FAILURES_SHOWN]]
    if len(r.failures) > MAX_FAILURES_SHOWN:
        shown.append(f"… and {len(r.failures) - MAX_FAILURES_SHOWN} more")
    return shown


# -- Markdown --------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^([-+=#>]|\d+[.)])")


def md_escape(text: str) -> str:
    """Inline text that cannot open markup: one line, metacharacters backslash-escaped."""
    flat = " ".join(text.split())
    flat = _MD_ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", flat))
    return _MD_LINE_START.sub(r"\\\1", flat)


def _md_url(url: str) -> str:
    return "".join({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"}.get(ch, ch)
                   for ch in url)


def _md_title(item: DigestItem) -> str:
    title = md_escape(item.title)
    return f"[{title}]({_md_url(item.link)})" if item.link else title


def _md_partnership(item: DigestItem) -> list[str]:
    meta = [_day_of(item), ", ".join(item.districts) or OTHER_DISTRICT, _deal(item)]
    meta += [f"sectors: {', '.join(item.sectors)}"] if item.sectors else []
    meta += [f"score {item.score:.2f}" if item.score is not None else "unscored"]
    lines = [f"- **{_md_title(item)}**", "  " + md_escape(" · ".join(meta))]
    return lines + ([f"  > {md_escape(item.evidence)}"] if item.evidence else [])


def _md_article(item: DigestItem) -> str:
    return f"- {_md_title(item)} — {md_escape(_day_of(item) + ' · ' + _verdict(item))}"


def _md_updated(item: DigestItem, tz: str) -> str:
    note = (f"updated {_local(item.updated_at, tz)}, first seen {_local(item.first_seen_at, tz)}"
            f" · {_verdict(item)}")
    return f"- **Updated:** {_md_title(item)} — {md_escape(note)}"


def _md_sections(d: Digest) -> list[list[str]]:
    sections: list[list[str]] = []
    if d.partnerships:
        sections.append([f"## Partnership announcements ({len(d.partnerships)})", ""]
                        + [line for i in d.partnerships for line in _md_partnership(i)])
    if d.districts:
        body = ["## New articles by district"]
        for group in d.districts:
            body += ["", f"### {md_escape(group.district)} ({len(group.articles)})", ""]
            body += [_md_article(i) for i in group.articles]
        sections.append(body)
    if d.updated:
        sections.append([f"## Updated articles ({len(d.updated)})", ""]
                        + [_md_updated(i, d.timezone) for i in d.updated])
    if d.to_check:
        sections.append([f"## To check ({len(d.to_check)})", "",
                         f"Scored within {d.review_margin:g} of the {d.threshold:g} threshold; "
                         "a person should confirm the verdict.", ""]
                        + [_md_article(i) for i in d.to_check])
    return sections


def _md_runs(d: Digest) -> list[str]:
    lines = ["## Runs", ""] + [f"- {md_escape(line)}" for line in _run_lines(d.runs)]
    failures = _failure_lines(d.runs, d.timezone)
    if failures:
        lines += ["- Failures:"] + [f"  - {md_escape(line)}" for line in failures]
    return lines


def render_markdown(d: Digest) -> str:
    """Markdown for a mail client or a chat: plain enough to read unrendered."""
    blocks = [[f"# monitor digest {d.day}", "", md_escape(_summary_line(d))]]
    if not d.counts.new:
        blocks.append([_empty_line(d)])
    blocks += _md_sections(d) + [_md_runs(d)]
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


# -- HTML ------------------------------------------------------------------------------------

_CSS = """
:root{color-scheme:light dark}
body{margin:0 auto;max-width:46rem;padding:1rem;line-height:1.5;color:#1b1b1b;background:#fff;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC",
"Microsoft YaHei",sans-serif;overflow-wrap:anywhere}
h1{font-size:1.5rem;margin:.5rem 0}
h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
h3{font-size:1rem;margin-bottom:.3rem}
ul{padding-left:1.2rem}li{margin:.5rem 0}
.meta,.summary{color:#555;font-size:.9rem}
.updated{font-weight:600;color:#8a4b00}
blockquote{margin:.3rem 0;padding-left:.8rem;border-left:3px solid #9ab}
a{color:#0645ad}
@media (prefers-color-scheme:dark){body{color:#e6e6e6;background:#141414}
.meta,.summary{color:#aaa}.updated{color:#f0b35a}a{color:#8ab4f8}}
@media print{body{max-width:none;font-size:11pt;color:#000;background:#fff}
a{color:#000}a[href]::after{content:" (" attr(href) ")";font-size:.8em;color:#444}
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


def _h_title(item: DigestItem) -> str:
    if item.link:
        return f'<a href="{_e(item.link)}">{_e(item.title)}</a>'
    return _e(item.title)


def _h_partnership(item: DigestItem) -> str:
    meta = [_day_of(item), ", ".join(item.districts) or OTHER_DISTRICT, _deal(item)]
    meta += [f"sectors: {', '.join(item.sectors)}"] if item.sectors else []
    meta += [f"score {item.score:.2f}" if item.score is not None else "unscored"]
    quote = f"<blockquote>{_e(item.evidence)}</blockquote>" if item.evidence else ""
    return (f'<li><strong>{_h_title(item)}</strong><br>'
            f'<span class="meta">{_e(" · ".join(meta))}</span>{quote}</li>')


def _h_article(item: DigestItem) -> str:
    meta = f"— {_day_of(item)} · {_verdict(item)}"
    return f'<li>{_h_title(item)} <span class="meta">{_e(meta)}</span></li>'


def _h_updated(item: DigestItem, tz: str) -> str:
    note = (f"updated {_local(item.updated_at, tz)}, first seen {_local(item.first_seen_at, tz)}"
            f" · {_verdict(item)}")
    return (f'<li><span class="updated">Updated:</span> {_h_title(item)} '
            f'<span class="meta">— {_e(note)}</span></li>')


def _h_list(items: Iterable[str]) -> str:
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def _h_sections(d: Digest) -> list[str]:
    parts: list[str] = []
    if d.partnerships:
        parts += [f"<h2>Partnership announcements ({len(d.partnerships)})</h2>",
                  _h_list(_h_partnership(i) for i in d.partnerships)]
    if d.districts:
        parts.append("<h2>New articles by district</h2>")
        for group in d.districts:
            parts += [f"<h3>{_e(group.district)} ({len(group.articles)})</h3>",
                      _h_list(_h_article(i) for i in group.articles)]
    if d.updated:
        parts += [f"<h2>Updated articles ({len(d.updated)})</h2>",
                  _h_list(_h_updated(i, d.timezone) for i in d.updated)]
    if d.to_check:
        parts += [f"<h2>To check ({len(d.to_check)})</h2>",
                  f'<p class="summary">Scored within {d.review_margin:g} of the {d.threshold:g} '
                  "threshold; a person should confirm the verdict.</p>",
                  _h_list(_h_article(i) for i in d.to_check)]
    return parts


def _h_runs(d: Digest) -> list[str]:
    parts = ["<h2>Runs</h2>", _h_list(f"<li>{_e(line)}</li>" for line in _run_lines(d.runs))]
    failures = _failure_lines(d.runs, d.timezone)
    if failures:
        parts += ["<h3>Failures</h3>", _h_list(f"<li>{_e(line)}</li>" for line in failures)]
    return parts


def render_html(d: Digest) -> str:
    """One self-contained page: inline CSS, no scripts, nothing fetched; phone and print."""
    title = f"monitor digest {d.day}"
    parts = [f"<h1>{_e(title)}</h1>", f'<p class="summary">{_e(_summary_line(d))}</p>']
    if not d.counts.new:
        parts.append(f"<p>{_e(_empty_line(d))}</p>")
    parts += _h_sections(d) + _h_runs(d)
    head = _HEAD.format(title=_e(title), css=_CSS)
    return head + "\n".join(parts) + "\n</body>\n</html>\n"


# -- JSON ------------------------------------------------------------------------------------


def render_json(d: Digest) -> str:
    """The ``monitor.digest/1`` document (docs/digest-schema.md)."""
    return json.dumps(d.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Digest], str]] = {
    "md": render_markdown, "html": render_html, "json": render_json}


# -- files -----------------------------------------------------------------------------------


def write_atomic(path: Path, text: str) -> Path:
    """Write a temporary file beside ``path``, then rename: readers see old or new, never half."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise MonitorError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise MonitorError(f"{path}: cannot write: {exc.strerror or exc}") from exc
        raise
    return path


def _formats(formats: Sequence[str]) -> list[str]:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ConfigError("digest", f"unknown format {unknown[0]!r} (have: {', '.join(FORMATS)})",
                          "formats")
    return list(dict.fromkeys(formats))


def write_digest(digest: Digest, store: Store, settings: Settings,
                 formats: Sequence[str] | None = None, out_dir: Path | None = None) -> list[Path]:
    """Write an already built digest (so a caller that also delivers builds it once)."""
    folder = out_dir or settings.digest.out_dir
    paths = [write_atomic(folder / f"digest-{digest.day}.{fmt}", RENDERERS[fmt](digest))
             for fmt in _formats(formats or settings.digest.formats)]
    _record(store, digest, paths)
    return paths


def write_daily(store: Store, settings: Settings, day: Date, formats: list[str] | None = None,
                out_dir: Path | None = None) -> list[Path]:
    """Build and write digest-YYYY-MM-DD.{md,html,json}; what `monitor digest` and the daemon call."""
    return write_digest(build_digest(store, day, settings), store, settings, formats, out_dir)


def _record(store: Store, digest: Digest, paths: list[Path]) -> None:
    row = {"day": digest.day.isoformat(), "generated_at": datetime.now(UTC).isoformat(),
           "articles": digest.counts.new, "tagged": digest.counts.partnerships,
           "files": json.dumps([str(p) for p in paths], ensure_ascii=False)}
    with store.db.atomic():
        store.db["digests"].upsert(row, pk="day")
