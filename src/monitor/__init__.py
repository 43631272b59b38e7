"""monitor: watches Shanghai district news and tags partnership announcements."""

__version__ = "0.1.0"
__all__ = ["__version__"]
