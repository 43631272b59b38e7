"""Shared test fixtures. No test touches the network or needs ../shared (those skip)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.config import Settings, load_profiles, load_settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHINE_SITE = FIXTURES / "sites" / "shine"
SHINE_PAGES = SHINE_SITE / "pages"
SEEDS = FIXTURES / "seeds"
SHARED = ROOT.parent / "shared"

needs_shared = pytest.mark.skipif(not (SHARED / "corpus" / "dev.jsonl").exists(),
                                  reason="../shared is not present")
PARTNERSHIP_RULES = ROOT / "config" / "rules" / "partnership.toml"


@pytest.fixture(scope="session")
def rules():  # type: ignore[no-untyped-def]
    """The shipped partnership rules, loaded once for the tests of whole verdicts."""
    from monitor.tag.classify import load_rules

    return load_rules(PARTNERSHIP_RULES)


def tagged_parties(rules, title: str, *body: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The parties of an invented article that the classifier must tag."""
    from monitor.models import Article
    from monitor.tag.classify import classify

    result = classify(Article(title=title, body=list(body)), rules)
    assert result.partnership
    return list(result.parties)


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def shine_expectations() -> list[Path]:
    return sorted(SHINE_PAGES.glob("*.expected.json"))


def load_expected(path: Path) -> dict[str, object]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Built-in defaults with the database and reports under a temporary folder."""
    monkeypatch.chdir(tmp_path)
    return load_settings(environ={"MONITOR_DATA_DIR": str(tmp_path / "data"),
                                  "MONITOR_REPORTS_DIR": str(tmp_path / "reports")})


@pytest.fixture
def profiles(settings: Settings):  # type: ignore[no-untyped-def]
    return load_profiles(settings)


@pytest.fixture
def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Invoke the CLI in-process with a private database; returns the click Result."""
    from monitor.cli import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MONITOR_CONFIG", raising=False)
    monkeypatch.setenv("MONITOR_DB", str(tmp_path / "test.db"))
    monkeypatch.setenv("MONITOR_REPORTS_DIR", str(tmp_path / "reports"))
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke
