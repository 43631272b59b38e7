"""PostgreSQL-only pieces that need no server: SQL translation, URLs shown, connection errors."""

from __future__ import annotations

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


def test_sqlite_only_code_fails_with_one_clear_line() -> None:
    from postgres_server import fresh_database

    from monitor.store.postgres import PostgresStore

    with fresh_database() as url, PostgresStore.open(url) as store, \
            pytest.raises(StoreError, match="does not run on PostgreSQL yet"):
        store.db  # noqa: B018  (the attribute access is what fails)
