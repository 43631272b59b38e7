"""Reading one day for the digest, in two passes, so that a big day never reaches Python whole.

Pass 1 walks the day in first-stored order, newest first, and reads only what decides where an
article goes: its id, the district it is listed under, and three flags the database works out
(announcement, perhaps to check, reviewed), all from the day index (store/dayindex.py), which
the database keeps in step with every write. Python counts them and picks the ids to show: every
announcement, every article that may need a check, and the newest ``per_district`` others of
each district. Pass 2 reads those articles whole, a few hundred ids a query, and builds their
items; the exact "to check" test runs there, on the full row. On a day of 100,000 articles, pass
1 moves three small values a row and pass 2 about 8,000 rows, instead of 100,000 wide rows.

The SQL is SQLite's spelling; the PostgreSQL store translates it (store/spelling.py), so both
backends give the same digest.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from monitor.report.records import OTHER_DISTRICT, THRESHOLD, DigestItem
from monitor.store import dayindex as _index
from monitor.store.reviews import WINNING
from monitor.store.search import ARTICLE_COLUMNS, FROM_ARTICLES
from monitor.store.sqlite import Store

__all__ = [
    "DAY_SQL",
    "UPDATED_DAY_BY_FIRST_SEEN_SQL",
    "UPDATED_DAY_SQL",
    "DayRows",
    "Fetched",
    "check_reasons",
    "fetch_items",
    "fetch_sql",
    "item_from_row",
    "pass_params",
    "safe_link",
    "tally_new",
    "tally_updated",
    "updated_sql",
    "with_check",
]

# Pass 1's flags, summed into one small integer: the day index's own bits for an announcement
# and a reviewed verdict, and "perhaps to check" in the place of its "has reasons" bit.
TAGGED, MAYBE_CHECK, REVIEWED = _index.TAGGED, _index.REASONS, _index.REVIEWED
_FETCH_CHUNK = 500  # ids per pass-2 query: well under SQLite's and psycopg's parameter limits
# The check test in SQL may only be wider than the exact one in Python (``check_reasons``):
# a row it lets through that fails the exact test is dropped again.
_SQL_MARGIN_SLACK = 1e-6

_PARTNERSHIP = WINNING["partnership"]
_MAYBE_CHECK = (f"{_PARTNERSHIP} IS NOT NULL AND NOT {WINNING['reviewed']} AND "
                "(c.check_reasons NOT IN ('', '[]') OR abs(c.score - ?) <= ?)")
_FLAGS = (f"CASE WHEN coalesce({_PARTNERSHIP}, 0) <> 0 THEN {TAGGED} ELSE 0 END"
          f" + CASE WHEN {_MAYBE_CHECK} THEN {MAYBE_CHECK} ELSE 0 END"
          f" + CASE WHEN {WINNING['reviewed']} THEN {REVIEWED} ELSE 0 END")
# The same three flags from the day index's stored bits: "perhaps to check" is a classified,
# unreviewed verdict with reasons or a score near the threshold.
_UNREVIEWED_VERDICT = f"(flags & {_index.CLASSIFIED | _index.REVIEWED}) = {_index.CLASSIFIED}"
_INDEX_FLAGS = (f"(flags & {TAGGED | REVIEWED}) + CASE WHEN {_UNREVIEWED_VERDICT} AND "
                f"((flags & {_index.REASONS}) <> 0 OR abs(score - ?) <= ?) "
                f"THEN {MAYBE_CHECK} ELSE 0 END")
# Newest stored first, walking the first_seen_at index backwards (no sort of the whole day):
# the per-district cap keeps the latest stored.
_NEWEST = "ORDER BY a.first_seen_at DESC, a.id DESC"
# The day's new articles, from the day index alone: one walk of its covering index.
DAY_SQL = f"""SELECT article_id, districts, {_INDEX_FLAGS} FROM {_index.TABLE}
    WHERE first_seen_at >= ? AND first_seen_at < ? ORDER BY first_seen_at DESC, article_id DESC"""
# Updated on the day, first stored before it. Two spellings of one question, for SQLite's
# planner (``+`` keeps it off that column's index; PostgreSQL plans by itself): walk the day's
# updated_at entries, seeking each row for its first_seen_at; or, when fewer articles were
# stored before the day than were updated on it (a big day in a young store: every one of the
# day's 100,000 articles has its updated_at in the day), walk those instead.
_UPDATED_COLUMNS = f"SELECT a.id, NULL, {_FLAGS} {FROM_ARTICLES}"
UPDATED_DAY_SQL = f"""{_UPDATED_COLUMNS}
    WHERE a.updated_at >= ? AND a.updated_at < ? AND +a.first_seen_at < ? {_NEWEST}"""
UPDATED_DAY_BY_FIRST_SEEN_SQL = f"""{_UPDATED_COLUMNS}
    WHERE +a.updated_at >= ? AND +a.updated_at < ? AND a.first_seen_at < ? {_NEWEST}"""
_UPDATED_ON_DAY = "SELECT count(*) FROM articles WHERE updated_at >= ? AND updated_at < ?"
_STORED_BEFORE = "SELECT count(*) FROM (SELECT 1 FROM articles WHERE first_seen_at < ? LIMIT ?) AS before"


def updated_sql(store: Store, start: str, end: str) -> str:
    """The cheaper spelling of the updated articles' pass 1 for this day: both counts walk
    only an index, and the second stops once it reaches the first."""
    updated_on_day = store.db.execute(_UPDATED_ON_DAY, [start, end]).fetchone()[0]
    stored_before = store.db.execute(_STORED_BEFORE, [start, updated_on_day]).fetchone()[0]
    return UPDATED_DAY_BY_FIRST_SEEN_SQL if stored_before < updated_on_day else UPDATED_DAY_SQL


class _Row(Protocol):
    """A result row read by column name: an ``sqlite3.Row`` or a plain dict."""

    def __getitem__(self, key: str, /) -> Any: ...


@dataclass
class DayRows:
    """What pass 1 learned of one list of rows (the day's new or updated articles)."""

    seen: int = 0
    reviewed: int = 0
    tagged: list[str] = field(default_factory=list)
    listed: dict[str, str] = field(default_factory=dict)  # id -> district it is listed under
    maybe_check: list[str] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)  # untagged articles per district

    def wanted(self) -> list[str]:
        """The ids pass 2 reads, each once."""
        return list(dict.fromkeys([*self.tagged, *self.listed, *self.maybe_check]))


