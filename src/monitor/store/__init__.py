"""Keeping everything: one SQLite file by default, PostgreSQL when scaled out; one row per
canonical article URL on both. ``open_store`` picks the backend from ``storage.url``.
"""

from monitor._lazy import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "Frontier": "frontier",
    "PostgresStore": "postgres",
    "SaveOutcome": "sqlite",
    "Store": "sqlite",
    "StoreContract": "contract",
    "open_store": "contract",
    "utc_now": "sqlite",
})
