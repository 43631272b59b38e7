from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import load_profiles, load_settings
from monitor.errors import ConfigError


def test_builtin_defaults_have_the_shine_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={})
    assert settings.source("shine-district").profile == "shine"
    assert settings.db_path == Path("data/monitor.db")
    assert settings.schedule.misfire_grace_time > 1


def test_user_file_overrides_only_its_keys(tmp_path: Path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text("[fetch]\nretries = 7\n")
    settings = load_settings(user, environ={})
    assert settings.fetch.retries == 7
    assert settings.fetch.timeout_read == 30.0
    assert settings.sources[0].name == "shine-district"


def test_environment_wins_over_files(tmp_path: Path) -> None:
    settings = load_settings(environ={"MONITOR_DB": str(tmp_path / "x.db"),
                                      "MONITOR_FETCH__RETRIES": "9"})
    assert settings.db_path == tmp_path / "x.db" and settings.fetch.retries == 9


def test_bad_value_names_file_and_key(tmp_path: Path) -> None:
    user = tmp_path / "bad.toml"
    user.write_text("[fetch]\ntimeout_read = -3\n")
    with pytest.raises(ConfigError, match=r"bad.toml: fetch.timeout_read: .*greater than 0"):
        load_settings(user, environ={})


def test_unknown_key_is_rejected(tmp_path: Path) -> None:
    user = tmp_path / "typo.toml"
    user.write_text("[fetch]\nretires = 2\n")
    with pytest.raises(ConfigError, match=r"typo.toml: fetch.retires"):
        load_settings(user, environ={})


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    user = tmp_path / "broken.toml"
    user.write_text("[fetch\n")
    with pytest.raises(ConfigError, match=r"broken.toml: not valid TOML"):
        load_settings(user, environ={})


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nope.toml: file not found"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_source_needs_an_entry_point(tmp_path: Path) -> None:
    user = tmp_path / "s.toml"
    user.write_text('[[sources]]\nname = "empty"\n')
    with pytest.raises(ConfigError, match=r"sources.0: .*listing_urls, sitemaps or feeds"):
        load_settings(user, environ={})


def test_unknown_timezone_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="timezone"):
        load_settings(environ={"MONITOR_TIMEZONE": "Mars/Olympus"})


def test_user_site_profile_overrides_builtin(tmp_path: Path) -> None:
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "shine.toml").write_text(
        'name = "shine"\ndomains = ["shine.cn"]\narticle_path_pattern = "/x/"\n')
    (tmp_path / "monitor.toml").write_text("")
    settings = load_settings(tmp_path / "monitor.toml", environ={})
    assert load_profiles(settings)["shine"].article_path_pattern == "/x/"


def test_bad_profile_regex_names_file(tmp_path: Path) -> None:
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "broken.toml").write_text(
        'name = "broken"\ndomains = ["x.cn"]\narticle_path_pattern = "("\n')
    (tmp_path / "monitor.toml").write_text("")
    settings = load_settings(tmp_path / "monitor.toml", environ={})
    with pytest.raises(ConfigError, match=r"broken.toml: article_path_pattern"):
        load_profiles(settings)
