"""The templates' bytecode cache: it saves compiles between processes and can never cost a page."""

from __future__ import annotations

from pathlib import Path

from jinja2 import DictLoader, Environment

from monitor.web.templating import QuietBytecodeCache, environment


def test_the_environment_keeps_compiled_templates() -> None:
    assert isinstance(environment().bytecode_cache, QuietBytecodeCache)


def test_a_compiled_template_is_written_to_the_cache(tmp_path: Path) -> None:
    env = Environment(loader=DictLoader({"t.html": "<p>{{ x }}</p>"}),
                      bytecode_cache=QuietBytecodeCache(str(tmp_path)))
    env.get_template("t.html")
    assert list(tmp_path.iterdir()), "nothing was cached"


def test_a_cache_folder_that_went_away_still_renders(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    env = Environment(loader=DictLoader({"t.html": "<p>{{ x }}</p>"}),
                      bytecode_cache=QuietBytecodeCache(str(gone)))
    gone.rmdir()
    assert env.get_template("t.html").render(x="ok") == "<p>ok</p>"

