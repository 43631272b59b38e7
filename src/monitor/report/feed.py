"""An Atom 1.0 feed of partnership announcements, for feed readers.

Entry ids are ``urn:monitor:article:<article id>``: the article id is derived from the canonical
URL, so an entry keeps its id across renders and across databases, and a reader shows a corrected
article as updated (``<updated>`` is the store's ``updated_at``) instead of as a new one. The XML
is built with ElementTree, so every value is escaped by construction; characters XML 1.0 forbids
are dropped first, since one stray control character in a title would break the whole feed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

from monitor.config import Settings
from monitor.report.digest import ARTICLE_COLUMNS, DigestItem, item_from_row, kind_label, query_rows
from monitor.report.files import write_atomic
from monitor.store.reviews import WINNING, review_join
from monitor.store.sqlite import Store

__all__ = ["ATOM_NS", "FEED_ID", "atom_xml", "latest_partnerships", "render_atom", "write_feed"]

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:monitor:feed:partnerships"
FEED_TITLE = "monitor: Shanghai partnership announcements"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# CROSS JOIN keeps articles the outer loop, so SQLite walks the first_seen_at index backwards
# and stops after ``limit`` partnerships (about 20 rows read per entry at a 5% tag rate) instead
# of scanning every classification and sorting (86 ms against 7 ms on 100,000 articles).
# Reviews win (store.reviews): a rejected announcement leaves the feed, a confirmed or corrected
# one shows the reader's values.
LATEST_SQL = f"""SELECT {ARTICLE_COLUMNS}
    FROM articles a CROSS JOIN classifications c ON c.article_id = a.id {review_join("a.id")}
    WHERE {WINNING["partnership"]} = 1 ORDER BY a.first_seen_at DESC, a.id DESC LIMIT ?"""


def latest_partnerships(store: Store, limit: int) -> list[DigestItem]:
    """Newest first by when monitor first stored them."""
    return [item_from_row(row) for row in query_rows(store, LATEST_SQL, [limit])]


def render_atom(store: Store, settings: Settings, limit: int | None = None,
                self_url: str | None = None) -> str:
    """The latest ``limit`` (default ``digest.feed_entries``) announcements as an Atom feed;
    ``self_url`` is where the feed itself is read from (RFC 4287 asks for it)."""
    return atom_xml(latest_partnerships(store, limit or settings.digest.feed_entries), self_url)


def write_feed(store: Store, settings: Settings, out: Path, self_url: str | None = None) -> Path:
    """Write the feed atomically, so a reader polling the file never gets half of it. Without a
    URL to name, the file's own ``file:`` URI is its self link."""
    return write_atomic(out, render_atom(store, settings, self_url=self_url or out.resolve().as_uri()))


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _stamp(moment: datetime) -> str:
    """RFC 3339, as Atom requires, in UTC and to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        child.text = _clean(text)
    return child


def _summary(item: DigestItem) -> str:
    """Who partnered with whom, what kind of deal, and the sentence that says so."""
    text = f"Parties: {'; '.join(item.parties) or 'not named'}. Kind: {kind_label(item.kind)}."
    if item.sectors:
        text += f" Sectors: {', '.join(item.sectors)}."
    quote = item.quote()
    return text + (f" Evidence: “{quote}”" if quote else "")


def _entry(feed: ET.Element, item: DigestItem) -> None:
    entry = _add(feed, "entry")
    _add(entry, "id", f"urn:monitor:article:{item.id}")
    _add(entry, "title", item.title, type="text")
    _add(entry, "updated", _stamp(item.updated_at))
    _add(entry, "published", _stamp(item.published or item.first_seen_at))
    if item.link:
        _add(entry, "link", rel="alternate", type="text/html", href=item.link)
    _add(entry, "summary", _summary(item), type="text")
    if not item.link:  # Atom wants an alternate link or content; give the words instead
        _add(entry, "content", _summary(item), type="text")
    for scheme, term, label in _categories(item):
        _add(entry, "category", term=term, scheme=f"urn:monitor:{scheme}", label=label)


def _categories(item: DigestItem) -> list[tuple[str, str, str]]:
    """Sectors, districts and the kind of deal, so a reader can filter on any of them."""
    kinds = [("kind", item.kind, kind_label(item.kind))] if item.kind else []
    return ([("sector", s, s) for s in item.sectors]
            + [("district", d, d) for d in item.districts] + kinds)


def atom_xml(items: list[DigestItem], self_url: str | None = None) -> str:
    """Pure: the feed document for these entries, newest first (by first stored)."""
    items = sorted(items, key=lambda i: (i.first_seen_at, i.id), reverse=True)
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _add(feed, "id", FEED_ID)
    _add(feed, "title", FEED_TITLE, type="text")
    if self_url:
        _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "updated", _stamp(max((i.updated_at for i in items), default=EPOCH)))
    _add(_add(feed, "author"), "name", "monitor")
    _add(feed, "generator", "monitor")
    for item in items:
        _entry(feed, item)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"
