"""The HTML digest drawn in Python is the page the workspace's templates draw, byte for byte, over
digests that between them take every branch of the templates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import markupsafe
import pytest
from test_big_day import CAP
from test_big_day import DAY as BIG_DAY
from test_big_day import fill as fill_big_day
from test_digest import DAY, fill_fixed

from monitor.config import Settings
from monitor.report.digest import build_digest
from monitor.report.html import escape, page
from monitor.report.records import Counts, Digest, DigestItem, DistrictGroup, RunFailure, RunSummary
from monitor.store.sqlite import Store
from monitor.web.templating import digest_page

MOMENT = datetime(2025, 3, 25, 2, tzinfo=UTC)


def _item(n: int, **fields: object) -> DigestItem:
    values: dict[str, object] = {
        "id": f"{n:016x}", "title": f"Article {n} & <more>", "url": f"https://example.org/{n}",
        "link": f"https://example.org/{n}?a=1&b='2'", "lede": f"Lede {n}.", "date": DAY,
        "source": "shine-district", "districts": ["Qingpu", "Jiading"], "first_seen_at": MOMENT,
        "updated_at": MOMENT + timedelta(hours=3)}
    return DigestItem(**(values | fields))


def _every_branch() -> Digest:
    """A digest no store would give in one day, built to take each branch at least once."""
    deal = _item(1, partnership=True, score=0.9, kind="joint_entity", parties=["A", "B"],
                 sectors=["ai"], evidence=['"Signed" <today>'], reviewed=True, reviewed_by="ana")
    bare = _item(2, partnership=True, score=0.6, link=None, lede=None, source=None, date=None,
                 districts=[])
    check = _item(3, partnership=False, score=0.45, check=["near-threshold", "parties-unread"])
    failures = [RunFailure(source="gov", started_at=MOMENT, reason=f"timeout {n}") for n in range(23)]
    return Digest(
        day=DAY, timezone="Asia/Shanghai", window_start=MOMENT, window_end=MOMENT,
        threshold=0.5, review_margin=0.15, per_district=1,
        counts=Counts(new=9, partnerships=2, updated=4, to_check=1, reviewed=1),
        partnerships=[deal, bare], to_check=[check],
        districts=[DistrictGroup(district="Qingpu", total=5, articles=[_item(4)]),
                   DistrictGroup(district="Other / unspecified", total=1,
                                 articles=[_item(5, link=None, lede=None, source=None, date=None)])],
        updated=[_item(6, updated=True, partnership=None), _item(7, updated=True, score=0.2,
                                                                 partnership=False, link=None)],
        updated_more=2,
        runs=RunSummary(runs=3, failed_runs=1, sources=["gov", "shine"], pages_fetched=9, new=4,
                        skipped={"off-site": 2}, failures=failures))


def _empty_day(store: Store, settings: Settings) -> Digest:
    return build_digest(store, DAY, settings)


def _fixed_day(store: Store, settings: Settings) -> Digest:
    fill_fixed(store)
    return build_digest(store, DAY, settings)


def _big_day(store: Store, settings: Settings) -> Digest:
    fill_big_day(store)
    return build_digest(store, BIG_DAY, settings, per_district=CAP)


@pytest.mark.parametrize("build", [_empty_day, _fixed_day, _big_day])
def test_page_is_the_templates_page_for_a_stored_day(
        build: Callable[[Store, Settings], Digest], tmp_path: Path, settings: Settings) -> None:
    with Store.open(tmp_path / "digest.db") as store:
        digest = build(store, settings)
    assert page(digest) == digest_page(digest)


def test_page_is_the_templates_page_in_every_branch() -> None:
    digest = _every_branch()
    assert page(digest) == digest_page(digest)


@pytest.mark.parametrize("text", ["plain", "a & b", "<script>", "it's", 'say "hi"', "&amp;", "中文 ·"])
def test_escape_writes_what_autoescaping_writes(text: str) -> None:
    assert escape(text) == str(markupsafe.escape(text))


@pytest.fixture(scope="module")
def digest_command_modules(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The modules `monitor digest` has imported when it exits, with the files it wrote."""
    folder = tmp_path_factory.mktemp("digest-command")
    with Store.open(folder / "digest.db") as store:
        fill_fixed(store)
    probe = ("import atexit, json, sys\n"
             "atexit.register(lambda: sys.__stderr__.write('\\nMODULES ' + json.dumps(sorted(sys.modules))))\n"
             "from monitor.cli import main\n"
             f"sys.argv = ['monitor', 'digest', '--date', '{DAY}', '--out', {str(folder / 'out')!r}]\n"
             "main()\n")
    env = {**os.environ, "MONITOR_DB": str(folder / "digest.db")}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert (folder / "out" / f"digest-{DAY}.html").exists(), done.stderr
    return set(json.loads(done.stderr.rsplit("MODULES ", 1)[1]))


@pytest.mark.slow
@pytest.mark.parametrize("module", ["jinja2", "smtplib", "httpx"])
def test_writing_a_digest_does_not_load(digest_command_modules: set[str], module: str) -> None:
    assert module not in digest_command_modules
