"""Public names of a stage package, imported on first use.

A stage's ``__init__`` lists what it offers without importing it: ``monitor --version`` must not
pay for httpx, selectolax or the classifier's rules, and importing ``monitor.crawl.urls`` must not
drag in the fetcher.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], Any], list[str]]:
    """A module ``__getattr__`` for *package* and its ``__all__``; *exports* maps name → submodule."""

    def __getattr__(name: str) -> Any:
        submodule = exports.get(name)
        if submodule is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{submodule}"), name)

    return __getattr__, sorted(exports)
