"""The Jinja2 templates and the stylesheet of the workspace, which also define the HTML digest.

Kept free of Starlette. Autoescaping is on for every template: scraped text is always data, never
markup. ``monitor digest`` itself draws the page in plain Python (monitor.report.html, without
loading Jinja2); ``digest_page`` is the page as these templates draw it, which tests hold that
drawing to, byte for byte. Compiled templates are kept between processes (Jinja2's bytecode cache
in the user's temporary folder), so a new process does not compile them again.
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup

from monitor.report import wording
from monitor.report.digest import Digest
from monitor.report.html import stylesheet

__all__ = ["QuietBytecodeCache", "bytecode_cache", "digest_page", "environment", "render", "show",
           "stylesheet"]


class QuietBytecodeCache(FileSystemBytecodeCache):
    """A cache that cannot be written costs a compile in the next process, never the page."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache(directory: str | None = None) -> BytecodeCache | None:
    """The cache, or none where no private folder can be made (a read-only or shared /tmp)."""
    try:
        return QuietBytecodeCache(directory)
    except (OSError, RuntimeError):
        return None


@functools.cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("monitor.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True,
                      bytecode_cache=bytecode_cache())
    env.globals["wording"] = wording
    env.filters["show"] = show
    return env


def show(value: Any) -> str:
    """A stored value in words: lists joined, nothing as a dash, booleans as yes / no."""
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def digest_page(d: Digest) -> str:
    """The standalone HTML digest as the templates draw it: the stylesheet inlined, no scripts,
    nothing fetched (the reference for monitor.report.html)."""
    return render("digest.html", d=d, workspace=False, inline_css=Markup(stylesheet()))
