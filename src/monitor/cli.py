"""The ``monitor`` command. Thin: each command parses flags, calls the library, prints.

Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input (one line on stderr that
names the input and the problem). Library errors become CLI errors here and nowhere else.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from monitor import __version__
from monitor.classify import classify, load_rules
from monitor.config import Settings, SiteProfile, load_profiles, load_settings
from monitor.districts import find_districts, load_gazetteer
from monitor.errors import ConfigError, InputError, MonitorError
from monitor.fetch import Fetcher, build_client
from monitor.logs import setup_logging
from monitor.models import Article, Classification, RunStats
from monitor.parse import parse_html
from monitor.pipeline import Context, run_source
from monitor.replay import find_sites, record_result, replay_transport
from monitor.seedformat import looks_like_seed_text, read_text, write_seed
from monitor.store import Store

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])
FORM_FEED = "\f"


@dataclass
class App:
    """Built once per invocation from the global flags; settings load on first use."""

    config_path: Path | None
    db_path: Path | None
    _settings: Settings | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config_path)
            if self.db_path is not None:
                self._settings = self._settings.model_copy(update={"database": self.db_path})
            setup_logging(self._settings.log.format, self._settings.log.level)
        return self._settings

    @functools.cached_property
    def profiles(self) -> dict[str, SiteProfile]:
        return load_profiles(self.settings)

    @contextmanager
    def store(self) -> Iterator[Store]:
        store = Store.open(self.settings.db_path)
        try:
            yield store
        finally:
            store.close()

    @functools.cached_property
    def classifier(self) -> Callable[[Article], Classification]:
        rules = load_rules(self.settings.find_config("rules/partnership.toml"))
        return functools.partial(classify, rules=rules)

    @functools.cached_property
    def districts(self) -> Callable[[str], list[str]]:
        gazetteer = load_gazetteer(self.settings.find_config("districts.toml"))
        return functools.partial(find_districts, gazetteer=gazetteer)


def _fail(message: str, code: int) -> None:
    click.echo(f"monitor: {message}", err=True)
    sys.exit(code)


def handle_errors(func: F) -> F:
    """Bad input and bad config exit 2, other monitor errors 1; each as one line on stderr."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (InputError, ConfigError) as exc:
            _fail(str(exc), 2)
        except MonitorError as exc:
            _fail(str(exc), 1)
        except KeyboardInterrupt:
            _fail("interrupted", 1)

    return wrapper  # type: ignore[return-value]


pass_app = click.make_pass_decorator(App)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="monitor")
@click.option("--config", "config_path", type=click.Path(path_type=Path), envvar="MONITOR_CONFIG",
              help="TOML configuration file [env MONITOR_CONFIG; default config/monitor.toml, "
                   "else built-in defaults].")
@click.option("--db", "db_path", type=click.Path(path_type=Path, dir_okay=False), envvar="MONITOR_DB",
              help="SQLite database file [env MONITOR_DB; default data/monitor.db].")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, db_path: Path | None) -> None:
    """Watch Shanghai district news and tag partnership announcements.

    Start with `monitor replay fixtures/` (no network needed), then `monitor status`.
    """
    ctx.obj = App(config_path=config_path, db_path=db_path)


# -- reading files ---------------------------------------------------------------------------------