def pass_params(margin: float, *window: str) -> list[Any]:
    """Parameters of ``DAY_SQL`` / ``UPDATED_DAY_SQL``: the check test's, then the window's."""
    return [THRESHOLD, margin + _SQL_MARGIN_SLACK, *window]


def tally_new(rows: Iterable[Sequence[Any]], cap: int) -> DayRows:
    """Pass 1 over the day's new articles, newest first: every announcement and possible check
    is kept, and the first ``cap`` others of each district; the rest are only counted. Runs once
    per article of the day, so it keeps to local names and reads each distinct list once."""
    day = DayRows()
    totals, listed, tagged, maybe_check = day.totals, day.listed, day.tagged, day.maybe_check
    listed_under: dict[str | None, str] = {}
    seen = reviewed = 0
    for article_id, districts, flags in rows:
        seen += 1
        if flags & REVIEWED:
            reviewed += 1
        if flags & MAYBE_CHECK:
            maybe_check.append(article_id)
        if flags & TAGGED:
            tagged.append(article_id)
            continue
        district = listed_under.get(districts)
        if district is None:
            district = listed_under[districts] = _listed_under(districts)
        count = totals[district] = totals.get(district, 0) + 1
        if count <= cap:
            listed[article_id] = district
    day.seen, day.reviewed = seen, reviewed
    return day


def _listed_under(districts: str | None) -> str:
    names = _decoded_list(districts) if districts and districts != "[]" else ()
    return (names[0] if names else "") or OTHER_DISTRICT


def tally_updated(rows: Iterable[Sequence[Any]], cap: int) -> DayRows:
    """Pass 1 over the day's updated articles, newest first: the first ``cap`` are listed."""
    day = DayRows()
    for article_id, _district, flags in rows:
        day.seen += 1
        if flags & MAYBE_CHECK:
            day.maybe_check.append(article_id)
        if day.seen <= cap:
            day.listed[article_id] = ""
    return day


Fetched = dict[str, tuple[DigestItem, list[str]]]


def fetch_items(store: Store, ids: Sequence[str], margin: float, *, updated: bool) -> Fetched:
    """Pass 2: the articles with these ids, whole, as items beside the reasons a person should
    check each (none for most); the rows themselves are let go chunk by chunk."""
    found: Fetched = {}
    for start in range(0, len(ids), _FETCH_CHUNK):
        chunk = ids[start:start + _FETCH_CHUNK]
        for row in store.rows(fetch_sql(len(chunk)), chunk):
            found[row["id"]] = (item_from_row(row, updated=updated), check_reasons(row, margin))
    return found


