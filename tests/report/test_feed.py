"""The Atom feed of partnership announcements, read back the way a feed reader would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import feedparser
import pytest

# The fixed database of the digest tests: one set of articles behind every report format.
from test_digest import _article, _verdict, add, check_golden, fill_fixed

from monitor.config import Settings
from monitor.report.feed import render_atom, write_feed
from monitor.store.sqlite import Store


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "feed.db") as opened:
        yield opened


@pytest.fixture
def ids(store: Store) -> dict[str, str]:
    return fill_fixed(store)


@pytest.fixture
def parsed(store: Store, ids: dict[str, str], settings: Settings) -> Any:
    return feedparser.parse(render_atom(store, settings))


def test_feed_matches_golden(store: Store, ids: dict[str, str], settings: Settings) -> None:
    check_golden("feed.atom", render_atom(store, settings))


def test_feed_is_well_formed_atom(parsed: Any) -> None:
    assert parsed.bozo == 0 and parsed.version == "atom10"


def test_feed_holds_only_partnerships_newest_first(parsed: Any, ids: dict[str, str]) -> None:
    assert [e.id for e in parsed.entries] == [f"urn:monitor:article:{ids[k]}"
                                              for k in ("after", "baoshan", "qingpu", "updated")]


def test_entry_ids_are_stable_across_renders(store: Store, ids: dict[str, str],
                                             settings: Settings) -> None:
    first = [e.id for e in feedparser.parse(render_atom(store, settings)).entries]
    store.db["articles"].update(ids["qingpu"], {"updated_at": "2025-03-26T01:00:00+00:00"})
    second = [e.id for e in feedparser.parse(render_atom(store, settings)).entries]
    assert first == second


def test_entry_links_to_article(parsed: Any, ids: dict[str, str]) -> None:
    entry = next(e for e in parsed.entries if e.id.endswith(ids["qingpu"]))
    assert entry.link == "https://www.shine.cn/feature/district/2503250001/"
    assert [(link.rel, link.type) for link in entry.links] == [("alternate", "text/html")]


def test_entry_updated_comes_from_store_updated_at(parsed: Any, ids: dict[str, str]) -> None:
    entry = next(e for e in parsed.entries if e.id.endswith(ids["updated"]))
    assert entry.updated == "2025-03-25T05:00:00Z"
    assert entry.published == "2025-03-25T10:00:00Z"


def test_feed_updated_is_latest_entry_update(parsed: Any) -> None:
    assert parsed.feed.updated == "2025-03-25T16:00:00Z"


def test_summary_names_parties_kind_and_evidence(parsed: Any, ids: dict[str, str]) -> None:
    entry = next(e for e in parsed.entries if e.id.endswith(ids["qingpu"]))
    assert entry.summary.startswith("Parties: Qingpu District; Fudan University. Kind: agreement.")
    assert "signed a cooperation agreement" in entry.summary


def test_categories_carry_sectors_districts_and_kind(parsed: Any, ids: dict[str, str]) -> None:
    entry = next(e for e in parsed.entries if e.id.endswith(ids["qingpu"]))
    assert [(t.scheme, t.term) for t in entry.tags] == [
        ("urn:monitor:sector", "ai"), ("urn:monitor:sector", "biotech"),
        ("urn:monitor:district", "Qingpu"), ("urn:monitor:kind", "agreement")]


def test_limit_keeps_the_newest(store: Store, ids: dict[str, str], settings: Settings) -> None:
    entries = feedparser.parse(render_atom(store, settings, limit=2)).entries
    assert [e.id for e in entries] == [f"urn:monitor:article:{ids['after']}",
                                       f"urn:monitor:article:{ids['baoshan']}"]


def test_hostile_title_and_control_characters_stay_well_formed(store: Store,
                                                               settings: Settings) -> None:
    add(store, _article("2503250301", '<script>alert(1)</script> & "x"\x0b', []),
        _verdict(0.9, True, kind="other", evidence=["]]> <![CDATA[ oops"]),
        "2025-03-25T02:00:00+00:00")
    parsed = feedparser.parse(render_atom(store, settings))
    assert parsed.bozo == 0
    assert parsed.entries[0].title == '<script>alert(1)</script> & "x"'


def test_entry_without_web_link_carries_content(store: Store, settings: Settings) -> None:
    add(store, _article("", "Imported text deal", [], url="urn:monitor:text:ff"),
        _verdict(0.9, True, kind="mou", parties=["A", "B"]), "2025-03-25T02:00:00+00:00")
    entry = feedparser.parse(render_atom(store, settings)).entries[0]
    assert not entry.get("links") and entry.content[0].value.startswith("Parties: A; B. Kind: MoU.")


def test_empty_store_gives_valid_empty_feed(store: Store, settings: Settings) -> None:
    parsed = feedparser.parse(render_atom(store, settings))
    assert parsed.bozo == 0 and parsed.entries == []


def test_write_feed_writes_the_rendered_feed(store: Store, ids: dict[str, str],
                                             settings: Settings, tmp_path: Path) -> None:
    out = write_feed(store, settings, tmp_path / "out" / "partnerships.atom")
    assert out.read_text(encoding="utf-8") == render_atom(store, settings, self_url=out.as_uri())


def test_feed_names_its_own_address(store: Store, ids: dict[str, str], settings: Settings) -> None:
    parsed = feedparser.parse(render_atom(store, settings, self_url="https://m.example/feed.atom"))
    assert [(link.rel, link.href) for link in parsed.feed.links] == [
        ("self", "https://m.example/feed.atom")]


def test_written_feed_links_to_its_file(store: Store, ids: dict[str, str], settings: Settings,
                                        tmp_path: Path) -> None:
    out = write_feed(store, settings, tmp_path / "partnerships.atom")
    assert f'<link rel="self" type="application/atom+xml" href="{out.as_uri()}" />' in \
        out.read_text(encoding="utf-8")
