"""Content-Encoding decoded by monitor itself, a bounded slice at a time.

httpx inflates each network chunk in one call, so a few kilobytes of double-gzip become a
gigabyte in memory before any size check can run. Here every layer hands on at most ``_STEP``
bytes per call and the caller stops as soon as the decoded total passes its limit.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

__all__ = ["ACCEPTED_ENCODINGS", "Inflater", "UnsupportedEncoding"]

ACCEPTED_ENCODINGS = "gzip, deflate"
_STEP = 64 * 1024


class UnsupportedEncoding(ValueError):
    """A Content-Encoding monitor did not ask for and cannot decode."""


class _Layer:
    """One gzip or deflate layer; a deflate body may come zlib-wrapped or raw (both are seen)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._raw_fallback = name == "deflate"
        wbits = zlib.MAX_WBITS | 16 if name in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._decoder = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            piece = self._decoder.decompress(data, _STEP)
        except zlib.error:
            if not self._raw_fallback:
                raise
            self._raw_fallback = False
            self._decoder = zlib.decompressobj(-zlib.MAX_WBITS)
            piece = self._decoder.decompress(data, _STEP)
        self._raw_fallback = False
        while piece:
            yield piece
            if len(piece) < _STEP and not self._decoder.unconsumed_tail:
                return
            piece = self._decoder.decompress(self._decoder.unconsumed_tail, _STEP)


class Inflater:
    """Decodes the layers a Content-Encoding header lists, last applied first."""

    def __init__(self, content_encoding: str) -> None:
        names = [n.strip().lower() for n in content_encoding.split(",") if n.strip()]
        names = [n for n in names if n != "identity"]
        if unknown := [n for n in names if n not in ("gzip", "x-gzip", "deflate")]:
            raise UnsupportedEncoding(f"content-encoding {', '.join(unknown)!r} not supported")
        self._layers = [_Layer(name) for name in reversed(names)]

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces of at most 64 KiB each; raises zlib.error on a corrupt body."""
        return self._through(0, data)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._layers):
            if data:
                yield data
            return
        for piece in self._layers[index].feed(data):
            yield from self._through(index + 1, piece)
