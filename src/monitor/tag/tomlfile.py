"""Reading one of the tagger's TOML files into its pydantic model, with one kind of error.

The rules, the district gazetteer and the institutions are each read once at start-up; a fault
in any of them must name the file and, where it can, the key, in the same words.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from monitor.errors import ConfigError

__all__ = ["read_toml", "validated"]

M = TypeVar("M", bound=BaseModel)


def read_toml(path: Path, what: str) -> dict[str, object]:
    """The file's table; ``what`` names the file's kind in the error ("rules", "gazetteer")."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(path, f"cannot read {what}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"not valid TOML: {error}") from None


def validated(path: Path, model: type[M], data: object) -> M:
    """``data`` as ``model``; the first fault becomes a ConfigError naming the file and key."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or None
        raise ConfigError(path, first["msg"], key=key) from None
