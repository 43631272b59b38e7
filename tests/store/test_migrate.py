"""`monitor migrate`: a whole database copied, with a count check at the end."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from postgres_server import fresh_database

from monitor.models import Article, Classification, FetchLogEntry, RunStats
from monitor.store.contract import open_store
from monitor.store.copy import TableCount, tables_to_copy

URL = "https://www.shine.cn/feature/district/25032586{:02d}/"


def filled_sqlite(path: Path, articles: int = 3) -> str:
    """A small database with a row in every table the pipeline and the digest write."""
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        for n in range(articles):
            article = Article(url=URL.format(n), canonical_url=URL.format(n), source="shine-district",
                              title=f"Quantum lab {n}", body=["Signed."])
            store.save_article(article, classification=Classification(partnership=True, score=0.9,
                                                                      version="v"))
        store.save_article(Article(url=URL.format(0), canonical_url=URL.format(0),
                                   source="shine-district", title="Quantum lab 0", body=["Corrected."]))
        store.log_fetches([FetchLogEntry(url=URL.format(0), status=200, fetched_at=datetime.now(UTC))])
        store.save_validators(URL.format(0), '"e"', None, 200)
        store.record_run(RunStats(source="shine-district", started_at=datetime.now(UTC)))
        store.upsert_row("digests", {"day": "2025-03-25", "articles": articles}, "day")
        store.insert_rows("deliveries", [{"day": "2025-03-25", "channel": "smtp", "ok": 1}])
    return url


@pytest.fixture
def postgres_url():  # type: ignore[no-untyped-def]
    with fresh_database() as url:
        yield url


def test_parents_are_copied_first_with_shared_columns() -> None:
    plan = tables_to_copy({"runs": ["id", "extra"], "articles": ["id"], "only_here": ["x"]},
                          {"articles": ["id"], "runs": ["id"]})
    assert plan == {"articles": ["id"], "runs": ["id"]}


def test_copy_to_sqlite_keeps_every_row(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = filled_sqlite(tmp_path / "from.db")
    result = run_cli("migrate", "--from", source, "--to", f"sqlite:///{tmp_path / 'to.db'}")
    assert result.exit_code == 0, result.output
    assert "DIFFERS" not in result.output and "article_history" in result.output


def test_copied_sqlite_database_is_searchable(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_cli("migrate", "--from", filled_sqlite(tmp_path / "from.db"), "--to", str(tmp_path / "to.db"))
    with open_store(tmp_path / "to.db") as copied:
        assert len(copied.search("quantum")) == 3


def test_copy_to_postgres_keeps_every_row(run_cli, tmp_path: Path, postgres_url: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("migrate", "--from", filled_sqlite(tmp_path / "from.db"), "--to", postgres_url)
    assert result.exit_code == 0, result.output
    with open_store(postgres_url) as copied:
        assert copied.count("articles") == 3 and copied.count("article_history") == 1


def test_copied_postgres_database_is_searchable(run_cli, tmp_path: Path, postgres_url: str) -> None:  # type: ignore[no-untyped-def]
    run_cli("migrate", "--from", filled_sqlite(tmp_path / "from.db"), "--to", postgres_url)
    with open_store(postgres_url) as copied:
        assert len(copied.search("quantum")) == 3


def test_copied_postgres_ids_continue_after_the_copied_ones(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            postgres_url: str) -> None:
    run_cli("migrate", "--from", filled_sqlite(tmp_path / "from.db"), "--to", postgres_url)
    with open_store(postgres_url) as copied:
        copied.record_run(RunStats(source="shine-district", started_at=datetime.now(UTC)))
        assert [r["id"] for r in copied.rows("select id from runs order by id")] == [1, 2]


def test_copy_back_from_postgres_to_sqlite(run_cli, tmp_path: Path, postgres_url: str) -> None:  # type: ignore[no-untyped-def]
    run_cli("migrate", "--from", filled_sqlite(tmp_path / "from.db"), "--to", postgres_url)
    result = run_cli("migrate", "--from", postgres_url, "--to", str(tmp_path / "back.db"))
    assert result.exit_code == 0, result.output
    with open_store(tmp_path / "back.db") as back:
        assert back.count("articles") == 3


def test_target_with_data_is_refused(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = filled_sqlite(tmp_path / "from.db")
    target = filled_sqlite(tmp_path / "to.db", articles=1)
    result = run_cli("migrate", "--from", source, "--to", target)
    assert result.exit_code == 2 and "already holds rows in articles (1)" in result.output
    with open_store(tmp_path / "to.db") as kept:
        assert kept.count("articles") == 1


def test_missing_source_is_bad_input(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("migrate", "--from", str(tmp_path / "nope.db"), "--to", str(tmp_path / "to.db"))
    assert result.exit_code == 2 and "no such database" in result.output


def test_differing_counts_exit_1(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("monitor.store.copy.copy_database",
                        lambda *a, **k: [TableCount("articles", 3, 2)])
    result = run_cli("migrate", "--from", filled_sqlite(tmp_path / "from.db"),
                     "--to", str(tmp_path / "to.db"))
    assert result.exit_code == 1 and "row counts differ after the copy in articles" in result.output


FRONTIER = [f"https://www.shine.cn/feature/district/{n}/" for n in (9, 3, 6)]  # discovery order


def frontier_sqlite(path: Path) -> str:
    with open_store(path) as store:
        store.frontier.add("shine-district", [(url, None, None) for url in FRONTIER],  # type: ignore[attr-defined]
                           "https://www.shine.cn/feature/district/")
    return str(path)


def due(url: str) -> list[str]:
    with open_store(url) as store:
        return [row.url for row in store.frontier.due("shine-district")]  # type: ignore[attr-defined]


def test_copy_to_postgres_keeps_the_frontier_in_discovery_order(  # type: ignore[no-untyped-def]
        run_cli, tmp_path: Path, postgres_url: str) -> None:
    run_cli("migrate", "--from", frontier_sqlite(tmp_path / "from.db"), "--to", postgres_url)
    assert due(postgres_url) == FRONTIER


def test_copy_back_to_sqlite_keeps_the_frontier_in_discovery_order(  # type: ignore[no-untyped-def]
        run_cli, tmp_path: Path, postgres_url: str) -> None:
    run_cli("migrate", "--from", frontier_sqlite(tmp_path / "from.db"), "--to", postgres_url)
    run_cli("migrate", "--from", postgres_url, "--to", str(tmp_path / "back.db"))
    assert due(str(tmp_path / "back.db")) == FRONTIER
