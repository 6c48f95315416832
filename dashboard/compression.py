"""Every response compressed (zstd, brotli or gzip, as the browser accepts), with flask-compress.

The static bundles (Dash's and Plotly's scripts, the assets) never change while the server
runs, so each is compressed once per algorithm and kept: compressing plotly.js (4.8 MB) on
every request would cost more time than it saves on a fast network. Page and callback
responses are compressed as they go (the per-state response cache keeps them uncompressed).
"""

from __future__ import annotations

import threading

from flask_compress import Compress

STATIC = ("/_dash-component-suites/", "/assets/")
NO_CACHE = "-"


class StaticCache:
    """flask-compress's cache backend: compressed static files only, kept for the process."""

    def __init__(self):
        self.entries: dict[str, bytes] = {}
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        return None if key.endswith(";" + NO_CACHE) else self.entries.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.endswith(";" + NO_CACHE):
            with self.lock:
                self.entries[key] = value


def cache_key(req) -> str:
    if req.method == "GET" and any(part in req.path for part in STATIC):
        return req.full_path
    return NO_CACHE


def install(server) -> Compress:
    server.config.update(
        COMPRESS_MIMETYPES=["text/html", "text/css", "text/csv", "text/plain",
                            "application/json", "application/javascript", "text/javascript",
                            "image/svg+xml"],
        COMPRESS_CACHE_BACKEND=StaticCache, COMPRESS_CACHE_KEY=cache_key,
        # The assets are sent as files (streamed): gzip too, for browsers without brotli.
        COMPRESS_ALGORITHM_STREAMING=["zstd", "br", "gzip", "deflate"],
        # Brotli at 5 makes plotly.js 30% smaller than gzip in about a second, once.
        COMPRESS_BR_LEVEL=5, COMPRESS_MIN_SIZE=500)
    return Compress(server)