def _read_file(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(path, "no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(path, "is a directory, not a file") from exc
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        if b"<" in raw[:2048]:
            from monitor.parse import decode_html

            return decode_html(raw)
        raise InputError(path, "not UTF-8 text or HTML") from None


def _is_html(text: str) -> bool:
    head = text.lstrip()[:1024].lower()
    return head.startswith(("<!doctype", "<html", "<?xml")) or "<body" in head or "<head" in head


def load_article(app: App, path: Path, *, url: str | None = None, profile: str | None = None
                 ) -> Article:
    """A file as an Article, HTML or seed-format text decided by content."""
    text = _read_file(path)
    districts = app.districts
    if _is_html(text):
        chosen = None
        if profile not in (None, "generic"):
            if profile not in app.profiles:
                raise InputError(path, f"unknown site profile {profile!r} (have: {', '.join(app.profiles)})")
            chosen = app.profiles[profile]
        parsed = parse_html(text, url=url, profile=chosen,
                            profiles={} if profile == "generic" else app.profiles,
                            default_tz=app.settings.tz, path=str(path), districts=districts)
        return parsed.article
    if not text.strip():
        raise InputError(path, "empty file: no article text")
    if not looks_like_seed_text(text) and "<" in text[:200] and ">" in text[:400]:
        raise InputError(path, "looks like a fragment of HTML, not a whole page or seed text")
    article = read_text(text, path=str(path), url=url)
    article.districts = districts(article.text)
    return article


# -- commands --------------------------------------------------------------------------------------


@cli.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--url", help="The page's URL (chooses the site profile; default: its canonical link).")
@click.option("--profile", help="Site profile name, or 'generic' to force the generic extractor.")
@click.option("--format", "fmt", type=click.Choice(["seed", "json"]), default="seed", show_default=True)
@pass_app
@handle_errors
def parse_cmd(app: App, files: tuple[Path, ...], url: str | None, profile: str | None, fmt: str) -> None:
    """Print the normalized article of each FILE (HTML or seed-format text).

    \b
    Example:
      monitor parse fixtures/seeds/000_4c2750992e82f1a7.txt --format seed
      monitor parse page.html --url https://www.shine.cn/feature/district/2503258689/ --format json
    Seed output of several files is separated by a line holding only a form feed.
    """
    outputs = []
    for path in files:
        article = load_article(app, path, url=url, profile=profile)
        if fmt == "json":
            outputs.append(_article_json(path, article))
        else:
            outputs.append(write_seed(article))
    if fmt == "json":
        click.echo("\n".join(outputs))
    else:
        sys.stdout.write(f"\n{FORM_FEED}\n".join(outputs))
        sys.stdout.flush()


def _article_json(path: Path, article: Article) -> str:
    data = article.model_dump(mode="json")
    return json.dumps({"path": str(path), **data}, ensure_ascii=False)


def _text_url(article: Article) -> str:
    """Seed text carries no URL; key it by its content so importing it twice stores it once."""
    digest = hashlib.sha256(write_seed(article).encode("utf-8") if article.date else
                            article.text.encode("utf-8")).hexdigest()[:24]
    return f"urn:monitor:text:{digest}"


@cli.command("import-text")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--source", default="text-import", show_default=True, help="Source name to file them under.")
@pass_app
@handle_errors
def import_text_cmd(app: App, files: tuple[Path, ...], source: str) -> None:
    """Store seed-format text files (either variant) as articles.

    \b
    Example:
      monitor import-text fixtures/seeds/*.txt
    Every file is read and checked before anything is stored.
    """
    classify = app.classifier
    articles = [load_article(app, path) for path in files]
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    with app.store() as store:
        for article in articles:
            key = article.url or _text_url(article)
            article = article.model_copy(update={"url": key, "canonical_url": key, "source": source})
            counts[store.save_article(article, classification=classify(article))] += 1
    click.echo(f"imported {len(articles)} file(s): {counts['new']} new, {counts['updated']} updated, "
               f"{counts['unchanged']} unchanged")


def _context(app: App, store: Store, fetcher: Fetcher) -> Context:
    return Context(settings=app.settings, store=store, fetcher=fetcher, profiles=app.profiles,
                   classify=app.classifier, districts=app.districts)


def _print_stats(stats: RunStats) -> None:
    skipped = ", ".join(f"{k} {v}" for k, v in sorted(stats.skipped.items()) if v) or "none"
    click.echo(f"{stats.source}: {stats.stored_new} new, {stats.updated} updated, "
               f"{stats.unchanged} unchanged, {stats.tagged} tagged as partnerships; "
               f"{stats.pages_fetched} requests; skipped: {skipped}")
    for failure in stats.failures[:10]:
        click.echo(f"  failed: {failure}")


@cli.command("replay")
@click.argument("directory", type=click.Path(path_type=Path))
@pass_app
@handle_errors
def replay_cmd(app: App, directory: Path) -> None:
    """Ingest stored fixture sites (folders with a manifest.json) with no network.

    \b
    Example:
      monitor replay fixtures/
    Runs the same discover → parse → store path as `crawl`; running it twice stores nothing twice.
    """
    sites = find_sites(directory)
    settings = app.settings
    failed = False
    with app.store() as store:
        for site in sites:
            source = _replay_source(app, site.source, site.source_config, site.root)
            client = build_client(settings.fetch, transport=replay_transport(sites))
            job = functools.partial(_replay_job, app, store, source)
            stats = asyncio.run(_run_with(client, job, settings, polite=False))
            _print_stats(stats)
            failed |= not stats.ok
        click.echo(f"database: {store.path} ({store.status(settings.tz)['articles']} articles)")
    if failed:
        sys.exit(1)


async def _replay_job(app: App, store: Store, source: Any, fetcher: Fetcher) -> RunStats:
    return await run_source(_context(app, store, fetcher), source)


def _replay_source(app: App, name: str, inline: dict[str, Any] | None, root: Path) -> Any:
    from monitor.config import SourceConfig

    if inline:
        try:
            return SourceConfig.model_validate({"name": name, **inline})
        except ValueError as exc:
            raise InputError(root / "manifest.json", f"source_config: {exc}") from exc
    return app.settings.source(name)


async def _run_with(client: Any, job: Callable[[Fetcher], Any], settings: Settings,
                    polite: bool = True) -> Any:
    async with client:
        fetcher = Fetcher(client, settings.fetch, polite=polite)
        return await job(fetcher)


@cli.command("crawl")
@click.option("--once", is_flag=True, required=True, help="Run every enabled source once and exit.")
@click.option("--source", "names", multiple=True, help="Only this source (repeatable).")
@pass_app
@handle_errors
def crawl_cmd(app: App, once: bool, names: tuple[str, ...]) -> None:
    """Crawl the configured sources once over the network, politely.

    \b
    Example:
      monitor crawl --once --source shine-district
    Exit status 1 when any source had failures (they are listed, and in `monitor status`).
    """
    settings = app.settings
    sources = [settings.source(n) for n in names] if names else [s for s in settings.sources if s.enabled]
    if not sources:
        raise ConfigError(settings.config_file or "configuration", "no enabled source to crawl", "sources")

    async def crawl(fetcher: Fetcher) -> list[RunStats]:
        with app.store() as store:
            ctx = _context(app, store, fetcher)
            return [await run_source(ctx, source) for source in sources]

    results = asyncio.run(_run_with(build_client(settings.fetch), crawl, settings,
                                    polite=settings.fetch.polite))
    for stats in results:
        _print_stats(stats)
    if not all(stats.ok for stats in results):
        sys.exit(1)


@cli.command("record")
@click.argument("urls", nargs=-1, required=True)
@click.option("--into", "into", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Fixture site folder to add the responses to (created if needed).")
@click.option("--source", default=None, help="Source name the fixture site replays as.")
@pass_app
@handle_errors
def record_cmd(app: App, urls: tuple[str, ...], into: Path, source: str | None) -> None:
    """Save live responses (body and the headers replay needs) as a fixture site.

    \b
    Example:
      monitor record https://www.shine.cn/feature/district/ --into fixtures/sites/shine-live
    """
    settings = app.settings

    async def fetch_all(fetcher: Fetcher) -> int:
        saved = 0
        for url in urls:
            result = await fetcher.get(url, domains=[url.split("/")[2].split(":")[0].lower()])
            if result.status is None or result.outcome in ("too-large", "robots-denied"):
                click.echo(f"not saved: {url}: {result.outcome} {result.error or ''}".rstrip(), err=True)
                continue
            path = record_result(into, result, site=into.name, source=source or into.name)
            click.echo(f"saved {url} ({result.status}, {len(result.body)} bytes) -> {path}")
            saved += 1
        return saved

    saved = asyncio.run(_run_with(build_client(settings.fetch), fetch_all, settings))
    if saved < len(urls):
        sys.exit(1)


@cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_app
@handle_errors
def status_cmd(app: App, as_json: bool) -> None:
    """What the database holds: articles per source and per day, last ingest, source health.

    \b
    Example:
      monitor status --json
    """
    with app.store() as store:
        report = store.status(app.settings.tz)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"database     {report['database']}  (schema: {', '.join(report['schema'])})")
    click.echo(f"articles     {report['articles']}  ({report['tagged']} tagged as partnerships)")
    click.echo(f"last ingest  {report['last_ingest'] or 'never'}")
    click.echo("per source   " + (", ".join(f"{k} {v}" for k, v in report["per_source"].items()) or "none"))
    click.echo("last 7 days  " + (", ".join(f"{k} {v}" for k, v in report["per_day"].items()) or "none"))
    for row in report["sources"]:
        click.echo(f"source {row['name']}: last success {row.get('last_success_at') or 'never'}; "
                   f"last failure {row.get('last_failure_at') or 'never'}"
                   + (f" ({row['last_failure']})" if row.get("last_failure") else "")
                   + f"; next run {row.get('next_run_at') or 'not scheduled'}"
                   + f"; articles {row.get('articles_found') or 0}")
        if row.get("profile_warning"):
            click.echo(f"  warning: {row['profile_warning']}")
        if row.get("circuit_open_until"):
            click.echo(f"  backing off until {row['circuit_open_until']}")


@cli.command("search")
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@pass_app
@handle_errors
def search_cmd(app: App, query: str, limit: int) -> None:
    """Full-text search over titles, ledes and bodies.

    \b
    Example:
      monitor search "cooperation agreement"
    """
    with app.store() as store:
        for row in store.search(query, limit=limit):
            click.echo(f"{row['date'] or '----------'}  {row['title']}  {row['url']}")


@cli.command("classify")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per FILE, in order.")
@pass_app
@handle_errors
def classify_cmd(app: App, files: tuple[Path, ...], as_json: bool) -> None:
    """Tag each FILE (HTML or seed-format text): is it a partnership announcement?

    \b
    Example:
      monitor classify fixtures/seeds/*.txt --json
    JSON fields: path, partnership, score, kind, parties, sectors, districts, evidence, rules, version.
    """
    for path in files:
        verdict = app.classifier(load_article(app, path))
        if as_json:
            click.echo(json.dumps({"path": str(path), **verdict.model_dump()}, ensure_ascii=False))
        elif verdict.partnership:
            click.echo(f"{path}: partnership ({verdict.score:.2f}) {verdict.kind}: "
                       f"{' + '.join(verdict.parties) or 'parties not named'}"
                       + (f" [{', '.join(verdict.sectors)}]" if verdict.sectors else ""))
        else:
            click.echo(f"{path}: not a partnership ({verdict.score:.2f})")


@cli.command("reclassify")
@click.option("--all", "everything", is_flag=True, help="Re-run even where the version is current.")
@pass_app
@handle_errors
def reclassify_cmd(app: App, everything: bool) -> None:
    """Re-run the classifier over stored articles after the rules changed; list what flipped.

    \b
    Example:
      monitor reclassify
    Articles already classified by the current rules version are skipped unless --all.
    """
    from monitor.reclassify import reclassify

    with app.store() as store:
        report = reclassify(store, app.classifier, everything=everything,
                            progress=lambda done, total: click.echo(f"  {done}/{total}", err=True))
    click.echo(f"reclassified {report.checked} article(s) with {report.version}: "
               f"{len(report.flipped)} flipped, {report.skipped} already current")
    for change in report.flipped:
        click.echo(f"  {change}")


@cli.command("digest")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day (default: yesterday in the configured time zone).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["md", "html", "json"]),
              help="Write only this format (repeatable; default: digest.formats).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write to (default: digest.out_dir, env MONITOR_REPORTS_DIR).")
