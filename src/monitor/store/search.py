"""Search with filters, newest first, a page at a time; verdicts as reviewed (store.reviews).

``search_sql`` is pure (filters in, SQL and parameters out) so every filter is testable
without a database; ``Store.search_articles`` runs it, and ``PostgresStore.search_articles``
runs it in the ``POSTGRES`` spelling: the two clauses that differ by engine (the full-text
match, and "this JSON list holds the value") come from a ``Spelling``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal, NamedTuple

from monitor.store.reviews import VERDICT_COLUMNS, WINNING, review_join

__all__ = ["ARTICLE_COLUMNS", "FROM_ARTICLES", "POSTGRES", "SQLITE", "STATUSES", "SearchFilters",
           "Spelling", "count_sql", "search_sql"]

Status = Literal["", "tagged", "untagged", "reviewed", "unreviewed"]
STATUSES: tuple[str, ...] = ("", "tagged", "untagged", "reviewed", "unreviewed")

ARTICLE_COLUMNS = ("a.id, a.url, a.canonical_url, a.title, a.lede, a.date, a.published, a.source, "
                   "a.districts, a.first_seen_at, a.updated_at, " + VERDICT_COLUMNS)
FROM_ARTICLES = ("FROM articles a LEFT JOIN classifications c ON c.article_id = a.id "
                 + review_join("a.id"))


@dataclass(frozen=True)
class SearchFilters:
    """One search; every field comes from (and goes back into) the page's URL."""

    q: str = ""
    district: str = ""
    kind: str = ""
    sector: str = ""
    source: str = ""
    date_from: date | None = None
    date_to: date | None = None
    status: Status = ""

    def as_params(self) -> dict[str, str]:
        """The non-empty filters as query-string parameters, for shareable URLs."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in ("", None):
                out[f.name] = str(value)
        return out


class Spelling(NamedTuple):
    """An engine's SQL for the full-text match (one ``?``: the user's text) and for a JSON list
    column holding a value (``{column}``, one ``?``)."""

    text_match: str
    list_holds: str


# "+" keeps SQLite walking the date index (newest first, stopping at the page) and testing each
# row against the matches, instead of fetching and sorting every match of a common word (1.4 s
# against tens of ms over 100,000 articles).
SQLITE = Spelling("+a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
                  "EXISTS (SELECT 1 FROM json_each({column}) WHERE value = ?)")
# The tsvector column (GIN index) read with the web-search syntax: words, "phrases", OR, -word.
POSTGRES = Spelling("a.search @@ websearch_to_tsquery('english', ?)",
                    "jsonb_exists(coalesce(nullif({column}, ''), '[]')::jsonb, ?)")

_STATUS_SQL = {
    "tagged": f"{WINNING['partnership']} = 1",
    "untagged": f"coalesce({WINNING['partnership']}, 0) = 0",
    "reviewed": f"{WINNING['reviewed']}",
    "unreviewed": f"NOT {WINNING['reviewed']}",
}


def _where(filters: SearchFilters, spelling: Spelling) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    holds = spelling.list_holds
    if filters.q.strip():
        clauses.append(spelling.text_match)
        params.append(filters.q.strip())
    if filters.district:
        clauses.append(f"({holds.format(column='a.districts')} OR "
                       f"{holds.format(column='c.districts')})")
        params += [filters.district, filters.district]
    if filters.kind:
        clauses.append(f"{WINNING['kind']} = ?")
        params.append(filters.kind)
    if filters.sector:
        clauses.append(holds.format(column=WINNING["sectors"]))
        params.append(filters.sector)
    if filters.source:
        clauses.append("a.source = ?")
        params.append(filters.source)
    if filters.date_from:
        clauses.append("a.date >= ?")
        params.append(filters.date_from.isoformat())
    if filters.date_to:
        clauses.append("a.date <= ?")
        params.append(filters.date_to.isoformat())
    if filters.status:
        clauses.append(_STATUS_SQL[filters.status])
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def search_sql(filters: SearchFilters, limit: int, offset: int,
               spelling: Spelling = SQLITE) -> tuple[str, list[Any]]:
    """Newest first by publication (then first seen), one page."""
    where, params = _where(filters, spelling)
    sql = (f"SELECT {ARTICLE_COLUMNS} {FROM_ARTICLES}{where} "
           "ORDER BY a.date DESC, a.first_seen_at DESC, a.id DESC LIMIT ? OFFSET ?")
    return sql, [*params, limit, offset]


def count_sql(filters: SearchFilters, most: int, spelling: Spelling = SQLITE) -> tuple[str, list[Any]]:
    """How many match, counting no further than ``most`` (a word in every article would
    otherwise cost a count of the whole table on every page)."""
    where, params = _where(filters, spelling)
    return (f"SELECT count(*) FROM (SELECT 1 {FROM_ARTICLES}{where} LIMIT ?) AS matches",
            [*params, most])