def fetch_sql(count: int) -> str:
    """Pass 2's query for ``count`` ids: one probe of the primary key each."""
    return f"SELECT {ARTICLE_COLUMNS} {FROM_ARTICLES} WHERE a.id IN ({', '.join('?' * count)})"


def with_check(item: DigestItem, reasons: list[str]) -> DigestItem:
    """The item as the "to check" list shows it: with the reasons (a copy, the item is frozen)."""
    return _unvalidated_item({**item.__dict__, "check": reasons})


def check_reasons(row: _Row, margin: float) -> list[str]:
    """Why a person should look at this verdict; none once a person has reviewed it."""
    if row["reviewed"] or row["partnership"] is None:
        return []
    reasons = _json_list(row["check_reasons"])
    if abs(row["score"] - THRESHOLD) <= margin + 1e-9 and "near-threshold" not in reasons:
        reasons.append("near-threshold")
    return reasons


def item_from_row(row: _Row, *, updated: bool = False) -> DigestItem:
    """A row of ``ARTICLE_COLUMNS`` as an item; the JSON columns decoded, the URL vetted."""
    url = row["canonical_url"] or row["url"]
    districts = _json_list(row["districts"]) + _json_list(row["c_districts"])
    classified = row["partnership"] is not None
    return _unvalidated_item({
        "id": row["id"], "title": row["title"], "url": url, "link": safe_link(url),
        "lede": row["lede"] or None,
        "date": Date.fromisoformat(row["date"]) if row["date"] else None,
        "published": datetime.fromisoformat(row["published"]) if row["published"] else None,
        "source": row["source"], "districts": list(dict.fromkeys(districts)),
        "first_seen_at": datetime.fromisoformat(row["first_seen_at"]),
        "updated_at": datetime.fromisoformat(row["updated_at"] or row["first_seen_at"]),
        "updated": updated, "partnership": bool(row["partnership"]) if classified else None,
        "score": row["score"], "kind": row["kind"] if row["partnership"] else None,
        "parties": _json_list(row["parties"]), "sectors": _json_list(row["sectors"]),
        "evidence": _json_list(row["evidence"]), "check": [], "reviewed": bool(row["reviewed"]),
        "reviewed_by": row["reviewed_by"] if row["reviewed"] else None})


_ITEM_FIELDS = frozenset(DigestItem.model_fields)
_new_object = object.__new__
_set_slot = object.__setattr__


def _unvalidated_item(values: dict[str, Any]) -> DigestItem:
    """What ``DigestItem.model_construct(**values)`` builds when ``values`` names every field,
    in a fifth of its time (a big day builds about 12,000 items). The values come typed from our
    own store, so nothing is validated; a test checks the two agree."""
    item: DigestItem = _new_object(DigestItem)
    _set_slot(item, "__dict__", values)
    _set_slot(item, "__pydantic_fields_set__", set(_ITEM_FIELDS))
    _set_slot(item, "__pydantic_extra__", None)
    _set_slot(item, "__pydantic_private__", None)
    return item


def _json_list(raw: str | None) -> list[str]:
    return list(_decoded_list(raw)) if raw and raw != "[]" else []


@functools.lru_cache(maxsize=4096)
def _decoded_list(raw: str) -> tuple[str, ...]:
    """A JSON list column's strings. Most values recur from row to row (district, sector and
    party lists), so each distinct one is decoded once."""
    value = json.loads(raw)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


_UNSAFE_IN_LINK = re.compile(r"[\s\x00-\x1f\x7f]")
_WEB_URL = re.compile(r"https?://[^/?#]", re.IGNORECASE)
# The common case, decided without urlsplit: a plain host name and no character that could
# confuse a parser or break out of a Markdown link.
_PLAIN_WEB_URL = re.compile(r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*)(?::[0-9]*)?(?:[/?#][!-~]*)?",
                            re.IGNORECASE)


def safe_link(url: str | None) -> str | None:
    """The URL when a reader may follow it (http or https with a host, no spaces or control
    characters, which could break out of a Markdown link); anything else stays text."""
    url = (url or "").strip()
    if _PLAIN_WEB_URL.fullmatch(url):
        return url
    if not _WEB_URL.match(url) or _UNSAFE_IN_LINK.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.hostname else None
