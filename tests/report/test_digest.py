"""The daily digest: what goes in a day, how it is arranged, and the three formats.

Golden files pin each format for a fixed database; regenerate them with UPDATE_GOLDEN=1 and
read the diff before committing.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from monitor.config import Settings
from monitor.models import Article, Classification, RunStats
from monitor.report.digest import (
    OTHER_DISTRICT,
    SCHEMA,
    Digest,
    build_digest,
    default_day,
    render_html,
    render_json,
    render_markdown,
    safe_link,
    write_daily,
)
from monitor.store.sqlite import Store

GOLDEN = Path(__file__).parent / "golden"
SCHEMA_DOC = Path(__file__).resolve().parents[2] / "docs" / "digest-schema.md"
DAY = date(2025, 3, 25)
SHINE = "https://www.shine.cn/feature/district/"


def _article(key: str, title: str, districts: list[str], url: str | None = None) -> Article:
    link = url or f"{SHINE}{key}/"
    return Article(url=link, canonical_url=link, source="shine-district", title=title,
                   lede=f"Lede of {title}.", body=["First paragraph.", "Second paragraph."],
                   published=datetime(2025, 3, 25, 10, tzinfo=UTC), date=DAY, districts=districts)


def _verdict(score: float, partnership: bool = False, **fields: object) -> Classification:
    return Classification(partnership=partnership, score=score, version="test-1", **fields)


def add(store: Store, article: Article, verdict: Classification | None, first_seen: str,
        updated: str | None = None) -> str:
    """Save an article and pin its store times, so the output does not depend on the clock."""
    store.save_article(article, classification=verdict)
    assert article.id is not None
    store.db["articles"].update(article.id, {"first_seen_at": first_seen,
                                             "updated_at": updated or first_seen})
    return article.id


def _runs(store: Store) -> None:
    store.record_run(RunStats(
        source="shine-district", started_at=datetime(2025, 3, 25, 1, tzinfo=UTC),
        finished_at=datetime(2025, 3, 25, 1, 5, tzinfo=UTC), pages_fetched=12, stored_new=4,
        updated=1, tagged=2, skipped=Counter({"not-article": 3, "off-site": 1})))
    store.record_run(RunStats(
        source="district-gov", started_at=datetime(2025, 3, 25, 7, tzinfo=UTC),
        finished_at=datetime(2025, 3, 25, 7, 1, tzinfo=UTC), pages_fetched=3,
        failures=["https://www.example.gov.cn/news/: timeout after 3 attempts"]))
    store.record_run(RunStats(  # 23:00 on the 24th in Shanghai: the day before
        source="shine-district", started_at=datetime(2025, 3, 24, 15, tzinfo=UTC),
        finished_at=datetime(2025, 3, 24, 15, 2, tzinfo=UTC), pages_fetched=99))
    store.record_run(RunStats(  # written with a local offset: 15:30 UTC, still the 25th
        source="shine-district", started_at=datetime.fromisoformat("2025-03-25T23:30:00+08:00"),
        finished_at=datetime.fromisoformat("2025-03-25T23:31:00+08:00"), pages_fetched=5))


def fill_fixed(store: Store) -> dict[str, str]:
    """The fixed database behind the golden files; returns article ids by short name."""
    ids = {
        "qingpu": add(store, _article("2503250001", "Qingpu District and Fudan University sign "
                                      "deal to build science park", ["Qingpu"]),
                      _verdict(0.92, True, kind="agreement", sectors=["ai", "biotech"],
                               parties=["Qingpu District", "Fudan University"],
                               evidence=["Qingpu District and Fudan University have signed a "
                                         "cooperation agreement to build a science park.",
                                         "A second sentence."]),
                      "2025-03-25T02:10:00+00:00"),
        "baoshan": add(store, _article("2503250002", "Baoshan inks *strategic* deal with [STCSM] "
                                       "#2 labs_to_open", ["Baoshan"]),
                       _verdict(0.57, True, kind="mou", sectors=["quantum"],
                                parties=["Baoshan District", "Shanghai Science and Technology "
                                         "Commission"],
                                evidence=["Baoshan District inked a strategic cooperation "
                                          "deal with the commission."]),
                       "2025-03-25T06:00:00+00:00"),
        "minhang": add(store, _article("2503250003", "Minhang opens riverside greenway",
                                       ["Minhang"]), _verdict(0.05), "2025-03-25T03:00:00+00:00"),
        "nodistrict": add(store, _article("2503250004", "City releases spring travel tips", []),
                          _verdict(0.42), "2025-03-25T09:00:00+00:00"),
        "boundary": add(store, _article("2503250005", "Jiading hosts forum on auto industry",
                                        ["Jiading"]), _verdict(0.35), "2025-03-24T16:30:00+00:00"),
        "before": add(store, _article("2503240006", "Songjiang library extends hours",
                                      ["Songjiang"]), _verdict(0.1), "2025-03-24T15:59:00+00:00"),
        "updated": add(store, _article("2503200007", "Putuo and Tongji University set up joint "
                                       "lab", ["Putuo"]),
                       _verdict(0.81, True, kind="joint_entity", parties=["Putuo District",
                                                                          "Tongji University"]),
                       "2025-03-20T04:00:00+00:00", "2025-03-25T05:00:00+00:00"),
        "text": add(store, _article("", "Notes from a district meeting", ["Qingpu", "Jiading"],
                                    url="urn:monitor:text:abc123"), None,
                    "2025-03-25T08:00:00+00:00"),
        "after": add(store, _article("2503260009", "Fengxian and SJTU sign medical deal",
                                     ["Fengxian"]),
                     _verdict(0.88, True, kind="agreement", parties=["Fengxian District", "SJTU"]),
                     "2025-03-25T16:00:00+00:00"),
    }
    _runs(store)
    return ids


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "digest.db") as opened:
        yield opened


@pytest.fixture
def ids(store: Store) -> dict[str, str]:
    return fill_fixed(store)


@pytest.fixture
def digest(store: Store, ids: dict[str, str], settings: Settings) -> Digest:
    return build_digest(store, DAY, settings)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"{path} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_bytes().decode("utf-8")


def all_ids(d: Digest) -> set[str]:
    grouped = {i.id for g in d.districts for i in g.articles}
    return grouped | {i.id for i in d.partnerships} | {i.id for i in d.updated}


# -- golden files ----------------------------------------------------------------------------


def test_markdown_matches_golden(digest: Digest) -> None:
    check_golden("digest-2025-03-25.md", render_markdown(digest))


def test_html_matches_golden(digest: Digest) -> None:
    check_golden("digest-2025-03-25.html", render_html(digest))


def test_json_matches_golden(digest: Digest) -> None:
    check_golden("digest-2025-03-25.json", render_json(digest))


# -- what belongs to the day -----------------------------------------------------------------


def test_article_first_seen_after_utc_1600_belongs_to_next_shanghai_day(
        digest: Digest, ids: dict[str, str]) -> None:
    assert ids["boundary"] in all_ids(digest)


def test_article_first_seen_before_shanghai_midnight_belongs_to_previous_day(
        digest: Digest, ids: dict[str, str]) -> None:
    assert ids["before"] not in all_ids(digest)


def test_article_first_seen_at_next_shanghai_midnight_is_left_out(
        digest: Digest, ids: dict[str, str]) -> None:
    assert ids["after"] not in all_ids(digest)


def test_day_boundary_follows_configured_zone(store: Store, ids: dict[str, str],
                                              settings: Settings) -> None:
    utc = settings.model_copy(update={"timezone": "UTC"})
    assert ids["boundary"] not in all_ids(build_digest(store, DAY, utc))


def test_partnerships_list_only_new_tagged_articles(digest: Digest, ids: dict[str, str]) -> None:
    assert {i.id for i in digest.partnerships} == {ids["baoshan"], ids["qingpu"]}


def test_partnership_carries_first_evidence_sentence(digest: Digest, ids: dict[str, str]) -> None:
    qingpu = next(i for i in digest.partnerships if i.id == ids["qingpu"])
    assert (qingpu.quote() or "").startswith("Qingpu District and Fudan")


def test_evidence_is_a_list_like_classify_json(digest: Digest) -> None:
    item = json.loads(render_json(digest))["partnerships"][0]
    assert item["evidence"] == ["Qingpu District and Fudan University have signed a cooperation "
                                "agreement to build a science park.", "A second sentence."]


def test_other_new_articles_are_grouped_by_district_in_order(digest: Digest) -> None:
    assert [g.district for g in digest.districts] == ["Jiading", "Minhang", "Qingpu",
                                                      OTHER_DISTRICT]


def test_article_without_district_is_under_other(digest: Digest, ids: dict[str, str]) -> None:
    other = next(g for g in digest.districts if g.district == OTHER_DISTRICT)
    assert [i.id for i in other.articles] == [ids["nodistrict"]]


def test_article_naming_two_districts_is_listed_once_under_the_first(digest: Digest,
                                                                      ids: dict[str, str]) -> None:
    holding = [g.district for g in digest.districts if ids["text"] in {i.id for i in g.articles}]
    assert holding == ["Qingpu"]


def test_article_naming_two_districts_shows_the_other(digest: Digest) -> None:
    assert "Notes from a district meeting — shine-district · 2025-03-25 · also: Jiading" in \
        render_markdown(digest)


def test_updated_article_is_listed_as_updated_not_new(digest: Digest, ids: dict[str, str]) -> None:
    assert [(i.id, i.updated) for i in digest.updated] == [(ids["updated"], True)]
    assert ids["updated"] not in {i.id for i in digest.partnerships}


def test_to_check_holds_scores_within_margin_either_side(digest: Digest,
                                                         ids: dict[str, str]) -> None:
    assert {i.id for i in digest.to_check} == {ids["baoshan"], ids["nodistrict"], ids["boundary"]}


def test_to_check_is_ordered_by_closeness_to_threshold(digest: Digest) -> None:
    assert [i.score for i in digest.to_check] == [0.57, 0.42, 0.35]


def test_unclassified_article_is_not_on_to_check_list(digest: Digest, ids: dict[str, str]) -> None:
    assert ids["text"] not in {i.id for i in digest.to_check}


def test_counts_summarize_the_day(digest: Digest) -> None:
    assert digest.counts.model_dump() == {"new": 6, "partnerships": 2, "updated": 1, "to_check": 3,
                                      "reviewed": 0}


# -- run statistics --------------------------------------------------------------------------


def test_runs_of_the_local_day_only_are_counted(digest: Digest) -> None:
    assert (digest.runs.runs, digest.runs.pages_fetched) == (3, 20)


def test_run_written_with_local_offset_counts_on_its_local_day(store: Store,
                                                               settings: Settings) -> None:
    for moment in ("2025-03-25T23:30:00+08:00", "2025-03-26T00:30:00+08:00"):
        started = datetime.fromisoformat(moment)
        store.record_run(RunStats(source="s", started_at=started, finished_at=started))
    assert build_digest(store, DAY, settings).runs.runs == 1


def test_run_sources_and_totals(digest: Digest) -> None:
    runs = digest.runs
    assert runs.sources == ["district-gov", "shine-district"]
    assert (runs.new, runs.updated, runs.tagged, runs.failed_runs) == (4, 1, 2, 1)
    assert runs.skipped == {"not-article": 3, "off-site": 1}


def test_run_failures_carry_source_and_reason(digest: Digest) -> None:
    assert [(f.source, f.reason) for f in digest.runs.failures] == [
        ("district-gov", "https://www.example.gov.cn/news/: timeout after 3 attempts")]


def test_unreadable_run_stats_are_reported_not_fatal(store: Store, settings: Settings) -> None:
    store.db["runs"].insert({"source": "x", "started_at": "2025-03-25T01:00:00+00:00",
                             "finished_at": None, "ok": 1, "stats": "{not json"})
    d = build_digest(store, DAY, settings)
    assert [f.reason for f in d.runs.failures] == ["run statistics unreadable"]


# -- empty day -------------------------------------------------------------------------------


def test_empty_day_says_so_in_markdown(store: Store, settings: Settings) -> None:
    assert "No new articles on 2025-03-25." in render_markdown(build_digest(store, DAY, settings))


def test_empty_day_says_so_in_html(store: Store, settings: Settings) -> None:
    page = render_html(build_digest(store, DAY, settings))
    assert "<p>No new articles on 2025-03-25.</p>" in page


def test_day_with_articles_does_not_say_empty(digest: Digest) -> None:
    assert "No new articles" not in render_markdown(digest)


# -- escaping --------------------------------------------------------------------------------


@pytest.fixture
def hostile(store: Store, settings: Settings) -> Digest:
    add(store, _article("2503250101", "<script>alert(1)</script>", ["<b>Qingpu</b>"]),
        _verdict(0.9, True, kind="agreement", parties=['"><img onerror=alert(2) src=x>'],
                 evidence=["</blockquote><script>alert(3)</script>"]),
        "2025-03-25T02:00:00+00:00")
    add(store, _article("2503250102", '"><img onerror=alert(4) src=x>', []), _verdict(0.1),
        "2025-03-25T03:00:00+00:00")
    add(store, _article("2503250103", "Click me", [], url="javascript:alert(5)"), _verdict(0.1),
        "2025-03-25T04:00:00+00:00")
    add(store, _article("2503250104", "Quoted link", [],
                        url='https://example.org/a"onmouseover="x'),
        _verdict(0.1), "2025-03-25T05:00:00+00:00")
    return build_digest(store, DAY, settings)


def test_html_escapes_script_in_title(hostile: Digest) -> None:
    page = render_html(hostile)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()


def test_html_escapes_attribute_breakout(hostile: Digest) -> None:
    page = render_html(hostile)
    assert "<img" not in page.lower()
    assert "&#34;&gt;&lt;img onerror=alert(4) src=x&gt;" in page


def test_html_quotes_urls_inside_attributes(hostile: Digest) -> None:
    assert 'href="https://example.org/a&#34;onmouseover=&#34;x"' in render_html(hostile)


def test_html_does_not_link_javascript_url(hostile: Digest) -> None:
    page = render_html(hostile)
    assert "javascript:" not in page.lower()
    assert '<li class="item" id="a-' in page and "Click me <span" in page


def test_html_links_only_http_urls(hostile: Digest) -> None:
    hrefs = re.findall(r'href="([^"]*)"', render_html(hostile))
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)


def test_html_loads_no_scripts_or_remote_assets(digest: Digest) -> None:
    page = render_html(digest).lower()
    for needle in ("<script", " src=", "<link", "@import", "url(", "<iframe", "<img"):
        assert needle not in page, needle


def test_html_is_readable_on_a_phone_and_in_print(digest: Digest) -> None:
    page = render_html(digest)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "max-width:46rem" in page and "@media print" in page and "system-ui" in page


def test_markdown_escapes_metacharacters_in_titles(digest: Digest) -> None:
    assert r"Baoshan inks \*strategic\* deal with \[STCSM\] #2 labs\_to\_open" in \
        render_markdown(digest)


def test_markdown_title_cannot_start_a_heading_or_break_a_line(store: Store,
                                                                settings: Settings) -> None:
    add(store, _article("2503250201", "Line one\n# Injected heading", []), _verdict(0.1),
        "2025-03-25T02:00:00+00:00")
    text = render_markdown(build_digest(store, DAY, settings))
    assert "\n# Injected" not in text and "Line one # Injected heading" in text


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x",
                                 "//evil.example/x", "https://a.example/x\n# heading",
                                 "https:///no-host", "urn:monitor:text:abc"])
def test_only_http_urls_with_a_host_are_linked(url: str) -> None:
    assert safe_link(url) is None


def test_markdown_does_not_link_javascript_url(hostile: Digest) -> None:
    text = render_markdown(hostile)
    assert "javascript:" not in text and "- Click me — " in text


# -- JSON ------------------------------------------------------------------------------------


def test_json_declares_schema_version(digest: Digest) -> None:
    assert json.loads(render_json(digest))["schema"] == SCHEMA == "monitor.digest/2"


def test_json_round_trips_to_the_same_digest(digest: Digest) -> None:
    assert Digest.model_validate_json(render_json(digest)) == digest


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_every_json_field_is_documented(digest: Digest) -> None:
    doc = SCHEMA_DOC.read_text(encoding="utf-8")
    skipped_reasons = set(digest.runs.skipped)
    missing = {k for k in _keys(json.loads(render_json(digest))) - skipped_reasons
               if f"`{k}`" not in doc}
    assert not missing


# -- files and days --------------------------------------------------------------------------


def test_write_daily_writes_each_format(store: Store, ids: dict[str, str],
                                        settings: Settings) -> None:
    paths = write_daily(store, settings, DAY)
    assert [p.name for p in paths] == ["digest-2025-03-25.md", "digest-2025-03-25.html",
                                       "digest-2025-03-25.json"]
    assert json.loads(paths[2].read_text(encoding="utf-8"))["day"] == "2025-03-25"


def test_write_daily_writes_only_requested_formats(store: Store, settings: Settings,
                                                   tmp_path: Path) -> None:
    paths = write_daily(store, settings, DAY, formats=["json"], out_dir=tmp_path / "elsewhere")
    assert paths == [tmp_path / "elsewhere" / "digest-2025-03-25.json"]
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == ["digest-2025-03-25.json"]


def test_write_daily_leaves_no_temporary_files(store: Store, ids: dict[str, str],
                                               settings: Settings) -> None:
    write_daily(store, settings, DAY)
    write_daily(store, settings, DAY)
    assert sorted(p.name for p in settings.digest.out_dir.iterdir()) == [
        "digest-2025-03-25.html", "digest-2025-03-25.json", "digest-2025-03-25.md"]


def test_write_daily_records_the_day(store: Store, ids: dict[str, str],
                                     settings: Settings) -> None:
    paths = write_daily(store, settings, DAY)
    row = store.db["digests"].get("2025-03-25")
    assert (row["articles"], row["tagged"]) == (6, 2)
    assert json.loads(row["files"]) == [str(p) for p in paths]


def test_write_daily_rejects_unknown_format(store: Store, settings: Settings) -> None:
    from monitor.errors import ConfigError

    with pytest.raises(ConfigError, match="pdf"):
        write_daily(store, settings, DAY, formats=["pdf"])


def test_default_day_is_yesterday_in_shanghai(settings: Settings) -> None:
    # 17:00 UTC on the 25th is 01:00 on the 26th in Shanghai: yesterday there is the 25th.
    assert default_day(settings, datetime(2025, 3, 25, 17, tzinfo=UTC)) == DAY


def test_default_day_before_shanghai_midnight(settings: Settings) -> None:
    assert default_day(settings, datetime(2025, 3, 25, 15, 59, tzinfo=UTC)) == date(2025, 3, 24)
