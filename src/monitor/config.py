"""Configuration: one validated Settings object, built once at start-up.

Layers, later ones winning key by key:

1. built-in defaults — the ``config/`` folder shipped with monitor (monitor.toml, sites/, rules/);
2. the user's TOML file (``--config``, else MONITOR_CONFIG, else ``config/monitor.toml`` when it
   exists), which only needs the keys it changes;
3. MONITOR_* environment variables: MONITOR_DB, MONITOR_DATA_DIR, MONITOR_REPORTS_DIR, and
   ``MONITOR_<SECTION>__<KEY>`` for any scalar key (``MONITOR_FETCH__TIMEOUT_READ=10``);
4. command-line flags, applied by the CLI.

Errors name the file and the key (``config/monitor.toml: fetch.timeout_read: …``).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from monitor import __version__
from monitor.errors import ConfigError

__all__ = [
    "ArticleSelectors",
    "DigestSettings",
    "FetchSettings",
    "ListingSelectors",
    "Settings",
    "SiteProfile",
    "SourceConfig",
    "builtin_config_dir",
    "load_profiles",
    "load_settings",
]

DEFAULT_CONFIG_PATH = Path("config/monitor.toml")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FetchSettings(_Section):
    contact: str = "https://example.org/monitor"
    user_agent_extra: str = "news monitoring for research"
    timeout_connect: float = Field(10.0, gt=0)
    timeout_read: float = Field(30.0, gt=0)
    max_body_bytes: int = Field(5_000_000, gt=0)
    max_redirects: int = Field(5, ge=0)
    retries: int = Field(3, ge=0)
    backoff_base: float = Field(1.0, ge=0)
    backoff_max: float = Field(60.0, ge=0)
    retry_after_max: float = Field(600.0, ge=0)
    concurrency_per_host: int = Field(2, ge=1)
    delay_per_host: float = Field(2.0, ge=0)
    polite: bool = True
    respect_robots: bool = True
    robots_ttl: float = Field(3600.0, ge=0)
    circuit_failures: int = Field(5, ge=1)
    circuit_cooldown: float = Field(900.0, ge=0)
    # Crawl throughput (issue 14): the HTTP transport under the httpx client, and processes that
    # parse and classify fetched pages on the other cores while the event loop fetches. The shipped
    # defaults (config/monitor.toml) choose aiohttp; a FetchSettings built in code keeps httpx's
    # own, which is what respx and other httpcore-level fakes intercept.
    transport: Literal["aiohttp", "httpx"] = "httpx"
    cpu_workers: Literal["auto"] | Annotated[int, Field(ge=0)] = "auto"

    @property
    def user_agent(self) -> str:
        """Names monitor and its version, and how a site owner can reach whoever runs it."""
        extra = f"; {self.user_agent_extra}" if self.user_agent_extra else ""
        return f"monitor/{__version__} (+{self.contact}{extra})"

    allowed_content_types: list[str] = ["text/html", "application/xhtml+xml", "application/xml",
                                        "text/xml", "application/rss+xml", "application/atom+xml"]


class DigestSettings(_Section):
    out_dir: Path = Path("reports")
    formats: list[Literal["md", "html", "json"]] = ["md", "html", "json"]
    time: str = "07:30"
    review_margin: float = Field(0.15, ge=0, le=1)
    feed_entries: int = Field(50, ge=1)
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = ""
    smtp_to: list[str] = []
    smtp_starttls: bool = False
    smtp_user: str = ""
    smtp_password_env: str = "MONITOR_SMTP_PASSWORD"
    webhook_url: str = ""
    delivery_retries: int = Field(3, ge=0)

    @field_validator("time")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError("must be HH:MM on a 24-hour clock")
        return value


class ScheduleSettings(_Section):
    misfire_grace_time: int = Field(300, ge=1)
    coalesce: bool = True
    max_instances: int = Field(1, ge=1)
    shutdown_timeout: float = Field(4.0, ge=0)


class HealthSettings(_Section):
    listen: str = ""  # "127.0.0.1:8787" serves /healthz and /metrics; empty turns it off


class LogSettings(_Section):
    format: Literal["auto", "text", "json"] = "auto"
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class SourceConfig(_Section):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    profile: str = "generic"
    listing_urls: list[str] = []
    sitemaps: list[str] = []
    feeds: list[str] = []
    allowed_domains: list[str] = []
    max_listing_pages: int = Field(3, ge=1)
    max_articles: int = Field(200, ge=1)
    interval_minutes: float = Field(60.0, gt=0)
    cron: str = ""
    jitter_seconds: int = Field(60, ge=0)
    delay_seconds: float | None = Field(None, ge=0)
    concurrency: int | None = Field(None, ge=1)
    refresh_stored: bool = False
    enabled: bool = True

    @model_validator(mode="after")
    def _has_entry_point(self) -> SourceConfig:
        if not (self.listing_urls or self.sitemaps or self.feeds):
            raise ValueError("a source needs listing_urls, sitemaps or feeds")
        for url in [*self.listing_urls, *self.sitemaps, *self.feeds]:
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
                raise ValueError(f"not an http(s) URL: {url!r}")
        return self

    def domains(self) -> list[str]:
        """Hosts links may lead to: the configured ones, else the hosts of the entry points."""
        if self.allowed_domains:
            return [d.lower() for d in self.allowed_domains]
        urls = [*self.listing_urls, *self.sitemaps, *self.feeds]
        return sorted({(urlsplit(u).hostname or "").lower() for u in urls})


class Settings(_Section):
    data_dir: Path = Path("data")
    database: Path | None = None
    timezone: str = "Asia/Shanghai"
    fetch: FetchSettings = FetchSettings()
    digest: DigestSettings = DigestSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    health: HealthSettings = HealthSettings()
    log: LogSettings = LogSettings()
    sources: list[SourceConfig] = []
    config_dir: Path = Field(default_factory=lambda: builtin_config_dir())
    config_file: Path | None = None

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _unique_sources(self) -> Settings:
        names = [s.name for s in self.sources]
        if dupes := sorted({n for n in names if names.count(n) > 1}):
            raise ValueError(f"source names must be unique; repeated: {', '.join(dupes)}")
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def db_path(self) -> Path:
        return self.database or self.data_dir / "monitor.db"

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        raise ConfigError(self.config_file or "configuration", f"no source named {name!r}", "sources")

    def find_config(self, relative: str) -> Path:
        """A file under the user's config folder, else the built-in one."""
        for base in (self.config_dir, builtin_config_dir()):
            if (base / relative).exists():
                return base / relative
        return builtin_config_dir() / relative


