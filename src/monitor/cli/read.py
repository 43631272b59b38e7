"""Commands that read files: parse, classify, import-text, and reclassify of what is stored."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from monitor.cli._app import App, cli, handle_errors, pass_app
from monitor.errors import InputError, ParseError

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser

    from monitor.models import Article
    from monitor.read.pagekind import PageKind

__all__ = ["article_from_text", "load_article"]

FORM_FEED = "\f"

# -- reading files ---------------------------------------------------------------------------------


def _read_file(path: Path) -> str:
    return _read_page(path)[0]


def _read_page(path: Path) -> tuple[str, bytes]:
    """A file's text, and the same text as UTF-8 bytes for the HTML parser: the file's own
    bytes when they are UTF-8 already, so a page is not encoded again only to be parsed."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(path, "no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(path, "is a directory, not a file") from exc
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        if b"<" in raw[:2048]:
            from monitor.read.parse import decode_html

            text = decode_html(raw)
            return text, text.encode("utf-8", "surrogatepass")
        raise InputError(path, "not UTF-8 text or HTML") from None
    return text, raw.removeprefix(b"\xef\xbb\xbf")


def _is_html(text: str) -> bool:
    start = next((i for i, char in enumerate(text) if not char.isspace()), len(text))
    head = text[start:start + 1024].lower()  # not text.lstrip(): that copies the whole page
    return head.startswith(("<!doctype", "<html", "<?xml")) or "<body" in head or "<head" in head


def load_article(app: App, path: Path, *, url: str | None = None, profile: str | None = None,
                 with_districts: bool = True) -> Article:
    """A file as an Article, HTML or seed-format text decided by content."""
    return article_from_text(app, path, _read_file(path), url=url, profile=profile,
                             with_districts=with_districts)


def article_from_text(app: App, path: Path, text: str, *, url: str | None = None,
                      profile: str | None = None, with_districts: bool = True) -> Article:
    """The Article in a file's text, already read: HTML or seed-format text by content.

    ``with_districts`` False leaves ``districts`` empty: compiling the gazetteer is most of the
    start-up of `monitor parse`, and the seed format does not show them."""
    from monitor.read.seedformat import looks_like_seed_text, read_text

    if _is_html(text):
        return _article_from_html(app, path, text, url=url, profile=profile,
                                  with_districts=with_districts)
    districts = app.districts if with_districts else None
    if not text.strip():
        raise InputError(path, "empty file: no article text")
    if not looks_like_seed_text(text) and "<" in text[:200] and ">" in text[:400]:
        raise InputError(path, "looks like a fragment of HTML, not a whole page or seed text")
    article = read_text(text, path=str(path), url=url)
    if districts is not None:
        article.districts = districts(article.text)
    return article


def _article_from_html(app: App, path: Path, page: str | LexborHTMLParser, *, url: str | None,
                       profile: str | None, with_districts: bool) -> Article:
    """The Article of an HTML page, as text or as the tree ``read.tree.parse_tree`` made of it."""
    from monitor.read.parse import parse_html

    districts = app.districts if with_districts else None
    chosen = None
    if profile not in (None, "generic"):
        if profile not in app.profiles:
            raise InputError(path, f"unknown site profile {profile!r} (have: {', '.join(app.profiles)})")
        chosen = app.profiles[profile]
    parsed = parse_html(page, url=url, profile=chosen,
                        profiles={} if profile == "generic" else app.profiles,
                        default_tz=app.settings.tz, path=str(path), districts=districts)
    return parsed.article


