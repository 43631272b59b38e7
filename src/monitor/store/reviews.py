"""Readers' reviews, and the one place where reviewed values win over the classifier's.

A review is a row of its own (who, when, which action, what changed and from what); nothing a
re-crawl or ``monitor reclassify`` does touches it. Each row also holds the *reviewed state*
after the action: the partnership verdict, kind, parties and sectors a reader set (NULL: the
classifier's value stands). The latest row of an article is its state, so:

- confirm pins the values shown at the time (a later rules change does not move them);
- reject flips the verdict;
- correct sets kind, parties or sectors;
- note only adds words;
- undo copies the state from before the action it undoes, so an undo is itself reviewable
  history and undoing it again re-applies nothing that was not there.

``WINNING`` and ``review_join`` join classifications with that latest row; every report (day
page, digests, feed, search, JSON API, export, eval) reads verdicts through them (or the
``verdicts`` view built from them) and nowhere else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlite_utils import Database

__all__ = [
    "ACTIONS",
    "CLASSIFICATION_REPORT_INDEX",
    "DAY_REPORT_INDEX",
    "SEARCH_ORDER_INDEX",
    "VERDICT_COLUMNS",
    "WINNING",
    "Action",
    "ReviewRequest",
    "create_reviews",
    "plan_review",
    "review_join",
]

Action = Literal["confirm", "reject", "correct", "note", "undo"]
ACTIONS: tuple[str, ...] = ("confirm", "reject", "correct", "note", "undo")
_STATE = ("partnership", "kind", "parties", "sectors")

# The one definition of "reviewed values win": each winning value as an SQL expression over
# ``c`` (classifications) and ``r`` (the article's latest review, joined by ``REVIEW_JOIN``).
# Reports join these flat (articles, classifications, latest review) so SQLite plans one join;
# the ``verdicts`` view is built from the same expressions for direct use (sqlite3, Datasette).
WINNING = {
    "partnership": "coalesce(r.partnership, c.partnership)",
    "kind": "CASE WHEN r.partnership = 0 THEN NULL ELSE coalesce(r.kind, c.kind) END",
    "parties": "coalesce(r.parties, c.parties)",
    "sectors": "coalesce(r.sectors, c.sectors)",
    "reviewed": ("(r.partnership IS NOT NULL OR r.kind IS NOT NULL OR r.parties IS NOT NULL "
                 "OR r.sectors IS NOT NULL)"),
}


def review_join(article_id: str) -> str:
    """``LEFT JOIN`` of the latest review of the article whose id is the SQL ``article_id``
    (one probe of a partial index: only each article's latest review has ``latest = 1``)."""
    return f"LEFT JOIN reviews r ON r.article_id = {article_id} AND r.latest = 1"


VERDICT_COLUMNS = ", ".join(
    [f"{expr} AS {name}" for name, expr in WINNING.items()]
    + ["c.score", "c.districts AS c_districts", "c.evidence", "c.check_reasons",
       "r.user AS reviewed_by", "r.at AS reviewed_at", "r.note AS review_note"])

VIEW_SQL = f"""CREATE VIEW verdicts AS
SELECT c.article_id, {', '.join(f'{expr} AS {name}' for name, expr in WINNING.items())},
  c.score, c.districts, c.evidence, c.rules, c.version, c.check_reasons, c.classified_at,
  c.partnership AS classifier_partnership, c.kind AS classifier_kind,
  c.parties AS classifier_parties, c.sectors AS classifier_sectors,
  r.id AS review_id, r.user AS reviewed_by, r.at AS reviewed_at, r.note AS review_note
FROM classifications c {review_join('c.article_id')}"""


# The article columns a day's digest reads, first_seen_at and id leading (its order).
DAY_REPORT_INDEX = ("first_seen_at", "id", "title", "lede", "url", "canonical_url", "date",
                    "published", "source", "districts", "updated_at")


# The verdict columns reports read, so the join to classifications is one index probe a row.
CLASSIFICATION_REPORT_INDEX = ("article_id", "partnership", "score", "kind", "parties", "sectors",
                               "districts", "evidence", "check_reasons")


# Search's order (newest publication first) with what its filters read before a row is chosen,
# so paging through a filter walks one index and seeks only the rows it shows.
SEARCH_ORDER_INDEX = ("date", "first_seen_at", "id", "source", "districts")


def create_reviews(db: Database) -> None:
    """Migration m006: the reviews table, the verdicts view, and the index a day's reports read
    through: it covers every article column the digest shows, in first-stored order, so a day
    of 100,000 articles is one index walk instead of 100,000 seeks into rows made long by their
    bodies (about 50 MB per 100,000 articles); one covering the verdict columns; and one in
    search's order."""
    db.table("reviews").create(
        {"id": int, "article_id": str, "user": str, "at": str, "action": str,
         "partnership": int, "kind": str, "parties": str, "sectors": str, "note": str,
         "changes": str, "undoes": int, "latest": int},
        pk="id", not_null={"article_id", "user", "at", "action", "latest"},
        defaults={"latest": 0}, foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("reviews").create_index(["article_id", "id"])
    db.table("reviews").create_index(["at"])
    db.execute("CREATE UNIQUE INDEX idx_reviews_latest ON reviews (article_id) WHERE latest = 1")
    db.table("classifications").create_index(list(CLASSIFICATION_REPORT_INDEX),
                                             index_name="idx_classifications_report")
    db.table("articles").create_index(list(SEARCH_ORDER_INDEX), index_name="idx_articles_search_order")
    db.execute(VIEW_SQL)
    db.table("articles").create_index(list(DAY_REPORT_INDEX), index_name="idx_articles_day_report",
                                      if_not_exists=True)


@dataclass(frozen=True)
class ReviewRequest:
    """What a reader asked for; ``None`` fields are left as they are."""

    action: Action
    user: str
    kind: str | None = None
    parties: list[str] | None = None
    sectors: list[str] | None = None
    note: str | None = None


def _effective(verdict: dict[str, Any]) -> dict[str, Any]:
    return {"partnership": bool(verdict["partnership"]), "kind": verdict["kind"],
            "parties": json.loads(verdict["parties"] or "[]"),
            "sectors": json.loads(verdict["sectors"] or "[]")}


def _state_of(row: dict[str, Any] | None) -> dict[str, Any]:
    """The reviewed state a review row holds (None: the classifier's value)."""
    if row is None:
        return dict.fromkeys(_STATE)
    return {"partnership": None if row["partnership"] is None else bool(row["partnership"]),
            "kind": row["kind"],
            "parties": None if row["parties"] is None else json.loads(row["parties"]),
            "sectors": None if row["sectors"] is None else json.loads(row["sectors"])}


def _next_state(request: ReviewRequest, current: dict[str, Any], shown: dict[str, Any],
                before_target: dict[str, Any] | None) -> dict[str, Any]:
    """Pure: the reviewed state after ``request``, from the latest state and what is shown."""
    if request.action == "undo":
        return dict(before_target or dict.fromkeys(_STATE))
    state = dict(current)
    if request.action == "confirm":
        state.update(shown)
    elif request.action == "reject":
        state.update(shown, partnership=not shown["partnership"])
        if shown["partnership"]:
            state["kind"] = None
    elif request.action == "correct":
        updates = {"kind": request.kind, "parties": request.parties, "sectors": request.sectors}
        state.update({k: v for k, v in updates.items() if v is not None})
    return state


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: {"from": before[k], "to": after[k]} for k in _STATE if before[k] != after[k]}


def plan_review(request: ReviewRequest, verdict: dict[str, Any], rows: list[dict[str, Any]],
                classifier: dict[str, Any]) -> dict[str, Any] | None:
    """Pure: the review row to insert, given the article's verdict (from the view), its review
    rows oldest first and the classifier's own values; None when there is nothing to undo."""
    latest = rows[-1] if rows else None
    before_target = None
    undoes = None
    if request.action == "undo":
        target = _undo_target(rows)
        if target is None:
            return None
        undoes = target["id"]
        earlier = [r for r in rows if r["id"] < target["id"]]
        before_target = _state_of(earlier[-1]) if earlier else None
    shown = _effective(verdict)
    state = _next_state(request, _state_of(latest), shown, before_target)
    after = {k: (classifier[k] if state[k] is None else state[k]) for k in _STATE}
    if state["partnership"] is False:
        after["kind"] = None
    return {"user": request.user, "at": datetime.now(UTC).isoformat(), "action": request.action,
            "partnership": None if state["partnership"] is None else int(state["partnership"]),
            "kind": state["kind"],
            "parties": None if state["parties"] is None else json.dumps(state["parties"], ensure_ascii=False),
            "sectors": None if state["sectors"] is None else json.dumps(state["sectors"], ensure_ascii=False),
            "note": request.note if request.note is not None else (latest or {}).get("note"),
            "changes": json.dumps(_changes(shown, after), ensure_ascii=False), "undoes": undoes}


def _undo_target(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The latest action that is neither an undo nor already undone."""
    undone = {r["undoes"] for r in rows if r["undoes"] is not None}
    for row in reversed(rows):
        if row["action"] != "undo" and row["id"] not in undone:
            target: dict[str, Any] = row
            return target
    return None
