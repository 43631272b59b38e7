"""The analyst's workspace: an ASGI application over the store (Starlette, Jinja2 templates).
"""

from monitor._lazy import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "create_app": "app",
    "digest_page": "templating",
})
