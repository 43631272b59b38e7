"""The ``monitor`` command. Thin: each command parses flags, calls the library, prints.

Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input (one line on stderr that
names the input and the problem). Library errors become CLI errors here and nowhere else.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from monitor import __version__
from monitor.errors import ConfigError, InputError, MonitorError

if TYPE_CHECKING:
    from monitor.config import Settings, SiteProfile
    from monitor.models import Article, Classification
    from monitor.store.sqlite import Store
    from monitor.tag.classify import Rules

__all__ = ["App", "cli", "fail", "handle_errors", "pass_app"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class App:
    """Built once per invocation from the global flags; settings load on first use."""

    config_path: Path | None = None
    db_path: Path | None = None
    _settings: Settings | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from monitor.config import load_settings
            from monitor.service.logs import setup_logging

            self._settings = load_settings(self.config_path)
            if self.db_path is not None:
                self._settings = self._settings.model_copy(update={"database": self.db_path})
            setup_logging(self._settings.log.format, self._settings.log.level)
        return self._settings

    @functools.cached_property
    def profiles(self) -> dict[str, SiteProfile]:
        from monitor.config import load_profiles

        return load_profiles(self.settings)

    @contextmanager
    def store(self, *, must_exist: bool = False) -> Iterator[Store]:
        """The database; commands that only read pass ``must_exist`` so a mistyped path is an
        error instead of a new, empty database."""
        from monitor.store.contract import open_store

        # Either backend; typed as the SQLite Store until the stages type against StoreContract.
        store = cast("Store", open_store(self.settings, must_exist=must_exist))
        try:
            yield store
        finally:
            store.close()

    @functools.cached_property
    def rules(self) -> Rules:
        from monitor.tag.classify import load_rules

        return load_rules(self.settings.find_config("rules/partnership.toml"))

    @functools.cached_property
    def classifier(self) -> Callable[[Article], Classification]:
        from monitor.tag.classify import classify

        return functools.partial(classify, rules=self.rules)

    @functools.cached_property
    def districts(self) -> Callable[[str], list[str]]:
        from monitor.tag.districts import find_districts, load_gazetteer

        gazetteer = load_gazetteer(self.settings.find_config("districts.toml"))
        return functools.partial(find_districts, gazetteer=gazetteer)


def fail(message: str, code: int) -> None:
    click.echo(f"monitor: {message}", err=True)
    sys.exit(code)


def handle_errors(func: F) -> F:
    """Bad input and bad config exit 2, other monitor errors 1; each as one line on stderr."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (InputError, ConfigError) as exc:
            fail(str(exc), 2)
        except MonitorError as exc:
            fail(str(exc), 1)
        except KeyboardInterrupt:
            fail("interrupted", 1)

    return wrapper  # type: ignore[return-value]


pass_app = click.make_pass_decorator(App)


def _set_config(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(App).config_path = value


def _set_db(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(App).db_path = value


_CONFIG_HELP = ("TOML configuration file [env MONITOR_CONFIG; default config/monitor.toml, "
                "else built-in defaults].")
_DB_HELP = "SQLite database file [env MONITOR_DB; default data/monitor.db]."


class MonitorGroup(click.Group):
    """Every command also takes --config and --db after its name (``monitor status --db x.db``),
    so the options that every command takes work in either place.

    Commands are registered by importing the module that defines them, on first use: a command
    name imports its own module, help and unknown names import them all."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._package = ""
        self._modules: tuple[str, ...] = ()
        self._command_modules: dict[str, str] = {}

    def load_commands_from(self, package: str, modules: tuple[str, ...],
                           command_modules: dict[str, str]) -> None:
        self._package, self._modules, self._command_modules = package, modules, command_modules

    def load_all(self) -> None:
        for module in self._modules:
            import_module(f"{self._package}.{module}")

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self._command_modules:
            import_module(f"{self._package}.{self._command_modules[cmd_name]}")
        if cmd_name not in self.commands:
            self.load_all()
        return self.commands.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self.load_all()
        return sorted(self.commands)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        cmd.params.extend([
            click.Option(["--config", "config_path"], type=click.Path(path_type=Path), expose_value=False,
                         is_eager=True, callback=_set_config, help=_CONFIG_HELP),
            click.Option(["--db", "db_path"], type=click.Path(path_type=Path, dir_okay=False),
                         expose_value=False, is_eager=True, callback=_set_db, help=_DB_HELP),
        ])
        super().add_command(cmd, name)


@click.group(cls=MonitorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="monitor")
@click.option("--config", "config_path", type=click.Path(path_type=Path), envvar="MONITOR_CONFIG",
              help=_CONFIG_HELP)
@click.option("--db", "db_path", type=click.Path(path_type=Path, dir_okay=False), envvar="MONITOR_DB",
              help=_DB_HELP)
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, db_path: Path | None) -> None:
    """Watch Shanghai district news and tag partnership announcements.

    Start with `monitor replay fixtures/` (no network needed), then `monitor status`.
    """
    ctx.obj = App(config_path=config_path, db_path=db_path)