def builtin_config_dir() -> Path:
    """The config/ folder shipped inside the wheel, or the checkout's own when run from source."""
    packaged = Path(str(resources.files("monitor"))) / "_defaults"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "config"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigError(path, "file not found") from exc
    except OSError as exc:
        raise ConfigError(path, f"cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"not valid TOML: {exc}") from exc


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _env_layer(environ: Mapping[str, str]) -> dict[str, Any]:
    layer: dict[str, Any] = {}
    shortcuts = {"MONITOR_DB": ("database",), "MONITOR_DATA_DIR": ("data_dir",),
                 "MONITOR_REPORTS_DIR": ("digest", "out_dir"), "MONITOR_TIMEZONE": ("timezone",),
                 "MONITOR_HEALTH_LISTEN": ("health", "listen"), "MONITOR_LOG_FORMAT": ("log", "format")}
    for name, value in environ.items():
        if name in shortcuts:
            keys = shortcuts[name]
        elif name.startswith("MONITOR_") and "__" in name:
            keys = tuple(part.lower() for part in name[len("MONITOR_"):].split("__"))
        else:
            continue
        target = layer
        for key in keys[:-1]:
            target = target.setdefault(key, {})
        target[keys[-1]] = _env_value(value)
    return layer


def _env_value(value: str) -> Any:
    """Environment values are strings; lists are comma-separated, pydantic converts the rest."""
    return [part.strip() for part in value.split(",")] if "," in value else value


def _validation_problem(error: ValidationError) -> tuple[str, str]:
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "(top level)"
    return key, first["msg"]


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Build the one Settings object; ``path`` None means MONITOR_CONFIG or config/monitor.toml."""
    environ = os.environ if environ is None else environ
    builtin = builtin_config_dir() / "monitor.toml"
    data = _read_toml(builtin) if builtin.exists() else {}
    chosen = path or (Path(environ["MONITOR_CONFIG"]) if environ.get("MONITOR_CONFIG") else None)
    if chosen is None and DEFAULT_CONFIG_PATH.exists():
        chosen = DEFAULT_CONFIG_PATH
    if chosen is not None:
        data = _merge(data, _read_toml(chosen))
        data["config_dir"] = chosen.resolve().parent
        data["config_file"] = chosen
    data = _merge(data, _env_layer(environ))
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        key, problem = _validation_problem(exc)
        raise ConfigError(chosen or "environment", problem, key) from exc


# ---------------------------------------------------------------------------------------------
# Site profiles: how to read one site's pages, as selectors, so a changed site needs no code.


class ListingSelectors(_Section):
    links: list[str] = []
    next_page: list[str] = []


class ArticleSelectors(_Section):
    title: list[str] = []
    lede: list[str] = []
    published: list[str] = []
    published_meta: list[str] = []
    published_pattern: str = ""
    section: list[str] = []
    body: list[str] = []
    body_exclude: list[str] = []
    photo_credits: list[str] = []
    credit_line: list[str] = []
    tags: list[str] = []


class SiteProfile(_Section):
    name: str
    domains: list[str]
    timezone: str = "Asia/Shanghai"
    article_path_pattern: str
    listing: ListingSelectors = ListingSelectors()
    article: ArticleSelectors = ArticleSelectors()

    @field_validator("article_path_pattern")
    @classmethod
    def _regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value

    def matches_host(self, host: str) -> bool:
        host = host.lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)


def load_profiles(settings: Settings) -> dict[str, SiteProfile]:
    """Every sites/*.toml, built-in first, the user's folder overriding by profile name."""
    profiles: dict[str, SiteProfile] = {}
    for folder in dict.fromkeys([builtin_config_dir() / "sites", settings.config_dir / "sites"]):
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                profile = SiteProfile.model_validate(_read_toml(path))
            except ValidationError as exc:
                key, problem = _validation_problem(exc)
                raise ConfigError(path, problem, key) from exc
            profiles[profile.name] = profile
    return profiles
