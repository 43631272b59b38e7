"""The words a digest says, shared by the Markdown digest, the HTML digest and the day page,
so the three cannot drift apart. Pure functions of the digest's records; no markup here."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from monitor.report.digest import OTHER_DISTRICT, Digest, DigestItem, RunSummary

__all__ = ["MAX_FAILURES_SHOWN", "also_in", "deal_facts", "failure_lines", "local", "plural",
           "run_lines", "summary_line"]

MAX_FAILURES_SHOWN = 20


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def local(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def summary_line(d: Digest) -> str:
    c = d.counts
    return (f"Articles first stored on {d.day} ({d.timezone}) · {plural(c.new, 'new article')} · "
            f"{plural(c.partnerships, 'partnership announcement')} · {c.updated} updated · "
            f"{c.to_check} to check")


def deal_facts(item: DigestItem) -> list[tuple[str, str]]:
    """Labelled facts of an announcement: who, what kind, which sectors, where, from where."""
    facts = [("Parties", "; ".join(item.parties) or "not named"), ("Kind", item.kind_label())]
    facts += [("Sectors", ", ".join(item.sectors))] if item.sectors else []
    facts += [("Districts", ", ".join(item.districts) or OTHER_DISTRICT)]
    facts += [("Source", item.source)] if item.source else []
    facts += [("Published", str(item.date))] if item.date else []
    facts += [("Reviewed by", item.reviewed_by)] if item.reviewed and item.reviewed_by else []
    return facts


def also_in(item: DigestItem, listed_under: str) -> list[str]:
    """Other districts the article names, shown beside it instead of listing it again."""
    return [d for d in item.districts if d != listed_under]


def run_lines(r: RunSummary) -> list[str]:
    if not r.runs:
        return ["No runs on this day."]
    lines = [f"{plural(r.runs, 'run')} over {plural(len(r.sources), 'source')} "
             f"({', '.join(r.sources)}); {plural(r.pages_fetched, 'page')} fetched; "
             f"{r.new} new, {r.updated} updated, {r.tagged} tagged; "
             f"{plural(r.failed_runs, 'failed run')}"]
    if r.skipped:
        lines.append("Skipped: " + ", ".join(f"{k} {v}" for k, v in r.skipped.items()))
    return lines


def failure_lines(r: RunSummary, tz: str) -> list[str]:
    shown = [f"{f.source} at {local(f.started_at, tz)}: {f.reason}"
             for f in r.failures[:MAX_FAILURES_SHOWN]]
    if len(r.failures) > MAX_FAILURES_SHOWN:
        shown.append(f"… and {len(r.failures) - MAX_FAILURES_SHOWN} more")
    return shown
