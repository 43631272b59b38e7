"""Which store the configuration names, and opening it."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import StorageSettings, load_settings, resolve_storage_url
from monitor.errors import ConfigError, InputError
from monitor.store.contract import open_store, sqlite_path
from monitor.store.sqlite import Store

PG = "postgresql://monitor:secret@db.example:5432/monitor"
SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"


def test_default_is_the_sqlite_file_under_the_data_dir() -> None:
    assert resolve_storage_url(None, Path("data"), StorageSettings()) == "sqlite:///data/monitor.db"


def test_storage_url_comes_from_the_environment() -> None:
    settings = load_settings(environ={"MONITOR_STORAGE__URL": PG})
    assert settings.storage_url == PG


def test_database_path_wins_over_storage_url() -> None:
    assert resolve_storage_url(Path("x.db"), Path("data"), StorageSettings(url=PG)) == "sqlite:///x.db"


@pytest.mark.parametrize(("given", "url"), [
    (PG, PG),
    ("postgresql://db.example/monitor?sslmode=require", "postgresql://db.example/monitor?sslmode=require"),
    ("sqlite:///data/monitor.db", "sqlite:///data/monitor.db"),
    ("/var/lib/monitor.db", "sqlite:////var/lib/monitor.db"),
])
def test_a_url_given_to_db_survives_being_read_as_a_path(given: str, url: str) -> None:
    # click reads --db into a Path, which folds "//" to "/"
    assert resolve_storage_url(Path(given), Path("data"), StorageSettings()) == url


def test_unknown_storage_scheme_names_the_key() -> None:
    with pytest.raises(ConfigError, match="storage.url"):
        load_settings(environ={"MONITOR_STORAGE__URL": "mysql://db/monitor"})


@pytest.mark.parametrize(("url", "path"), [
    ("sqlite:///data/monitor.db", Path("data/monitor.db")),
    ("sqlite:////var/lib/monitor.db", Path("/var/lib/monitor.db")),
    ("plain.db", Path("plain.db")),
    (PG, None),
])
def test_sqlite_path_of_a_url(url: str, path: Path | None) -> None:
    assert sqlite_path(url) == path


def test_open_store_opens_sqlite_from_a_url(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        assert isinstance(store, Store)
    assert (tmp_path / "a.db").exists()


def test_open_store_refuses_an_unknown_scheme() -> None:
    with pytest.raises(InputError, match="unknown storage URL"):
        open_store("mysql://db/monitor")


def test_reading_a_missing_database_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such database"):
        open_store(tmp_path / "missing.db", must_exist=True)
    assert not (tmp_path / "missing.db").exists()


def test_db_flag_takes_a_postgres_url(run_cli) -> None:  # type: ignore[no-untyped-def]
    from postgres_server import fresh_database

    with fresh_database() as url:
        assert run_cli("import-text", "--db", url, *map(str, sorted(SEEDS.glob("*.txt")))).exit_code == 0
        result = run_cli("status", "--db", url)
    assert result.exit_code == 0 and "articles     2" in result.output
    assert url.split("://", 1)[1] in result.output
