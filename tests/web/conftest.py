"""Fixtures of the workspace tests: the small database and an in-process client of the app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from webdata import TestClient, fill, local_auth

from monitor.config import Settings
from monitor.store.sqlite import Store
from monitor.web.app import create_app


@pytest.fixture
def web_store(settings: Settings) -> Iterator[Store]:
    with Store.open(settings.db_path) as store:
        yield store


@pytest.fixture
def ids(web_store: Store) -> dict[str, str]:
    return fill(web_store)


@pytest.fixture
def client(settings: Settings, ids: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(create_app(settings, local_auth()), base_url="http://127.0.0.1:8080") as c:
        yield c
