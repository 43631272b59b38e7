"""URL canonicalization and the on-site test, so one article is one row however it was linked."""

from __future__ import annotations

import ipaddress
import posixpath
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

__all__ = ["canonicalize", "host_of", "is_allowed", "is_private_host"]

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "_hs")
_TRACKING_KEYS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "spm",
                            "share", "from", "isappinstalled", "ref", "ref_src", "cmpid", "ocid"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonicalize(url: str, base: str | None = None) -> str:
    """Absolute, lowercase scheme and host, no default port, fragment or tracking parameters,
    sorted query, and a trailing slash on extension-less paths (the form SHINE links with)."""
    parts = urlsplit(urljoin(base, url.strip()) if base else url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port if parts.port and parts.port != _DEFAULT_PORTS.get(scheme) else None
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc = f"{netloc}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _is_tracking(k))
    return urlunsplit((scheme, netloc, _clean_path(parts.path), urlencode(query), ""))


def _clean_path(path: str) -> str:
    if not path:
        return "/"
    normalized = posixpath.normpath(path.replace("//", "/"))
    normalized = "/" if normalized in (".", "//") else normalized
    last = normalized.rsplit("/", 1)[-1]
    if last and "." not in last:
        normalized += "/"
    return normalized


def _is_tracking(key: str) -> bool:
    lowered = key.lower()
    return lowered in _TRACKING_KEYS or lowered.startswith(_TRACKING_PREFIXES)


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_private_host(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local


def is_allowed(url: str, domains: list[str]) -> bool:
    """On-site: http(s), a host equal to or under an allowed domain; private addresses only when
    named outright (tests serve fixtures from 127.0.0.1)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    host = (parts.hostname or "").lower()
    if is_private_host(host):
        return host in domains
    return any(host == d or host.endswith("." + d) for d in domains)
