"""`monitor parse` over many files: shared between processes, printed in order, and a bad file
named on its own line while the others are still printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, SHINE_PAGES, seed_path

PAGES = sorted(p for p in [*SHINE_PAGES.glob("*.html"), *(FIXTURES / "pages").rglob("*.html")])
ARTICLES = [p for p in PAGES if not p.name.startswith("listing")]


@pytest.fixture
def two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Share the files with a forked child however few they are and however many cores."""
    import monitor.read.fanout

    monkeypatch.setattr(monitor.read.fanout, "processes_for", lambda jobs, cores=None: 2)


@pytest.mark.parametrize("fmt", ["json", "seed"])
def test_shared_between_processes_prints_what_one_process_prints(
        run_cli, two_processes, fmt: str) -> None:  # type: ignore[no-untyped-def]
    files = [*ARTICLES, seed_path("000"), seed_path("003")]
    shared = run_cli("parse", "--format", fmt, *files)
    alone = [run_cli("parse", "--format", fmt, page).stdout for page in files]
    separator = "" if fmt == "json" else "\n\f\n"
    assert shared.stdout == separator.join(alone)


def test_json_lines_follow_the_order_of_the_files(run_cli, two_processes) -> None:  # type: ignore[no-untyped-def]
    files = list(reversed(PAGES))
    result = run_cli("parse", "--json", *files)
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [str(p) for p in files]


def test_listing_notes_keep_the_order_of_the_files(run_cli, two_processes) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("parse", "--json", *PAGES)
    named = [line.split(": ")[1] for line in result.stderr.splitlines()]
    assert named == [str(p) for p in PAGES if p.name.startswith("listing")]


@pytest.mark.parametrize("shared", [False, True], ids=["one process", "shared"])
def test_a_bad_file_is_named_and_the_others_printed(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    shared: bool) -> None:  # type: ignore[no-untyped-def]
    if shared:
        import monitor.read.fanout

        monkeypatch.setattr(monitor.read.fanout, "processes_for", lambda jobs, cores=None: 2)
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    files = [*ARTICLES[:3], bad, *ARTICLES[3:6]]
    result = run_cli("parse", "--json", *files)
    assert result.exit_code == 2
    assert result.stderr == f"monitor: {bad}: empty file: no article text\n"
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [
        str(p) for p in files if p != bad]


def test_a_page_without_a_date_names_the_file_in_seed_format(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "undated.html"
    page.write_text("<html><head><title>Undated</title></head><body><article><p>"
                    + "A paragraph long enough to be read as the article's text. " * 3
                    + "</p></article></body></html>", encoding="utf-8")
    result = run_cli("parse", page)
    assert result.exit_code == 2 and result.stderr.startswith(f"monitor: {page}: no publication date")


@pytest.mark.slow
def test_json_is_the_same_whatever_the_hash_seed() -> None:
    """Field extractors are listed in field order, not in the order of a set of names."""
    page = SHINE_PAGES / "alliance-yangpu-ai.html"

    def run(seed: str) -> str:
        return subprocess.run([sys.executable, "-m", "monitor", "parse", "--json", str(page)],
                              capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout

    assert len({run(seed) for seed in ("1", "2", "3", "4")}) == 1


def test_loading_before_the_fork_leaves_the_collector_on(settings) -> None:  # type: ignore[no-untyped-def]
    import gc

    from monitor.cli._app import App
    from monitor.cli.read import _ParseJob

    _ParseJob(App(_settings=settings), None, "generic", "json").load_before_fork()
    try:
        assert gc.isenabled()
    finally:
        gc.unfreeze()
