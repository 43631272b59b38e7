"""Every error monitor raises on purpose.

    MonitorError
     ├── ConfigError    a configuration file or value is wrong (names the file and the key)
     ├── InputError     a file given on the command line cannot be used (names the file)
     │    └── ParseError    a page or text holds no article we can read
     ├── FetchError     a request failed for good, after its retries (names the URL)
     └── StoreError     the database refused an operation (names the database file)

The CLI turns InputError and ConfigError into exit status 2 and the rest into 1, printing
``str(error)``: each message names its input first, then the problem.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "FetchError",
    "InputError",
    "MonitorError",
    "ParseError",
    "StoreError",
]


class MonitorError(Exception):
    """Base of every error monitor raises on purpose."""


class ConfigError(MonitorError):
    def __init__(self, path: object, problem: str, key: str | None = None) -> None:
        self.path = str(path)
        self.key = key
        self.problem = problem
        where = f"{self.path}: {key}" if key else self.path
        super().__init__(f"{where}: {problem}")


class InputError(MonitorError):
    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ParseError(InputError):
    """A page or text that holds no article we can read."""


class FetchError(MonitorError):
    def __init__(self, url: str, problem: str, status: int | None = None) -> None:
        self.url = url
        self.problem = problem
        self.status = status
        super().__init__(f"{url}: {problem}")


class StoreError(MonitorError):
    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
