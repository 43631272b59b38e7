"""A throwaway PostgreSQL schema per test, when a server is given.

PostgreSQL tests need MONITOR_TEST_POSTGRES_URL (``.ci/run`` starts a throwaway cluster and sets
it, e.g. postgresql://postgres@127.0.0.1:54329/postgres); each test gets a schema of its own,
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


def _in_schema(url: str, schema: str) -> str:
    """The URL with ``schema`` first on its search path, so every table lands there."""
    parts = urlsplit(url)
    query = "&".join(filter(None, [parts.query, f"options=-csearch_path%3D{schema}"]))
    return urlunsplit(parts._replace(query=query))


@contextmanager
def fresh_database() -> Iterator[str]:
    """The URL of a new, empty schema (a database of its own costs a second to create), dropped
    on exit; skips the test without a server."""
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against")
    psycopg = pytest.importorskip("psycopg")
    schema = f"monitor_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        pytest.skip(f"PostgreSQL at {POSTGRES_ENV} is not reachable: {exc}")
    with admin:
        admin.execute(f'create schema "{schema}"')
        try:
            yield _in_schema(admin_url, schema)
        finally:
            admin.execute(f'drop schema "{schema}" cascade')