@click.option("--deliver", is_flag=True, help="Also send it by the configured SMTP and webhook.")
@pass_app
@handle_errors
def digest_cmd(app: App, day: datetime | None, formats: tuple[str, ...], out_dir: Path | None,
               deliver: bool) -> None:
    """Write the daily digest: partnership announcements first, then every new article by
    district, the "to check" list, updated articles and the day's run statistics.

    \b
    Example:
      monitor digest --date 2025-03-25 --format html --out reports/
    The daemon's daily job writes the same report.
    """
    from monitor.deliver import deliver as send
    from monitor.digest import build_digest, default_day, render_json, write_digest

    settings = app.settings
    chosen = day.date() if day else default_day(settings)
    with app.store() as store:
        digest = build_digest(store, chosen, settings)
        paths = write_digest(digest, store, settings, list(formats) or None, out_dir)
        for path in paths:
            click.echo(f"wrote {path}")
        if deliver:
            for result in send(paths, render_json(digest), settings, store, chosen):
                state = "sent" if result.ok else f"FAILED after {result.attempts} attempt(s): {result.error}"
                click.echo(f"{result.channel}: {state}")


@cli.command("feed")
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write (default: <digest.out_dir>/partnerships.atom); '-' for stdout.")
@click.option("--limit", type=int, help="Entries (default: digest.feed_entries).")
@pass_app
@handle_errors
def feed_cmd(app: App, out: Path | None, limit: int | None) -> None:
    """Write the Atom feed of the latest partnership announcements for feed readers.

    \b
    Example:
      monitor feed --out reports/partnerships.atom
    """
    from monitor.feed import render_atom, write_feed

    settings = app.settings
    with app.store() as store:
        if out is not None and str(out) == "-":
            click.echo(render_atom(store, settings, limit), nl=False)
            return
        target = out or settings.digest.out_dir / "partnerships.atom"
        if limit is not None:
            settings = settings.model_copy(update={"digest": settings.digest.model_copy(
                update={"feed_entries": limit})})
        click.echo(f"wrote {write_feed(store, settings, target)}")


