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
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

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
    "StorageSettings",
    "WebSettings",
    "builtin_config_dir",
    "load_profiles",
    "load_settings",
    "resolve_storage_url",
]

DEFAULT_CONFIG_PATH = Path("config/monitor.toml")
_EXCERPT = 60


def excerpt(value: object, limit: int = _EXCERPT) -> str:
    """A bad value as an error quotes it: repr, cut short, so a 300 KB value is one short line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_zone(value: str) -> str:
    """A time zone name the zone database knows; anything else is one short ValueError."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(f"unknown time zone {excerpt(value)}") from exc
    return value


class _Section(BaseModel):
    # Built when first used, not when imported: a command pays only for the sections it reads
    # (`monitor status` never builds the site profiles' validators). Defaults are therefore
    # factories below, since an instance made at import would build its class there and then.
    model_config = ConfigDict(extra="forbid", defer_build=True)


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
    request_deadline: float = Field(60.0, gt=0)
    crawl_delay_max: float = Field(60.0, ge=0)
    robots_max_bytes: int = Field(512_000, gt=0)
    frontier_max_attempts: int = Field(5, ge=1)
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


class WebSettings(_Section):
    """The analyst's workspace (``monitor serve``; the daemon serves it when ``listen`` is set).
    Anywhere but loopback needs ``users`` or a token: the app refuses to start without."""

    listen: str = ""  # the daemon's address for the workspace, e.g. "127.0.0.1:8080"; empty: off
    serve_listen: str = "127.0.0.1:8080"  # `monitor serve`'s default address
    users: dict[str, str] = {}  # name -> password hash from `monitor serve --hash-password`
    token_env: str = "MONITOR_WEB_TOKEN"  # environment variable holding an API/bearer token
    public_url: str = ""  # where readers reach the workspace (the feed's self link)
    page_size: int = Field(20, ge=1, le=200)

    @field_validator("listen", "serve_listen")
    @classmethod
    def _address(cls, value: str) -> str:
        host, sep, port = value.rpartition(":")
        if value and (not sep or not port.isdigit() or not host):
            raise ValueError("must be HOST:PORT, e.g. 127.0.0.1:8080")
        return value

    @field_validator("users")
    @classmethod
    def _hashed(cls, value: dict[str, str]) -> dict[str, str]:
        for name, stored in value.items():
            if not stored.startswith("pbkdf2_sha256$") or stored.count("$") != 3:
                raise ValueError(f"user {name!r}: not a password hash (make one with "
                                 "`monitor serve --hash-password`)")
        return value


class LogSettings(_Section):
    format: Literal["auto", "text", "json"] = "auto"
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


# -- storage (issue 16) ------------------------------------------------------------------------
# One block so that branches editing other sections merge cleanly.

_STORAGE_SCHEMES = ("sqlite:///", "postgresql://", "postgres://")


class StorageSettings(_Section):
    """Where everything is kept. Empty: the SQLite file ``database`` (else
    ``<data_dir>/monitor.db``), today's default; else ``sqlite:///path`` or ``postgresql://…``."""

    url: str = ""

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if value and not value.startswith(_STORAGE_SCHEMES):
            raise ValueError("must start with sqlite:/// or postgresql://")
        return value


def resolve_storage_url(database: Path | None, data_dir: Path, storage: StorageSettings) -> str:
    """The store to open: ``database`` (``--db``, MONITOR_DB) wins when set, then
    ``storage.url``, then the SQLite file under the data directory. A URL given to ``--db``
    arrives as a path with its ``//`` folded to ``/``; it is unfolded here."""
    if database is not None:
        return _unfolded_url(str(database))
    return storage.url or f"sqlite:///{data_dir / 'monitor.db'}"


def _unfolded_url(text: str) -> str:
    """A plain path is a SQLite file; ``sqlite:/x`` and ``postgresql:/h/db`` get their ``//`` back."""
    folded = re.match(r"(postgresql|postgres|sqlite):/+", text)
    if folded is None:
        return f"sqlite:///{text}"
    scheme, rest = folded.group(1), text[folded.end():]
    return f"sqlite:///{rest}" if scheme == "sqlite" else f"{scheme}://{rest}"

# -- end of storage ----------------------------------------------------------------------------


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
            try:
                parts = urlsplit(url)
                usable = parts.scheme in ("http", "https") and bool(parts.hostname) and (
                    parts.port is None or parts.port > 0)
            except ValueError:
                usable = False
            if not usable:
                raise ValueError(f"not an http(s) URL: {excerpt(url)}")
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
    fetch: FetchSettings = Field(default_factory=FetchSettings)
    digest: DigestSettings = Field(default_factory=DigestSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    health: HealthSettings = Field(default_factory=HealthSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    log: LogSettings = Field(default_factory=LogSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    sources: list[SourceConfig] = []
    config_dir: Path = Field(default_factory=lambda: builtin_config_dir())
    config_file: Path | None = None

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return check_zone(value)

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

    @property
    def storage_url(self) -> str:
        return resolve_storage_url(self.database, self.data_dir, self.storage)

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
    # The package's own folder (importlib.resources says the same for a package on disk, and
    # costs every command 5 ms of imports to say it).
    packaged = Path(__file__).parent / "_defaults"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "config"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(path, "file not found") from exc
    except OSError as exc:
        raise ConfigError(path, f"cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError(path, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); "
                                "TOML files must be UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"not valid TOML: {str(exc)[:200]}") from exc


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


def _check_selectors(selectors: list[str]) -> list[str]:
    """Compile each CSS selector once at start-up (and reload), not when a page needs it."""
    from selectolax.lexbor import LexborHTMLParser  # deferred: start-up time of other commands

    probe = LexborHTMLParser("<p></p>")
    for index, selector in enumerate(selectors):
        try:
            probe.css(selector)
        except Exception as exc:  # selectolax raises its own error class, not exported stably
            raise ValueError(f"entry {index}: not a valid CSS selector: {excerpt(selector)}") from exc
    return selectors


class ListingSelectors(_Section):
    links: list[str] = []
    next_page: list[str] = []

    @field_validator("*")
    @classmethod
    def _selectors(cls, value: list[str]) -> list[str]:
        return _check_selectors(value)


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

    @field_validator("*")
    @classmethod
    def _selectors(cls, value: Any, info: ValidationInfo) -> Any:
        return value if info.field_name == "published_pattern" else _check_selectors(value)


class SiteProfile(_Section):
    name: str
    domains: list[str]
    timezone: str = "Asia/Shanghai"
    article_path_pattern: str
    listing: ListingSelectors = Field(default_factory=ListingSelectors)
    article: ArticleSelectors = Field(default_factory=ArticleSelectors)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return check_zone(value)

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
