"""Copying a whole database from one store to another (`monitor migrate`): SQLite to
PostgreSQL when a team scales out, or back.

Every table both schemas have is copied in batches, parents (articles) first, keeping ids; the
target is migrated to the same schema by opening it and must hold no rows yet, so a copy is
never merged into live data. The copy ends with a count per table on both sides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from monitor.errors import InputError
from monitor.store.contract import StoreContract

__all__ = ["TableCount", "copy_database", "tables_to_copy", "total_rows"]

_PARENTS = ("articles",)  # tables other tables point at, copied first


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int

    @property
    def ok(self) -> bool:
        return self.source == self.target


def tables_to_copy(source: dict[str, list[str]], target: dict[str, list[str]]) -> dict[str, list[str]]:
    """Tables both sides have, parents first, each with the columns both sides have."""
    shared = [name for name in source if name in target]
    ordered = [n for n in _PARENTS if n in shared] + [n for n in shared if n not in _PARENTS]
    return {name: [c for c in source[name] if c in target[name]] for name in ordered}


def _batches(rows: Iterable[dict[str, Any]], columns: list[str], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while batch := [{c: row.get(c) for c in columns} for row in islice(it, size)]:
        yield batch


def copy_database(source: StoreContract, target: StoreContract, *, batch_size: int = 500,
                  progress: Callable[[str, int], None] | None = None) -> list[TableCount]:
    """Copy every shared table; ``progress(table, rows)`` after each batch. Returns the counts."""
    plan = tables_to_copy(source.tables(), target.tables())
    occupied = {name: n for name in plan if (n := target.count(name))}
    if occupied:
        listing = ", ".join(f"{name} ({n})" for name, n in occupied.items())
        raise InputError(target.path, f"the target already holds rows in {listing}; "
                                      "copy into an empty database")
    for table, columns in plan.items():
        for batch in _batches(source.iter_rows(table), columns, batch_size):
            target.insert_rows(table, batch)
            if progress:
                progress(table, len(batch))
    return [TableCount(name, source.count(name), target.count(name)) for name in plan]


def total_rows(store: StoreContract, tables: Iterable[str]) -> int:
    return sum(store.count(name) for name in tables)
