"""The command-line contracts other tools rely on (PRODUCT.md), through click's runner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SHINE_PAGES, seed_path
from monitor.cli import cli


def test_parse_seed_prints_the_exact_bytes(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("parse", seed_path("000"), "--format", "seed")
    assert result.exit_code == 0
    assert result.stdout_bytes == seed_path("000").read_bytes()


def test_parse_several_files_separates_with_form_feed(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("parse", seed_path("000"), seed_path("003"))
    parts = result.stdout.split("\n\f\n")
    assert len(parts) == 2 and parts[1].startswith(" date 2025-03-25 Qingpu District")


def test_parse_json_has_the_contract_fields(run_cli) -> None:  # type: ignore[no-untyped-def]
    page = SHINE_PAGES / "seed-003-qingpu-fudan-park.html"
    result = run_cli("parse", page, "--format", "json")
    record = json.loads(result.stdout)
    for key in ("path", "url", "title", "lede", "published", "date", "body", "source", "editor",
                "tags", "districts", "extractor"):
        assert key in record
    assert record["published"] == "2025-03-25T14:00:00+08:00"
    assert record["editor"] == "Cao Qian" and record["extractor"] == "profile:shine"
    assert "Qingpu" in record["districts"]


def test_parse_url_chooses_the_profile(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "page.html"
    html = (SHINE_PAGES / "alliance-yangpu-ai.html").read_text(encoding="utf-8")
    page.write_text(re.sub(r'<link rel="canonical"[^>]*>', "", html), encoding="utf-8")
    result = run_cli("parse", page, "--format", "json", "--url", "https://www.shine.cn/feature/district/2410302258/")
    assert json.loads(result.stdout)["extractor"] == "profile:shine"


def test_parse_profile_generic_forces_the_generic_extractor(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("parse", SHINE_PAGES / "alliance-yangpu-ai.html", "--format", "json", "--profile", "generic")
    record = json.loads(result.stdout)
    assert record["extractor"] == "generic" and record["body"]


@pytest.mark.parametrize(("content", "problem"), [
    ("", "empty file"),
    ("<div><p>fragment</p></div>", "fragment of HTML"),
    ("<html><body><nav>menu</nav></body></html>", "no article found"),
])
def test_bad_input_is_one_line_and_exit_2(run_cli, tmp_path: Path, content: str, problem: str) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.txt"
    bad.write_text(content)
    result = run_cli("parse", bad)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "bad.txt" in result.stderr and problem in result.stderr


def test_missing_file_exit_2(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("parse", tmp_path / "nope.txt")
    assert result.exit_code == 2 and "nope.txt: no such file" in result.stderr


def test_bad_config_exit_2_names_the_file(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "broken.toml"
    config.write_text("[fetch]\nretries = 'many'\n")
    result = run_cli("--config", config, "status")
    assert result.exit_code == 2 and "broken.toml: fetch.retries" in result.stderr


def test_import_text_twice_stores_once(run_cli) -> None:  # type: ignore[no-untyped-def]
    first = run_cli("import-text", seed_path("000"), seed_path("003"))
    second = run_cli("import-text", seed_path("000"), seed_path("003"))
    assert "2 new" in first.stdout and "2 unchanged" in second.stdout


def test_import_text_checks_every_file_before_storing(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.txt"
    bad.write_text("   \n")
    result = run_cli("import-text", seed_path("000"), bad)
    assert result.exit_code == 2
    assert not (tmp_path / "test.db").exists()


def test_replay_then_status(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("replay", FIXTURES)
    assert result.exit_code == 0 and "14 new" in result.stdout
    status = run_cli("status", "--json")
    report = json.loads(status.stdout)
    assert report["articles"] == 14 and report["per_source"] == {"shine-district": 14}
    assert report["tagged"] >= 1


def test_replay_twice_adds_nothing(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("replay", FIXTURES)
    again = run_cli("replay", FIXTURES)
    assert "0 new, 0 updated" in again.stdout and "(14 articles)" in again.stdout


def test_replay_of_a_folder_without_sites_exit_2(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("replay", tmp_path)
    assert result.exit_code == 2 and "no fixture site found" in result.stderr


def test_db_flag_wins_over_env(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_cli("--db", tmp_path / "other.db", "import-text", seed_path("000"))
    assert (tmp_path / "other.db").exists()
    assert not (tmp_path / "test.db").exists()


def test_db_flag_after_the_command_name(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_cli("import-text", seed_path("000"), "--db", tmp_path / "after.db")
    assert "articles     1" in run_cli("status", "--db", tmp_path / "after.db").stdout


def test_config_flag_after_the_command_name(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "broken.toml"
    config.write_text("timezone = 'Not/AZone'\n")
    result = run_cli("status", "--config", config)
    assert result.exit_code == 2 and "broken.toml" in result.stderr


def test_reading_commands_refuse_a_missing_database(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "nowhere" / "x.db"
    for command in (["status"], ["search", "Fudan"], ["digest", "--date", "2025-03-25"], ["feed"]):
        result = run_cli("--db", missing, *command)
        assert result.exit_code == 2, command
        assert "no such database" in result.stderr
    assert not missing.parent.exists()


def test_search_finds_replayed_text(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("import-text", seed_path("003"))
    assert "District partners with Fudan" in run_cli("search", "Fudan").stdout


def commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_an_example(name: str) -> None:
    help_text = cli.commands[name].help or ""
    assert "Example" in help_text, name


@pytest.mark.parametrize("name", commands())
def test_readme_documents_every_command(name: str) -> None:
    assert f"monitor {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_classify_json_contract(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("classify", seed_path("003"), SHINE_PAGES / "delegation-hongkou-visit.html", "--json")
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    for key in ("path", "partnership", "score", "kind", "parties", "sectors", "evidence"):
        assert key in first
    assert first["partnership"] is True and 0 <= first["score"] <= 1
    assert {"Qingpu District", "Fudan University"} <= set(first["parties"])
    assert second["partnership"] is False and second["path"].endswith("delegation-hongkou-visit.html")


def test_classify_bad_file_exit_2(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.html"
    empty.write_text("")
    result = run_cli("classify", empty, "--json")
    assert result.exit_code == 2 and "empty.html" in result.stderr


def test_digest_after_replay_lists_partnerships_first(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    run_cli("replay", FIXTURES)
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    result = run_cli("digest", "--date", today, "--out", tmp_path / "out")
    assert result.exit_code == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == [f"digest-{today}.html", f"digest-{today}.json", f"digest-{today}.md"]
    report = json.loads((tmp_path / "out" / f"digest-{today}.json").read_text(encoding="utf-8"))
    assert report["counts"]["new"] == 14 and report["counts"]["partnerships"] >= 4


def test_digest_bad_date_is_usage_error(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("digest", "--date", "25/03/2025")
    assert result.exit_code == 2 and "--date" in result.stderr


def test_feed_to_stdout_is_atom(run_cli) -> None:  # type: ignore[no-untyped-def]
    import feedparser

    run_cli("replay", FIXTURES)
    parsed = feedparser.parse(run_cli("feed", "--out", "-").stdout)
    assert parsed.bozo == 0 and len(parsed.entries) >= 4


# -- search: user text never reaches FTS5 raw -------------------------------------------------


@pytest.mark.parametrize("query", ["AND", "NEAR(", "C++", '"unclosed', "title:x"])
def test_search_of_fts_operators_is_not_an_error(run_cli, query: str) -> None:  # type: ignore[no-untyped-def]
    run_cli("import-text", seed_path("003"))
    assert run_cli("search", query).exit_code == 0


@pytest.mark.parametrize("query", ["", "   ", '""'])
def test_search_for_nothing_is_exit_2_with_one_line(run_cli, query: str) -> None:  # type: ignore[no-untyped-def]
    run_cli("import-text", seed_path("003"))
    result = run_cli("search", query)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "nothing to search for" in result.stderr


def test_search_without_hits_says_so(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("import-text", seed_path("003"))
    result = run_cli("search", "zeppelin")
    assert result.exit_code == 0 and result.stdout == ""
    assert "no article matches 'zeppelin'" in result.stderr


def test_search_phrase_and_exclusion(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("import-text", seed_path("000"), seed_path("003"))
    assert "Fudan" in run_cli("search", '"cooperation agreement" -Baoshan').stdout


def test_search_json_lines(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("import-text", seed_path("003"))
    rows = [json.loads(line) for line in run_cli("search", "Fudan", "--json").stdout.splitlines()]
    assert rows and set(rows[0]) == {"id", "title", "date", "url"}


# -- one spelling for JSON output ------------------------------------------------------------


def test_parse_json_flag_is_format_json(run_cli) -> None:  # type: ignore[no-untyped-def]
    page = SHINE_PAGES / "seed-003-qingpu-fudan-park.html"
    assert run_cli("parse", page, "--json").stdout == run_cli("parse", page, "--format", "json").stdout


def test_classify_format_json_is_json_flag(run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("classify", seed_path("003"), "--format", "json").stdout == \
        run_cli("classify", seed_path("003"), "--json").stdout


@pytest.mark.parametrize("command", ["parse", "classify", "status", "search"])
def test_every_printing_command_takes_json(command: str) -> None:
    assert "--json" in {opt for param in cli.commands[command].params for opt in param.opts}


# -- classify: a page that is not an article says so -----------------------------------------


@pytest.mark.parametrize("name", ["listing-district-1.html", "listing-district-2.html"])
def test_classify_listing_is_not_an_article(run_cli, name: str) -> None:  # type: ignore[no-untyped-def]
    record = json.loads(run_cli("classify", SHINE_PAGES / name, "--json").stdout)
    assert record["page"] == "not-an-article" and record["partnership"] is False
    assert record["rules"] == ["not-an-article"] and "blocks linking to other articles" in record["page_reason"]


def test_classify_listing_text_mode_is_one_line(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("classify", SHINE_PAGES / "listing-district-1.html")
    assert result.stdout.count("\n") == 1 and ": not an article, not classified (" in result.stdout


@pytest.mark.parametrize(("content", "reason"), [
    ("Home\n\nNews\n\nGET this page in PDF\n\nView shopping cart", "no title or lede"),
    ("<html><body><nav>menu</nav></body></html>", "no article found"),
])
def test_classify_a_file_with_no_story_says_so_and_goes_on(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         content: str, reason: str) -> None:
    furniture = tmp_path / "furniture.txt"
    furniture.write_text(content)
    result = run_cli("classify", furniture, seed_path("003"), "--json")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0 and [r["page"] for r in records] == ["not-an-article", "article"]
    assert reason in records[0]["page_reason"] and records[1]["partnership"] is True


def test_classify_article_page_says_article(run_cli) -> None:  # type: ignore[no-untyped-def]
    record = json.loads(run_cli("classify", SHINE_PAGES / "seed-003-qingpu-fudan-park.html", "--json").stdout)
    assert record["page"] == "article" and record["partnership"] is True


# -- status after a replay of old fixtures ----------------------------------------------------


def test_status_after_replay_shows_old_publication_days(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("replay", FIXTURES)
    line = next(x for x in run_cli("status").stdout.splitlines() if x.startswith("published"))
    assert "2025-03-25 1" in line and "none" not in line


def test_status_after_replay_names_the_digest_day_that_has_them(run_cli) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    run_cli("replay", FIXTURES)
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    report = json.loads(run_cli("status", "--json").stdout)
    assert report["stored_today"] == 14 and report["digest"]["latest_day"] == today
    assert f"monitor digest --date {today}" in run_cli("status").stdout


def test_parse_of_a_listing_notes_it_on_stderr(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("parse", SHINE_PAGES / "listing-district-1.html")
    assert result.exit_code == 0 and "listing-district-1.html: not an article (" in result.stderr


def test_parse_of_an_article_page_has_no_note(run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("parse", SHINE_PAGES / "seed-003-qingpu-fudan-park.html").stderr == ""


def test_status_says_which_day_digest_covers_and_the_frontier(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("replay", FIXTURES)
    out = run_cli("status").stdout
    assert "`monitor digest` covers the latest day articles were stored: monitor digest --date" in out
    assert "frontier     shine-district: stored 14" in out
