"""Reading pages: a site profile or the generic extractor turns HTML into fields, normalize
makes them one Article, and the seed format reads and writes the plain-text article form.
"""

from monitor._lazy import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "ParsedPage": "parse",
    "Variant": "seedformat",
    "choose_profile": "parse",
    "decode_html": "parse",
    "detect_variant": "seedformat",
    "extract": "extract",
    "looks_like_seed_text": "seedformat",
    "parse_html": "parse",
    "read_profile_fields": "parse",
    "read_text": "seedformat",
    "to_article": "normalize",
    "write_seed": "seedformat",
})
