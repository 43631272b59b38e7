"""What each workspace page shows, as plain data: the HTML page and its JSON twin both come
from here, so they cannot disagree. Reads only; verdicts come through the store's view."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, get_args

from monitor.config import Settings
from monitor.models import Kind
from monitor.report.digest import OTHER_PER_DISTRICT, Digest, build_digest, day_window, item_from_row
from monitor.store.contract import StoreContract
from monitor.store.search import STATUSES, SearchFilters
from monitor.store.sqlite import Store

__all__ = ["KINDS", "article_view", "day_view", "highlight", "parse_filters", "search_view",
           "sources_view"]

KINDS: tuple[str, ...] = get_args(Kind)
DAY_PAGE_PER_DISTRICT = OTHER_PER_DISTRICT  # the digest's own cap: the page shows what it shows
SEARCH_COUNT_UP_TO = 200  # matches counted past the page shown; beyond, "more than N"


def _local_day(stamp: str | None, settings: Settings) -> date | None:
    return datetime.fromisoformat(stamp).astimezone(settings.tz).date() if stamp else None


def day_view(store: Store, settings: Settings, day: date | None) -> dict[str, Any]:
    """The day's digest, and the nearest earlier and later days that have new articles."""
    chosen = day or datetime.now(settings.tz).date()
    start, end = day_window(chosen, settings.tz)
    q = store.db.execute
    before = q("select max(first_seen_at) from articles where first_seen_at < ?",
               [start.isoformat()]).fetchone()[0]
    after = q("select min(first_seen_at) from articles where first_seen_at >= ?",
              [end.isoformat()]).fetchone()[0]
    digest: Digest = build_digest(store, chosen, settings, per_district=DAY_PAGE_PER_DISTRICT)
    return {"day": chosen, "digest": digest, "previous": _local_day(before, settings),
            "next": _local_day(after, settings)}


def _day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_filters(params: Mapping[str, str]) -> SearchFilters:
    """Query-string parameters as filters; a bad value is a ValueError saying which and why."""
    status = params.get("status", "")
    if status not in STATUSES:
        raise ValueError(f"status: {status!r} is not one of {', '.join(s for s in STATUSES if s)}")
    kind = params.get("kind", "")
    if kind and kind not in KINDS:
        raise ValueError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    return SearchFilters(
        q=params.get("q", "")[:500], district=params.get("district", ""), kind=kind,
        sector=params.get("sector", "").lower(), source=params.get("source", ""),
        date_from=_day(params.get("date_from", ""), "date_from"),
        date_to=_day(params.get("date_to", ""), "date_to"), status=status)  # type: ignore[arg-type]


def search_view(store: StoreContract, filters: SearchFilters, page: int, per_page: int
                ) -> dict[str, Any]:
    """One page of results, on either backend (each spells the full-text match its own way)."""
    offset = (page - 1) * per_page
    rows, total = store.search_articles(filters, limit=per_page, offset=offset,
                                        count_up_to=SEARCH_COUNT_UP_TO)
    at_least = total >= offset + per_page + SEARCH_COUNT_UP_TO
    pages = max(1, -(-total // per_page))
    return {"filters": filters, "page": page, "per_page": per_page, "total": total,
            "total_at_least": at_least, "pages": pages,
            "results": [item_from_row(row) for row in rows]}


_SAME_WIDTH = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def highlight(paragraph: str, sentences: list[str]) -> list[tuple[str, bool]]:
    """Pure: the paragraph cut into (text, is_evidence) pieces, evidence sentences marked.
    Quotes are compared straightened (one character for one, so positions still line up)."""
    spans: list[tuple[int, int]] = []
    plain = paragraph.translate(_SAME_WIDTH)
    for sentence in sentences:
        wanted = sentence.strip().translate(_SAME_WIDTH)
        start = plain.find(wanted) if wanted else -1
        if start >= 0:
            spans.append((start, start + len(wanted)))
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in sorted(spans):
        if start < at:
            continue
        pieces += [(paragraph[at:start], False)] if start > at else []
        pieces.append((paragraph[start:end], True))
        at = end
    return pieces + ([(paragraph[at:], False)] if at < len(paragraph) else [])


def _decode_review(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    out["changes"] = json.loads(row["changes"] or "{}")
    for key in ("parties", "sectors"):
        out[key] = json.loads(row[key]) if row[key] is not None else None
    out["partnership"] = None if row["partnership"] is None else bool(row["partnership"])
    return out


def _decode_verdict(v: dict[str, Any] | None) -> dict[str, Any] | None:
    if v is None:
        return None
    out = dict(v)
    for key in ("parties", "sectors", "districts", "evidence", "rules", "check_reasons",
                "classifier_parties", "classifier_sectors"):
        out[key] = json.loads(v[key] or "[]")
    for key in ("partnership", "classifier_partnership", "reviewed"):
        out[key] = bool(v[key])
    return out


def article_view(store: Store, article_id: str) -> dict[str, Any] | None:
    """Everything stored about one article, or None when there is no such article."""
    row = store.get_article_row(article_id)
    if row is None:
        return None
    article = store.get_article(article_id)
    assert article is not None
    verdict = _decode_verdict(store.verdict(article_id))
    evidence = verdict["evidence"] if verdict else []
    fetches = store.rows("select * from fetch_log where url in (?, ?) order by id desc limit 50",
                         [row["url"], row["canonical_url"]])
    return {"article": article, "first_seen_at": row["first_seen_at"],
            "updated_at": row["updated_at"], "fetched_at": row["fetched_at"],
            "body": [highlight(p, evidence) for p in article.body], "verdict": verdict,
            "reviews": [_decode_review(r) for r in store.reviews(article_id)],
            "history": store.history(article_id), "fetches": fetches}


def sources_view(store: Store, settings: Settings) -> list[dict[str, Any]]:
    """Each configured or recorded source with its health, as `monitor status` shows it."""
    rows = {row["name"]: row for row in store.source_rows()}
    configured = {s.name: s for s in settings.sources}
    out = []
    for name in sorted(set(rows) | set(configured)):
        row, cfg = rows.get(name, {}), configured.get(name)
        out.append({"name": name, "enabled": bool(cfg and cfg.enabled),
                    "interval_minutes": cfg.interval_minutes if cfg else None,
                    **{k: row.get(k) for k in ("last_run_at", "last_success_at", "last_failure_at",
                                               "last_failure", "next_run_at", "articles_found",
                                               "circuit_open_until", "profile_warning")}})
    return out


