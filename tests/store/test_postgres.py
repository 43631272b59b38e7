"""PostgreSQL-only pieces that need no server: SQL translation, URLs shown, connection errors."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

pytest.importorskip("psycopg")

from monitor.errors import StoreError
from monitor.store.postgres import display_url, postgres_sql


@pytest.mark.parametrize(("sqlite", "postgres"), [
    ("select * from runs where source = ? and ok = ?", "select * from runs where source = %s and ok = %s"),
    ("update articles set [title] = ?", 'update articles set "title" = %s'),
    ("FROM articles a CROSS JOIN classifications c ON c.article_id = a.id",
     "FROM articles a JOIN classifications c ON c.article_id = a.id"),
    ("select 1 from a cross join b", "select 1 from a cross join b"),
    ("where title like '%?%' and id = ?", "where title like '%%?%%' and id = %s"),
    ("where note = 'it''s ?' and id = ?", "where note = 'it''s ?' and id = %s"),
])
def test_sqlite_spelling_becomes_postgres_spelling(sqlite: str, postgres: str) -> None:
    assert postgres_sql(sqlite) == postgres


def test_shown_url_hides_the_password() -> None:
    assert display_url("postgresql://monitor:secret@db:5432/m") == "postgresql://monitor:***@db:5432/m"


def test_url_without_password_is_shown_as_is() -> None:
    assert display_url("postgresql://db/m") == "postgresql://db/m"


def test_unreachable_server_is_a_store_error_without_the_password() -> None:
    from monitor.store.postgres import PostgresStore

    with pytest.raises(StoreError, match=r"cannot connect") as caught:
        PostgresStore.open("postgresql://monitor:secret@127.0.0.1:9/monitor?connect_timeout=2")
    assert "secret" not in str(caught.value)



# -- stages written for SQLite (store.db), run on PostgreSQL ---------------------------------------

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def replayed(run_cli, tmp_path: Path) -> Iterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The fixture site replayed into a SQLite file and into a PostgreSQL database."""
    from postgres_server import fresh_database

    with fresh_database() as url:
        sqlite = str(tmp_path / "same.db")
        for target in (sqlite, url):
            assert run_cli("replay", FIXTURES, "--db", target).exit_code == 0
        yield sqlite, url


def _digest_counts(run_cli, db: str, out: Path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    result = run_cli("digest", "--date", today, "--format", "json", "--out", out, "--db", db)
    assert result.exit_code == 0, result.output
    return json.loads((out / f"digest-{today}.json").read_text(encoding="utf-8"))["counts"]


def test_digest_is_the_same_on_both_backends(run_cli, replayed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sqlite, postgres = replayed
    on_sqlite = _digest_counts(run_cli, sqlite, tmp_path / "a")
    assert _digest_counts(run_cli, postgres, tmp_path / "b") == on_sqlite and on_sqlite["new"] == 14


def test_feed_is_the_same_on_both_backends(run_cli, replayed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name, db in zip(("a.xml", "b.xml"), replayed, strict=True):
        assert run_cli("feed", "--out", tmp_path / name, "--db", db).exit_code == 0
    ids = [re.findall(r"<id>([^<]+)</id>", (tmp_path / n).read_text(encoding="utf-8"))[1:]
           for n in ("a.xml", "b.xml")]
    assert ids[0] == ids[1] and ids[0]  # the same announcements, in the same order


def test_reclassify_runs_on_postgres(run_cli, replayed) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("reclassify", "--db", replayed[1])
    assert result.exit_code == 0, result.output


def test_unary_plus_before_a_column_is_dropped() -> None:
    from monitor.store.spelling import postgres_sql

    assert postgres_sql("WHERE a.x >= ? AND +a.first_seen_at < ?") == "WHERE a.x >= %s AND a.first_seen_at < %s"
    assert postgres_sql("SELECT a.b +c.d") == "SELECT a.b +c.d"
