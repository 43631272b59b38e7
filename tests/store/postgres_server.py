"""A throwaway PostgreSQL database per test, when a server is given.

PostgreSQL tests need MONITOR_TEST_POSTGRES_URL (``.ci/run`` starts a throwaway cluster and sets
it, e.g. postgresql://postgres@127.0.0.1:54329/postgres); each test gets a database of its own,
dropped afterwards. Without the variable, or without a server behind it, they skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest

POSTGRES_ENV = "MONITOR_TEST_POSTGRES_URL"


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@contextmanager
def fresh_database() -> Iterator[str]:
    """The URL of a new, empty database, dropped on exit; skips the test without a server."""
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against")
    psycopg = pytest.importorskip("psycopg")
    name = f"monitor_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        pytest.skip(f"PostgreSQL at {POSTGRES_ENV} is not reachable: {exc}")
    with admin:
        admin.execute(f'create database "{name}"')
        try:
            yield _with_database(admin_url, name)
        finally:
            admin.execute(f'drop database "{name}" with (force)')
