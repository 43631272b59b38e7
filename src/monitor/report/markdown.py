"""The Markdown digest: plain enough to read unrendered, safe under every common renderer.

Scraped text is escaped so that CommonMark, GitHub and Python-Markdown all show it as text:
``<`` and ``&`` become entities (Python-Markdown passes ``\\<`` through as raw HTML), the
other metacharacters are backslash-escaped, and nothing can start a block at a line start.
"""

from __future__ import annotations

import functools
import re

from monitor.report.digest import Digest, DigestItem
from monitor.report.wording import also_in, deal_facts, failure_lines, local, run_lines, summary_line

__all__ = ["markdown", "md_escape"]

# One table does both: entities where a backslash would not do, backslashes for the rest.
_MD_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                           **{ch: "\\" + ch for ch in "\\`*_[]~|"}})
_MD_LINE_START = re.compile(r"(\d+(?=[.)])|(?=[-+=#]))")
_MD_URL = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"})
# Most scraped text and links have none of these: the translation tables are then skipped.
_MD_SPECIAL = re.compile(r"[&<>\\`*_\[\]~|]")
_MD_URL_SPECIAL = re.compile(r"[ ()<>]")


@functools.lru_cache(maxsize=4096)
def md_escape(text: str) -> str:
    """Inline text that cannot open markup: one line, entities for ``& < >``, the rest
    backslash-escaped. Remembered: sources, districts, kinds and parties recur on every line."""
    flat = " ".join(text.split())
    if _MD_SPECIAL.search(flat):
        flat = flat.translate(_MD_TABLE)
    start = _MD_LINE_START.match(flat)
    return f"{start.group(1)}\\{flat[start.end():]}" if start else flat


def _title(item: DigestItem) -> str:
    title = md_escape(item.title)
    if not item.link:
        return title
    link = item.link.translate(_MD_URL) if _MD_URL_SPECIAL.search(item.link) else item.link
    return f"[{title}]({link})"


def _announcement(item: DigestItem) -> list[str]:
    facts = " · ".join(f"{label}: {md_escape(value)}" for label, value in deal_facts(item))
    quote = item.quote()
    return [f"- **{_title(item)}**", f"  {facts}"] + ([f"  > {md_escape(quote)}"] if quote else [])


def _other(item: DigestItem, district: str) -> list[str]:
    meta = [md_escape(item.source or "unknown source"), str(item.date or "undated")]
    also = also_in(item, district)
    meta += [f"also: {md_escape(', '.join(also))}"] if also else []
    lines = [f"- {_title(item)} — {' · '.join(meta)}"]
    return lines + ([f"  {md_escape(item.lede)}"] if item.lede else [])


def _check(item: DigestItem) -> list[str]:
    why = ", ".join(item.check_labels())
    return [f"- {_title(item)} — shown as {item.verdict_label()} · why: {md_escape(why)}"]


def _updated(item: DigestItem, tz: str) -> list[str]:
    return [f"- **Updated:** {_title(item)} — updated {local(item.updated_at, tz)}, first seen "
            f"{local(item.first_seen_at, tz)} · {item.verdict_label()}"]


def _section(heading: str, lines: list[str], intro: str | None = None) -> str:
    parts = [heading] + ([intro] if intro else [])
    return "\n\n".join(parts + (["\n".join(lines)] if lines else []))


def _district_sections(d: Digest) -> list[str]:
    parts = ["## New articles by district"]
    for group in d.districts:
        lines = [line for item in group.articles for line in _other(item, group.district)]
        more = group.total - len(group.articles)
        lines += [f"- … and {more} more in {md_escape(group.district)}"] if more else []
        parts.append(_section(f"### {md_escape(group.district)} ({group.total})", lines))
    return parts


def markdown(d: Digest) -> str:
    """The digest as Markdown, sections in the order a reader works through them."""
    parts = [f"# monitor digest {d.day}", md_escape(summary_line(d))]
    if not d.counts.new:
        parts.append(f"No new articles on {d.day}.")
    if d.partnerships:
        parts.append(_section(f"## Partnership announcements ({len(d.partnerships)})",
                              [line for i in d.partnerships for line in _announcement(i)]))
    if d.to_check:
        parts.append(_section(f"## To check ({len(d.to_check)})",
                              [line for i in d.to_check for line in _check(i)],
                              "A person should confirm these verdicts."))
    if d.districts:
        parts += _district_sections(d)
    if d.updated:
        lines = [line for i in d.updated for line in _updated(i, d.timezone)]
        lines += [f"- … and {d.updated_more} more"] if d.updated_more else []
        parts.append(_section(f"## Updated articles ({d.counts.updated})", lines))
    parts.append(_section("## Runs", [f"- {md_escape(line)}" for line in run_lines(d.runs)]))
    failures = failure_lines(d.runs, d.timezone)
    if failures:
        parts.append(_section("### Failures", [f"- {md_escape(line)}" for line in failures]))
    return "\n\n".join(parts) + "\n"
