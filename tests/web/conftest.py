"""Fixtures of the workspace tests: the small database and an in-process client of the app."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from webdata import TestClient, fill, local_auth

# The throwaway-database helper lives beside the store tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from postgres_server import fresh_database

from monitor.config import Settings, StorageSettings
from monitor.store.contract import open_store
from monitor.store.sqlite import Store
from monitor.web.app import create_app


@pytest.fixture(params=["sqlite", "postgres"])
def backend_settings(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Settings]:
    """The workspace over each backend: the SQLite file, or a throwaway PostgreSQL schema
    (skipped without a server)."""
    if request.param == "sqlite":
        yield settings
        return
    with fresh_database() as url:
        yield settings.model_copy(update={"storage": StorageSettings(url=url), "database": None})


@pytest.fixture
def web_store(backend_settings: Settings) -> Iterator[Store]:
    with cast("Store", open_store(backend_settings)) as store:
        yield store


@pytest.fixture
def ids(web_store: Store) -> dict[str, str]:
    return fill(web_store)


@pytest.fixture
def client(backend_settings: Settings, ids: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(create_app(backend_settings, local_auth()), base_url="http://127.0.0.1:8080") as c:
        yield c
