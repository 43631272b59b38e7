"""The standalone HTML digest, drawn in plain Python: the same bytes as the workspace's templates
give (digest.html over _day.html, with ``workspace`` off), at a fraction of their cost.

A day of 100,000 articles lists about 9,000, and through Jinja2 that page cost a quarter of the
whole digest, plus loading Jinja2 itself; here it is a few string joins. The templates stay the
design: the workspace draws its day page with them, and a test renders both ways over several
digests and requires the same bytes, so a change to _day.html or base.html that is not made
here too fails that test. Every scraped value is escaped as the templates' autoescaping does
(``& < > ' "`` as entities, the five markupsafe replaces).
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from monitor.report.records import Digest, DigestItem, RunSummary
from monitor.report.wording import also_in, deal_facts, failure_lines, local, run_lines, summary_line

__all__ = ["escape", "page", "stylesheet"]

_SPECIAL = re.compile(r"[&<>'\"]")
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;", '"': "&#34;"})


def escape(value: object) -> str:
    """Text as HTML text or attribute value, as the templates' autoescaping writes it."""
    text = str(value)
    return text.translate(_ENTITIES) if _SPECIAL.search(text) else text


@functools.cache
def stylesheet() -> str:
    return (resources.files("monitor.web") / "static" / "monitor.css").read_text(encoding="utf-8")


def _title(item: DigestItem) -> str:
    title = escape(item.title)
    return f'<a href="{escape(item.link)}">{title}</a>' if item.link else title


def _announcement(item: DigestItem) -> str:
    reviewed = ' <span class="reviewed">reviewed</span>' if item.reviewed else ""
    facts = "".join(f'<span class="fact"><span class="k">{escape(label)}</span>{escape(value)}</span>'
                    for label, value in deal_facts(item))
    quote = item.quote()
    shown = f"<blockquote>{escape(quote)}</blockquote>" if quote else ""
    return (f'<li class="item" id="a-{escape(item.id)}"><strong>{_title(item)}</strong>{reviewed}\n'
            f'<div class="facts">{facts}</div>{shown}</li>\n')


def _check(item: DigestItem) -> str:
    key = escape(item.id)
    return (f'<li class="item check" id="c-{key}" data-article="{key}">{_title(item)} '
            f'<span class="meta">shown as {escape(item.verdict_label())}</span> '
            f'<span class="why">why: {escape(", ".join(item.check_labels()))}</span>\n</li>\n')


def _other(item: DigestItem, district: str) -> str:
    also = also_in(item, district)
    shown_also = f" · also: {escape(', '.join(also))}" if also else ""
    lede = f'<p class="lede">{escape(item.lede)}</p>' if item.lede else ""
    return (f'<li class="item" id="a-{escape(item.id)}">{_title(item)} <span class="meta">'
            f'{escape(item.source or "unknown source")} · {escape(item.date or "undated")}'
            f"{shown_also}</span>{lede}</li>\n")


def _updated(item: DigestItem, tz: str) -> str:
    return (f'<li class="item"><span class="label">Updated:</span> {_title(item)} <span class="meta">'
            f"updated {escape(local(item.updated_at, tz))}, first seen "
            f"{escape(local(item.first_seen_at, tz))} · {escape(item.verdict_label())}</span></li>\n")


def _districts(d: Digest) -> list[str]:
    parts = ["<h2>New articles by district</h2>\n"]
    for group in d.districts:
        name = escape(group.district)
        parts.append(f"<h3>{name} ({group.total})</h3>\n<ul>\n")
        parts += [_other(item, group.district) for item in group.articles]
        more = group.total - len(group.articles)
        parts.append(f'<li class="meta">… and {more} more in {name}</li>\n' if more > 0 else "")
        parts.append("</ul>\n")
    return parts


def _lines(items: list[str]) -> str:
    return "".join(f"<li>{escape(line)}</li>\n" for line in items)


def _runs(runs: RunSummary, tz: str) -> str:
    failures = failure_lines(runs, tz)
    shown = f"<h3>Failures</h3>\n<ul>\n{_lines(failures)}</ul>" if failures else ""
    return f"<h2>Runs</h2>\n<ul>\n{_lines(run_lines(runs))}</ul>\n{shown}"


def _sections(d: Digest) -> list[str]:
    """_day.html's ``sections`` macro, with ``workspace`` off."""
    parts = [f'<p class="note">{escape(summary_line(d))}</p>\n']
    parts.append("" if d.counts.new else f"<p>No new articles on {escape(d.day)}.</p>")
    parts.append("\n")
    if d.partnerships:
        parts.append(f"<h2>Partnership announcements ({len(d.partnerships)})</h2>\n<ul>\n")
        parts += [_announcement(item) for item in d.partnerships]
        parts.append("</ul>")
    parts.append("\n")
    if d.to_check:
        parts.append(f'<h2 id="to-check">To check ({len(d.to_check)})</h2>\n'
                     '<p class="note">A person should confirm these verdicts.</p>\n'
                     '<ul class="to-check">\n')
        parts += [_check(item) for item in d.to_check]
        parts.append("</ul>")
    parts.append("\n")
    if d.districts:
        parts += _districts(d)
    parts.append("\n")
    if d.updated:
        parts.append(f"<h2>Updated articles ({d.counts.updated})</h2>\n<ul>\n")
        parts += [_updated(item, d.timezone) for item in d.updated]
        parts.append(f'<li class="meta">… and {d.updated_more} more</li>\n' if d.updated_more else "")
        parts.append("</ul>")
    parts.append("\n")
    parts.append(_runs(d.runs, d.timezone))
    return parts


def page(d: Digest) -> str:
    """digest.html: one self-contained page, the stylesheet inlined, no scripts, nothing fetched."""
    day = escape(d.day)
    head = ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'\">\n"
            '<meta name="referrer" content="no-referrer">\n'
            f"<title>monitor digest {day}</title>\n<style>\n{stylesheet()}\n</style>\n</head>\n"
            f'<body class="">\n<main>\n<h1>monitor digest {day}</h1>\n')
    return "".join([head, *_sections(d), "\n\n</main>\n\n</body>\n</html>\n"])