@cli.command("run")
@pass_app
@handle_errors
def run_cmd(app: App) -> None:
    """Run the daemon: crawl every source on its schedule and write the daily digest.

    \b
    Example:
      monitor --config config/monitor.toml run
    SIGTERM or SIGINT stops it cleanly; SIGHUP (or saving the config file) reloads the
    configuration. A second daemon on the same database refuses to start.
    """
    from monitor.daemon import Daemon, load_runtime

    runtime = load_runtime(app.config_path, app.db_path)
    setup_logging(runtime.settings.log.format, runtime.settings.log.level)
    sys.exit(asyncio.run(Daemon(runtime, app.config_path, app.db_path).run()))


@cli.command("health")
@click.option("--url", help="Also ask this /healthz URL (default: the configured health.listen).")
@pass_app
@handle_errors
def health_cmd(app: App, url: str | None) -> None:
    """Exit 0 when a daemon is running on the database and answers, else 1 (for HEALTHCHECK).

    \b
    Example:
      monitor health
    """
    from monitor.daemon import lock_holder

    settings = app.settings
    pid = lock_holder(settings.db_path)
    if pid is None:
        _fail(f"{settings.db_path}: no daemon is running on this database", 1)
    target = url or (f"http://{settings.health.listen}/healthz" if settings.health.listen else None)
    if target:
        import httpx

        try:
            answer = httpx.get(target, timeout=3)
        except httpx.HTTPError as exc:
            _fail(f"{target}: {exc}", 1)
        if answer.status_code != 200:
            _fail(f"{target}: HTTP {answer.status_code}", 1)
        click.echo(answer.text)
    click.echo(f"daemon pid {pid} running on {settings.db_path}")


def main() -> None:
    cli(prog_name="monitor")


if __name__ == "__main__":  # pragma: no cover
    main()
