"""Replay: the stored SHINE site through the same discover → parse → store path as a crawl."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, SHINE_SITE
from monitor.config import Settings, SiteProfile
from monitor.crawl.fetch import Fetcher, build_client
from monitor.crawl.pipeline import Context, run_source
from monitor.crawl.replay import find_sites, load_site, replay_transport
from monitor.errors import InputError
from monitor.models import RunStats
from monitor.store.sqlite import Store


def replay(settings: Settings, profiles: dict[str, SiteProfile], site_dir: Path, store: Store) -> tuple[RunStats, list[str]]:
    sites = find_sites(site_dir)
    requested: list[str] = []
    transport = replay_transport(sites)

    async def go() -> RunStats:
        async with build_client(settings.fetch, transport=transport) as client:
            client.event_hooks["request"] = [lambda r: _note(requested, r)]
            fetcher = Fetcher(client, settings.fetch, polite=False)
            ctx = Context(settings=settings, store=store, fetcher=fetcher, profiles=profiles)
            return await run_source(ctx, settings.source(sites[0].source))

    return asyncio.run(go()), requested


async def _note(requested: list[str], request: object) -> None:
    requested.append(str(request.url))  # type: ignore[attr-defined]


@pytest.fixture
def store(settings: Settings):  # type: ignore[no-untyped-def]
    with Store.open(settings.db_path) as opened:
        yield opened


def test_replay_stores_every_fixture_article(settings: Settings, profiles: dict[str, SiteProfile], store: Store) -> None:
    stats, _ = replay(settings, profiles, SHINE_SITE, store)
    assert stats.ok, stats.failures
    assert stats.stored_new == 14 and store.db["articles"].count == 14
    assert stats.listing_pages == 2


def test_replay_twice_stores_nothing_twice(settings: Settings, profiles: dict[str, SiteProfile], store: Store) -> None:
    replay(settings, profiles, SHINE_SITE, store)
    stats, requested = replay(settings, profiles, SHINE_SITE, store)
    assert store.db["articles"].count == 14
    assert stats.stored_new == 0 and stats.updated == 0
    # The unchanged first listing page answers 304 and nothing else is fetched.
    assert [u for u in requested if not u.endswith("robots.txt")] == ["https://www.shine.cn/feature/district/"]
    assert stats.skipped["listing-not-modified"] == 1


def test_replay_records_every_request(settings: Settings, profiles: dict[str, SiteProfile], store: Store) -> None:
    replay(settings, profiles, SHINE_SITE, store)
    outcomes = {row["outcome"] for row in store.db["fetch_log"].rows}
    assert store.db["fetch_log"].count >= 17 and "ok" in outcomes
    assert store.db["runs"].count == 1


def test_changed_page_updates_row_and_keeps_history(settings: Settings, profiles: dict[str, SiteProfile],
                                                    store: Store, tmp_path: Path) -> None:
    replay(settings, profiles, SHINE_SITE, store)
    changed = tmp_path / "changed"
    shutil.copytree(SHINE_SITE, changed)
    manifest = json.loads((changed / "manifest.json").read_text(encoding="utf-8"))
    target = next(r for r in manifest["responses"] if r["url"].endswith("/2503258689/"))
    page = changed / target["body"]
    page.write_text(page.read_text(encoding="utf-8").replace("science and technology park",
                                                              "sci-tech park"), encoding="utf-8")
    for response in manifest["responses"]:
        if "etag" in response["headers"]:
            response["headers"]["etag"] = response["headers"]["etag"].rstrip('"') + '-v2"'
    (changed / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    settings.sources[0].refresh_stored = True
    stats, _ = replay(settings, profiles, changed, store)
    assert stats.updated == 1 and stats.unchanged == 13 and store.db["articles"].count == 14
    assert store.db["article_history"].count == 1


def test_interrupted_run_is_finished_next_time(settings: Settings, profiles: dict[str, SiteProfile],
                                               store: Store, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(SHINE_SITE, broken)
    manifest = json.loads((broken / "manifest.json").read_text(encoding="utf-8"))
    victim = next(r for r in manifest["responses"] if r["url"].endswith("/2503258689/"))
    victim["status"] = 503
    (broken / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    settings.fetch.retries = 0
    first, _ = replay(settings, profiles, broken, store)
    assert not first.ok and first.stored_new == 13
    second, _ = replay(settings, profiles, SHINE_SITE, store)
    assert second.stored_new == 1 and store.db["articles"].count == 14


def test_find_sites_rejects_a_folder_without_manifest(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no fixture site found"):
        find_sites(tmp_path)


def test_find_sites_under_the_fixtures_root() -> None:
    assert "shine" in {site.site for site in find_sites(FIXTURES)}


@pytest.mark.parametrize(("content", "problem"), [
    ("{not json", "not valid JSON"),
    ('{"responses": [{"status": 200}]}', "needs a 'url'"),
    ('{"responses": [{"url": "https://x.cn/", "body": "missing.html"}]}', "does not exist"),
    ('[]', "expected an object"),
])
def test_bad_manifest_names_file_and_problem(tmp_path: Path, content: str, problem: str) -> None:
    (tmp_path / "manifest.json").write_text(content)
    with pytest.raises(InputError, match=problem) as caught:
        load_site(tmp_path / "manifest.json")
    assert "manifest.json" in str(caught.value)


def test_stale_profile_falls_back_to_generic_and_warns_once(settings: Settings, profiles: dict[str, SiteProfile],
                                                            store: Store, caplog: pytest.LogCaptureFixture) -> None:
    from monitor.config import ArticleSelectors

    stale = dict(profiles)
    stale["shine"] = profiles["shine"].model_copy(update={"article": ArticleSelectors(
        title=[".headline-v2"], body=[".story-v2 p"], published=[".time-v2"])})
    with caplog.at_level("WARNING", logger="monitor.crawl.pipeline"):
        stats, _ = replay(settings, stale, SHINE_SITE, store)
    assert stats.stored_new == 14
    warning = store.source_rows()[0]["profile_warning"]
    assert "profile 'shine' found no title, time or body" in warning
    assert [r.message for r in caplog.records].count("profile mismatch") == 1
    row = store.db.execute("select field_extractors from articles limit 1").fetchone()[0]
    assert '"body": "generic"' in row


def test_failing_host_is_backed_off_and_status_says_so(settings: Settings, profiles: dict[str, SiteProfile],
                                                       store: Store, tmp_path: Path) -> None:
    failing = tmp_path / "failing"
    shutil.copytree(SHINE_SITE, failing)
    manifest = json.loads((failing / "manifest.json").read_text(encoding="utf-8"))
    for response in manifest["responses"]:
        if response["url"].endswith("0/") or response["url"][-3].isdigit():
            response["status"] = 503
    (failing / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    settings.fetch.retries = 0
    settings.fetch.circuit_failures = 3
    stats, _ = replay(settings, profiles, failing, store)
    assert stats.stored_new == 0
    assert any("circuit-open" in failure for failure in stats.failures)
    assert store.source_rows()[0]["circuit_open_until"] is not None
