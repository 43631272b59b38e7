"""Keeping everything: one SQLite file by default, one row per canonical article URL.
"""

from monitor._lazy import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "Frontier": "frontier",
    "SaveOutcome": "sqlite",
    "Store": "sqlite",
    "utc_now": "sqlite",
})
