"""Getting pages: discover links (listings, sitemaps, feeds), fetch them politely, and the
pipeline that carries each article from discovery to the store. Replay serves stored fixture sites
through the same path.
"""

from monitor._lazy import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "AiohttpTransport": "transport",
    "Context": "pipeline",
    "analyse_page": "pipeline",
    "Discovered": "discover",
    "FetchResult": "fetch",
    "Fetcher": "fetch",
    "FixtureServer": "replay",
    "FixtureSite": "replay",
    "HostPolicy": "fetch",
    "Inflater": "inflate",
    "Link": "discover",
    "PageRules": "pipeline",
    "PageAnalyser": "cpu",
    "PagePool": "cpu",
    "RobotsRules": "robots",
    "StoredResponse": "replay",
    "build_client": "fetch",
    "find_sites": "replay",
    "load_site": "replay",
    "parse_feed": "discover",
    "parse_listing": "discover",
    "parse_retry_after": "fetch",
    "parse_robots": "robots",
    "parse_sitemap": "discover",
    "record_result": "replay",
    "replay_transport": "replay",
    "rules_for_failure": "robots",
    "rules_for_status": "robots",
    "run_source": "pipeline",
    "run_sources": "pipeline",
})