@cli.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--url", help="The page's URL (chooses the site profile; default: its canonical link).")
@click.option("--profile", help="Site profile name, or 'generic' to force the generic extractor.")
@click.option("--format", "fmt", type=click.Choice(["seed", "json"]), default="seed", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per FILE (same as --format json).")
@pass_app
@handle_errors
def parse_cmd(app: App, files: tuple[Path, ...], url: str | None, profile: str | None, fmt: str,
              as_json: bool) -> None:
    """Print the normalized article of each FILE (HTML or seed-format text).

    \b
    Example:
      monitor parse fixtures/seeds/000_4c2750992e82f1a7.txt --format seed
      monitor parse page.html --url https://www.shine.cn/feature/district/2503258689/ --json
    Seed output of several files is separated by a line holding only a form feed.
    A page that is not an article (a listing of stories) gets a note on stderr.
    A file that cannot be read is named on stderr; the others are printed all the same, and
    the exit status is 2. Many files are shared out between the machine's cores.
    """
    from monitor.read.fanout import fork_map, processes_for

    fmt = "json" if as_json else fmt
    job = _ParseJob(app, url, profile, fmt)
    processes = processes_for(len(files))
    if processes > 1:
        job.load_before_fork()
    outcomes = fork_map(job, files, processes)
    for outcome in outcomes:
        for line in outcome.stderr:
            click.echo(line, err=True)
    printed = [outcome.output for outcome in outcomes if outcome.output is not None]
    # Written as they are: JSON escapes every control character, so click.echo's search of
    # the whole output for terminal colour codes would find none.
    sys.stdout.write("\n".join(printed) + "\n" if fmt == "json" else f"\n{FORM_FEED}\n".join(printed))
    sys.stdout.flush()
    if any(outcome.failed for outcome in outcomes):
        sys.exit(2)


@dataclass(frozen=True)
class _Parsed:
    """One file's part of `monitor parse`: its output, and the lines it gives stderr."""

    output: str | None
    stderr: tuple[str, ...] = ()
    failed: bool = False


@dataclass(frozen=True)
class _ParseJob:
    """Parse one file to its printed form. A file that cannot be read is its own error line,
    so the other files are still printed; bad configuration still ends the command."""

    app: App
    url: str | None
    profile: str | None
    fmt: str

    def load_before_fork(self) -> None:
        """Load what every file needs once, so forked workers inherit it instead of each
        loading it again (and a bad configuration is one error, not one per worker).

        The cyclic collector is off meanwhile, and what was loaded is then frozen out of its
        sight: all of it lives as long as the process, and collecting while it loads only
        walked it again and again (some 60 collections, a twentieth of this start-up)."""
        import gc

        collecting = gc.isenabled()
        gc.disable()
        try:
            self._load()
        finally:
            gc.freeze()
            if collecting:
                gc.enable()

    def _load(self) -> None:
        self.app.settings  # noqa: B018 - loading is the point
        if self.profile != "generic":
            self.app.profiles  # noqa: B018
        if self.fmt == "json":
            self.app.districts  # noqa: B018
        from importlib import import_module

        # Once here, not once in every process; seed text is written (and mostly read) in seed
        # output only, so JSON output leaves that reader to the first text file.
        for reader in ("extract", "pagekind", "parse", *(["seedformat"] if self.fmt == "seed" else [])):
            import_module(f"monitor.read.{reader}")

    def __call__(self, path: Path) -> _Parsed:
        notes: list[str] = []
        try:
            article = self._article(path, notes)
            if self.fmt == "json":
                return _Parsed(_article_json(path, article), tuple(notes))
            return _Parsed(_seed_text(path, article), tuple(notes))
        except InputError as exc:
            return _Parsed(None, (*notes, f"monitor: {exc}"), failed=True)

    def _article(self, path: Path, notes: list[str]) -> Article:
        text, utf8 = _read_page(path)
        if not _is_html(text):
            return article_from_text(self.app, path, text, url=self.url, profile=self.profile,
                                     with_districts=self.fmt == "json")
        tree = _parse_tree(utf8)
        if (listing := _listing(tree, text, self.url)) is not None:
            notes.append(f"monitor: {path}: not an article ({listing.reason}); printed as one all the same")
        return _article_from_html(self.app, path, tree, url=self.url, profile=self.profile,
                                  with_districts=self.fmt == "json")


def _seed_text(path: Path, article: Article) -> str:
    """The seed form of a file's article; what it lacks is said of the file, not of its URL."""
    from monitor.read.seedformat import write_seed

    try:
        return write_seed(article)
    except InputError as exc:
        raise InputError(path, exc.problem) from exc


def _article_json(path: Path, article: Article) -> str:
    data = article.model_dump(mode="json")
    return json.dumps({"path": str(path), **data}, ensure_ascii=False)


def _text_url(article: Article) -> str:
    """Seed text carries no URL; key it by its content so importing it twice stores it once."""
    import hashlib

    from monitor.read.seedformat import write_seed

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

@cli.command("classify")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per FILE, in order.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Same as --json when 'json'.")
@pass_app
@handle_errors
def classify_cmd(app: App, files: tuple[Path, ...], as_json: bool, fmt: str) -> None:
    """Tag each FILE (HTML or seed-format text): is it a partnership announcement?

    \b
    Example:
      monitor classify fixtures/seeds/*.txt --json
    JSON fields: path, page, partnership, score, kind, parties, sectors, districts, evidence,
    rules, version, check. A page that is not an article (a listing of stories, a page or text
    holding nothing but navigation) is not classified: page "not-an-article", partnership
    false, and page_reason says why; the other files are still classified.
    """
    as_json = as_json or fmt == "json"
    for path in files:
        text, utf8 = _read_page(path)
        try:
            if _is_html(text):
                tree = _parse_tree(utf8)
                if (listing := _listing(tree, text)) is not None:
                    _echo_not_an_article(path, listing.reason, app.rules.version, as_json)
                    continue
                article = _article_from_html(app, path, tree, url=None, profile=None,
                                             with_districts=True)
            else:
                article = article_from_text(app, path, text)
        except ParseError as error:  # (an empty file or a fragment of HTML is still bad input)
            _echo_not_an_article(path, error.problem, app.rules.version, as_json)
            continue
        verdict = app.classifier(article)
        if as_json:
            click.echo(json.dumps({"path": str(path), "page": "article", **verdict.model_dump()},
                                  ensure_ascii=False))
        elif verdict.partnership:
            click.echo(f"{path}: partnership ({verdict.score:.2f}) {verdict.kind}: "
                       f"{' + '.join(verdict.parties) or 'parties not named'}"
                       + (f" [{', '.join(verdict.sectors)}]" if verdict.sectors else ""))
        else:
            click.echo(f"{path}: not a partnership ({verdict.score:.2f})")


def _parse_tree(utf8: bytes) -> LexborHTMLParser:
    from monitor.read.tree import parse_tree

    return parse_tree(utf8)


def _listing(tree: LexborHTMLParser, html: str, url: str | None = None) -> PageKind | None:
    """Why the page is not an article, or None when it is one. A page that declares article
    metadata is one (most do): asked of the tree first, that spares the listing check its own
    parse of the page, which costs as much as reading the article."""
    from monitor.read.pagekind import declared_metadata, page_kind

    if declared_metadata(tree) is not None:
        return None
    kind = page_kind(html, url)
    return None if kind.is_article else kind


def _echo_not_an_article(path: Path, reason: str, version: str, as_json: bool) -> None:
    """A listing page, or one with no story, has no verdict of its own: say so instead of
    tagging its teasers or failing the other files."""
    if not as_json:
        click.echo(f"{path}: not an article, not classified ({reason})")
        return
    click.echo(json.dumps({
        "path": str(path), "page": "not-an-article", "page_reason": reason, "partnership": False,
        "score": 0.0, "kind": None, "parties": [], "sectors": [], "districts": [], "evidence": [],
        "rules": ["not-an-article"], "version": version, "check": []}, ensure_ascii=False))

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
    On a terminal, a progress bar on stderr shows the count and the rate.
    """
    from monitor.cli.progress import terminal_progress
    from monitor.tag.reclassify import reclassify

    with app.store(must_exist=True) as store, terminal_progress("reclassify") as progress:
        report = reclassify(store, app.classifier, everything=everything, progress=progress)
    click.echo(f"reclassified {report.checked} article(s) with {report.version}: "
               f"{len(report.flipped)} flipped, {report.skipped} already current")
    for change in report.flipped:
        click.echo(f"  {change}")
