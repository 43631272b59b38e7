"""Publication dates: metadata first, then the URL, then dates shown near the headline, then
any date on the page; always aware (a time without offset is read in the page's zone)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser

if TYPE_CHECKING:
    from monitor.read.metadata import PageMeta

__all__ = ["DATE_PATTERNS", "published_of"]

_DATE_HINTS = "time, [class*=date], [class*=time], [class*=publish], [class*=byline]"
_DATE_KEYS = ("article:published_time", "og:article:published_time", "articlepublishdate",
              "datepublished", "dc.date.issued", "dc.date", "dcterms.issued", "dcterms.created",
              "dcterms.date", "dc.date.created", "publishdate", "publish-date", "publish_date",
              "pubdate", "sailthru.date", "parsely-pub-date", "date", "og:published_time")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MON = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_YMD = r"(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
_MDY = _MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)"
_DMY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(?P<y>(?:19|20)\d\d)"
_TIME = r"(?P<hh>\d{1,2})[:：](?P<mi>\d\d)(?::(?P<ss>\d\d)(?:[.,]\d+)?)?\s*(?P<ampm>[ap]\.?m\b\.?)?"
_ZONE = r"(?P<zone>z\b|(?:utc|gmt)\s*[+-]\s*\d{1,2}(?::?\d\d)?|(?:utc|gmt)\b|[+-]\d\d:?\d\d\b)"
# Date first, then an optional time. A time written before the date ("14:00 UTC+8, 2025-03-25")
# is looked for just before each match: a pattern opening on a digit group makes the regex
# engine try every position of a long page, which costs milliseconds.
DATE_PATTERNS = [re.compile(rf"{d}(?:\s*,?\s*(?:at\s+)?t?{_TIME}(?:\s*{_ZONE})?)?")
                  for d in (_YMD, _MDY, _DMY)]
_OFFSET = re.compile(r"([+-])\s*(\d{1,2}):?(\d\d)?$")
_TIME_BEFORE = re.compile(rf"{_TIME}\s*(?:{_ZONE})?\s*,?\s*$")
_URL_DATES = [  # /2025/03/25/, /20250325/, and /2503258689/ (YYMMDD and four more digits)
    re.compile(r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>\d\d?)[/-](?P<d>\d\d?)(?:/|[-_.]|$)"),
    re.compile(r"/(?P<y>(?:19|20)\d\d)(?P<m>\d\d)(?P<d>\d\d)(?:/|[-_.]|$)"),
    re.compile(r"/(?P<yy>\d\d)(?P<m>\d\d)(?P<d>\d\d)\d{4}(?:/|[-_.?#]|$)")]


def published_of(
    tree: LexborHTMLParser, meta: PageMeta, url: str | None, default_tz: tzinfo
) -> datetime | None:
    """Metadata first, then the URL, then dates shown near the headline, then any on the page."""
    declared = (meta.ld("datePublished"), meta.first(*_DATE_KEYS), *meta.times[:3],
                meta.ld("dateCreated"))
    for raw in declared:
        found = _parse_date(raw, default_tz) if raw else None
        if found is not None:
            return found
    found = _date_from_url(url, default_tz) if url else None
    if found is None:
        hints = " ".join(n.text() for n in tree.css(_DATE_HINTS)[:40])
        found = _parse_date(hints, default_tz)
    if found is None and tree.body is not None:
        found = _parse_date(tree.body.text(), default_tz)
    return found


def _parse_date(text: str, default_tz: tzinfo) -> datetime | None:
    """The first date in ``text`` (ISO 8601, "Mar 25, 2025", "14:00 UTC+8, 2025-03-25"…), aware."""
    text = text.strip()
    try:
        found: datetime | None = datetime.fromisoformat(text)
    except ValueError:
        found = _search_date(text[:20000].lower())
    if found is None or not 1990 <= found.year <= 2100:
        return None
    return found if found.utcoffset() is not None else found.replace(tzinfo=default_tz)


def _search_date(text: str) -> datetime | None:
    matches = (m for m in (p.search(text) for p in DATE_PATTERNS) if m)
    for match in sorted(matches, key=lambda m: (m.start(), -len(m.group()))):
        parts = match.groupdict()
        if parts.get("hh") is None:
            before = _TIME_BEFORE.search(text, max(0, match.start() - 40), match.start())
            parts |= before.groupdict() if before else {}
        found = _date_from_parts(parts)
        if found is not None:
            return found
    return None


def _date_from_parts(parts: dict[str, str | None]) -> datetime | None:
    mon = parts.get("mon")
    month = _MONTHS[mon[:3]] if mon else int(parts.get("m") or 0)
    hour, minute = int(parts.get("hh") or 0), int(parts.get("mi") or 0)
    ampm = parts.get("ampm") or ""
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    try:
        found = datetime(int(parts["y"] or 0), month, int(parts["d"] or 0), hour, minute,
                         int(parts.get("ss") or 0))
    except ValueError:
        return None
    zone = _zone(parts.get("zone"))
    return found.replace(tzinfo=zone) if zone else found


def _zone(raw: str | None) -> timezone | None:
    """"z", "utc", "gmt+8", "utc-05:30", "+0800" as a fixed offset; None when absent."""
    found = _OFFSET.search(raw or "")
    if found is None:
        return UTC if raw else None
    offset = timedelta(hours=int(found[2]), minutes=int(found[3] or 0))
    if offset >= timedelta(hours=15):
        return None
    return timezone(-offset if found[1] == "-" else offset)


def _date_from_url(url: str, default_tz: tzinfo) -> datetime | None:
    path = "/" + url.split("://", 1)[-1].partition("/")[2]
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            parts = match.groupdict()
            year = int(parts["y"]) if parts.get("y") else 2000 + int(parts["yy"] or 0)
            try:
                return datetime(year, int(parts["m"]), int(parts["d"]), tzinfo=default_tz)
            except ValueError:
                continue
    return None
