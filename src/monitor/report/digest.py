"""The daily digest: what the store learned on one calendar day, for people and for programs.

``build_digest`` is the only part that reads the database; the renderers are pure functions of
the ``Digest``, so one database gives the same bytes every time (golden tests pin each format).
The HTML digest is the page the workspace's own templates and stylesheet draw (monitor.web.templating),
so the file and the web pages look like one product, drawn by monitor.report.html in plain Python
(a test holds the two to the same bytes); Markdown follows the same wording.

A "day" is a calendar day in ``settings.tz``: articles first *stored* from local midnight to the
next local midnight (not the day they were published). The store keeps times as ISO strings in
UTC, so the window is converted to UTC before the query and the ``first_seen_at`` index does
the work. Verdicts are read through the store's ``verdicts`` view, so a reader's review wins.

A big day stays fast and readable: every announcement and every article to check is kept, and
the other articles are capped per district with the rest counted. The day is read in two passes
(monitor.report.gather), so the capped-away articles are counted but never read whole; the
records themselves are in monitor.report.records.
"""

from __future__ import annotations

import gc
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta, tzinfo
from datetime import date as Date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from monitor.config import Settings
from monitor.errors import ConfigError
from monitor.models import RunStats
from monitor.report.files import write_atomic
from monitor.report.gather import (
    DAY_SQL,
    DayRows,
    Fetched,
    fetch_items,
    item_from_row,
    pass_params,
    safe_link,
    tally_new,
    tally_updated,
    updated_sql,
    with_check,
)
from monitor.report.records import (
    OTHER_DISTRICT,
    SCHEMA,
    THRESHOLD,
    Counts,
    Digest,
    DigestItem,
    DistrictGroup,
    RunFailure,
    RunSummary,
    kind_label,
)
from monitor.store.search import ARTICLE_COLUMNS, FROM_ARTICLES
from monitor.store.sqlite import Store

__all__ = [
    "ARTICLE_COLUMNS",
    "FORMATS",
    "NEW_SQL",
    "OTHER_DISTRICT",
    "OTHER_PER_DISTRICT",
    "SCHEMA",
    "THRESHOLD",
    "UPDATED_SQL",
    "Counts",
    "Digest",
    "DigestItem",
    "DistrictGroup",
    "RunFailure",
    "RunSummary",
    "build_digest",
    "collector_paused",
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

OTHER_PER_DISTRICT = 25  # other articles listed per district; the rest are counted
FORMATS = ("md", "html", "json")

# Every new (updated) article of a day, whole, newest stored first: for tools that want the
# rows themselves. The digest reads the day in two passes instead (monitor.report.gather).
NEW_SQL = f"""SELECT {ARTICLE_COLUMNS} {FROM_ARTICLES}
    WHERE a.first_seen_at >= ? AND a.first_seen_at < ? ORDER BY a.first_seen_at DESC, a.id DESC"""
UPDATED_SQL = f"""SELECT {ARTICLE_COLUMNS} {FROM_ARTICLES}
    WHERE a.updated_at >= ? AND a.updated_at < ? AND +a.first_seen_at < ?
    ORDER BY a.first_seen_at DESC, a.id DESC"""
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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off Python's cycle collector while a digest is built or drawn. A big day makes tens
    of thousands of containers that all live until the digest is written and form no cycles,
    so each full collection walked them in vain: a fifth of a big day's time. Collection
    resumes afterwards (if it was on), and catches up on anything left."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def build_digest(store: Store, day: Date, settings: Settings,
                 per_district: int = OTHER_PER_DISTRICT) -> Digest:
    """Read one local day from the store and arrange it for people."""
    with collector_paused():
        return _build(store, day, settings, per_district)


def _build(store: Store, day: Date, settings: Settings, per_district: int) -> Digest:
    start, end = day_window(day, settings.tz)
    window = [start.isoformat(), end.isoformat()]
    margin = settings.digest.review_margin
    new = tally_new(store.db.execute(DAY_SQL, pass_params(margin, *window)), per_district)
    updated_pass = updated_sql(store, *window)
    updated = tally_updated(store.db.execute(updated_pass, pass_params(margin, *window, window[0])),
                            per_district)
    new_items = fetch_items(store, new.wanted(), margin, updated=False)
    updated_items = fetch_items(store, updated.wanted(), margin, updated=True)
    checks = _to_check(new, new_items) + _to_check(updated, updated_items)
    checks.sort(key=lambda pair: (pair[0], pair[1].id))
    return Digest(
        day=day, timezone=settings.timezone, window_start=start, window_end=end,
        threshold=THRESHOLD, review_margin=margin, per_district=per_district,
        counts=Counts(new=new.seen, partnerships=len(new.tagged), updated=updated.seen,
                      to_check=len(checks), reviewed=new.reviewed),
        partnerships=_newest_first(_shown(new.tagged, new_items)),
        districts=_groups(new, new_items),
        updated=_newest_first(_shown(updated.listed, updated_items)),
        updated_more=updated.seen - len(updated.listed), to_check=[item for _, item in checks],
        runs=_runs(store, start, end))


def _shown(ids: Iterable[str], fetched: Fetched) -> list[DigestItem]:
    return [fetched[i][0] for i in ids if i in fetched]


def _newest_first(items: list[DigestItem]) -> list[DigestItem]:
    return sorted(items, key=lambda i: (i.published or i.first_seen_at, i.id), reverse=True)


def _groups(day: DayRows, fetched: Fetched) -> list[DistrictGroup]:
    """The day's other articles by district, named districts in order and "Other" last."""
    listed: dict[str, list[DigestItem]] = {}
    for article_id, district in day.listed.items():
        if article_id in fetched:
            listed.setdefault(district, []).append(fetched[article_id][0])
    names = sorted(n for n in listed if n != OTHER_DISTRICT)
    names += [OTHER_DISTRICT] if OTHER_DISTRICT in listed else []
    return [DistrictGroup(district=n, total=day.totals[n], articles=_newest_first(listed[n]))
            for n in names]


def _to_check(day: DayRows, fetched: Fetched) -> list[tuple[float, DigestItem]]:
    """The articles a person should look at, each with its distance from the threshold."""
    checks = []
    for article_id in day.maybe_check:
        item, reasons = fetched.get(article_id, (None, []))
        if item is not None and reasons and item.score is not None:
            checks.append((round(abs(item.score - THRESHOLD), 6), with_check(item, reasons)))
    return checks


def query_rows(store: Store, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    """Rows as dicts by column name; read-only SQL against the store's schema."""
    return store.rows(sql, params)


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
    with collector_paused():
        from monitor.report.markdown import markdown

        return markdown(d)


def render_html(d: Digest) -> str:
    """One self-contained page, the bytes the workspace's templates would draw (monitor.report.html
    draws it without Jinja2: a quarter of a big day's digest)."""
    with collector_paused():
        from monitor.report.html import page

        return page(d)


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
