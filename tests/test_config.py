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


def test_config_that_is_not_utf8_is_one_line_naming_the_file(tmp_path: Path) -> None:
    user = tmp_path / "latin1.toml"
    user.write_bytes('timezone = "Asia/Shanghai" # café\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match=r"latin1.toml: not UTF-8 text \(byte 0xe9 on line 1\)"):
        load_settings(user, environ={})


@pytest.mark.parametrize("zone", ["America", "../../etc/passwd", "", "x" * 5000])
def test_a_name_that_is_not_a_zone_is_rejected_with_a_short_excerpt(tmp_path: Path, zone: str) -> None:
    user = tmp_path / "tz.toml"
    user.write_text(f'timezone = "{zone}"\n')
    with pytest.raises(ConfigError, match=r"tz.toml: timezone: .*unknown time zone") as caught:
        load_settings(user, environ={})
    assert len(str(caught.value)) < 200


def write_profile(tmp_path: Path, body: str) -> Path:
    (tmp_path / "sites").mkdir(exist_ok=True)
    (tmp_path / "sites" / "mine.toml").write_text(
        'name = "mine"\ndomains = ["x.cn"]\narticle_path_pattern = "/\\\\d+/"\n' + body)
    (tmp_path / "monitor.toml").write_text("")
    return tmp_path / "monitor.toml"


@pytest.mark.parametrize(("body", "key"), [
    ('[article]\ntitle = ["h1", "div["]\n', "article.title"),
    ('[listing]\nlinks = ["a:::b"]\n', "listing.links"),
    ('[article]\nbody_exclude = [""]\n', "article.body_exclude"),
])
def test_a_bad_css_selector_is_found_at_start_up_naming_file_and_key(tmp_path: Path, body: str, key: str) -> None:
    settings = load_settings(write_profile(tmp_path, body), environ={})
    with pytest.raises(ConfigError, match=rf"mine.toml: {key}: .*not a valid CSS selector"):
        load_profiles(settings)


def test_a_profile_time_zone_is_checked(tmp_path: Path) -> None:
    settings = load_settings(write_profile(tmp_path, 'timezone = "Asia/Nowhere"\n'), environ={})
    with pytest.raises(ConfigError, match=r"mine.toml: timezone: .*unknown time zone"):
        load_profiles(settings)


def test_a_bad_selector_makes_crawl_exit_2_with_one_line(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config = write_profile(tmp_path, '[article]\ntitle = ["div["]\n')
    config.write_text('[[sources]]\nname = "x"\nprofile = "mine"\nlisting_urls = ["https://x.cn/"]\n')
    result = run_cli("--config", config, "crawl", "--once")
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "article.title" in result.output


def test_a_source_url_with_a_bad_port_is_a_config_error(tmp_path: Path) -> None:
    user = tmp_path / "port.toml"
    user.write_text('[[sources]]\nname = "x"\nlisting_urls = ["https://x.cn:99999/"]\n')
    with pytest.raises(ConfigError, match=r"port.toml: sources.0: .*not an http\(s\) URL"):
        load_settings(user, environ={})
