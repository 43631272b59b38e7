"""URL canonicalization and the on-site test, so one article is one row however it was linked.

Links come from the network: a listing, sitemap, canonical tag or redirect may hold a port past
65535, a broken IPv6 host or a host no resolver accepts. ``canonicalize`` turns every such value
into one ``BadURL`` (a ValueError) so a caller can drop that URL alone; ``try_canonicalize``
returns None instead.
"""

from __future__ import annotations

import functools
import ipaddress
import posixpath
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

__all__ = ["BadURL", "canonicalize", "host_of", "is_allowed", "is_private_host", "try_canonicalize"]

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "_hs")
_TRACKING_KEYS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "spm",
                            "share", "from", "isappinstalled", "ref", "ref_src", "cmpid", "ocid"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
# What a DNS name or an IPv4 address may hold once lowercased (IDNA turns the rest into this).
_HOST_NAME = re.compile(r"[a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9_])?")
_MAX_URL = 8192
# A root-relative link of plain segments (``/feature/district/2503258689/``), the bulk of every
# listing: its canonical form is the base's canonical origin plus the path, with no parsing.
_PLAIN_PATH = re.compile(r"/(?:[\w~-]+/)*(?:[\w~-]+(?:\.\w+)?)?", re.ASCII)
# The same for an absolute link already in canonical case: a sitemap's <loc>.
_PLAIN_ABSOLUTE = re.compile(r"(https?://[a-z0-9_](?:[a-z0-9_-]*\.)*[a-z0-9_-]*[a-z0-9_])(/.*)", re.ASCII)


class BadURL(ValueError):
    """A URL that cannot be fetched as written; the message says why, with a short excerpt."""

    def __init__(self, url: str, problem: str) -> None:
        excerpt = url if len(url) <= 80 else url[:77] + "..."
        super().__init__(f"{excerpt!r}: {problem}")


def canonicalize(url: str, base: str | None = None) -> str:
    """Absolute, lowercase scheme and host, no default port, fragment or tracking parameters,
    sorted query, and a trailing slash on extension-less paths (the form SHINE links with)."""
    raw = url.strip()
    if len(raw) > _MAX_URL:
        raise BadURL(raw, f"longer than {_MAX_URL} characters")
    if base and _PLAIN_PATH.fullmatch(raw) and (origin := _canonical_origin(base)):
        return origin + _slashed(raw)
    if (plain := _PLAIN_ABSOLUTE.fullmatch(raw)) and _PLAIN_PATH.fullmatch(plain[2]):
        return plain[1] + _slashed(plain[2])
    try:
        parts = urlsplit(_join(base, raw) if base else raw)
        port = parts.port
    except ValueError as exc:  # out-of-range port, unbalanced IPv6 brackets
        raise BadURL(raw, str(exc)) from None
    scheme = parts.scheme.lower()
    host = _clean_host(raw, parts.hostname or "", scheme)
    port = port if port and port != _DEFAULT_PORTS.get(scheme) else None
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc = f"{netloc}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _is_tracking(k)) if parts.query else []
    return urlunsplit((scheme, netloc, _clean_path(parts.path), urlencode(query), ""))


def _join(base: str, raw: str) -> str:
    """urljoin, with the common root-relative link (``/news/123/``) joined by hand: a listing
    of 100,000 links spends most of its time in urljoin otherwise. Dot segments are removed
    later by ``_clean_path`` either way."""
    if raw.startswith("/") and not raw.startswith("//"):
        origin = _origin(base)
        if origin:
            return origin + raw
    return urljoin(base, raw)


@functools.lru_cache(maxsize=64)
def _canonical_origin(base: str) -> str | None:
    origin = _origin(base)
    root = try_canonicalize(origin + "/") if origin else None
    return root[:-1] if root else None


@functools.lru_cache(maxsize=64)
def _origin(base: str) -> str | None:
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _slashed(path: str) -> str:
    last = path.rsplit("/", 1)[1]
    return path + "/" if last and "." not in last else path


def try_canonicalize(url: str, base: str | None = None) -> str | None:
    """The canonical form, or None for a URL that cannot be fetched."""
    try:
        return canonicalize(url, base)
    except BadURL:
        return None


def _clean_host(raw: str, hostname: str, scheme: str) -> str:
    host = hostname.lower().rstrip(".")
    if not host:
        if scheme in _DEFAULT_PORTS:
            raise BadURL(raw, "no host")
        return host
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%", 1)[0]).compressed
        except ValueError:
            raise BadURL(raw, "not an IPv6 address") from None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise BadURL(raw, "host name cannot be encoded") from None
    if not _HOST_NAME.fullmatch(host) or ".." in host:
        raise BadURL(raw, "not a valid host name")
    return host


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
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_private_host(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    if not (host[:1].isdigit() or ":" in host):
        return False  # a name, not an address: no need to ask ipaddress (and catch its error)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local


def is_allowed(url: str, domains: list[str]) -> bool:
    """On-site: http(s), a host equal to or under an allowed domain; private addresses only when
    named outright (tests serve fixtures from 127.0.0.1)."""
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https"):
        return False
    host = (parts.hostname or "").lower()
    if is_private_host(host):
        return host in domains
    return any(host == d or host.endswith("." + d) for d in domains)
