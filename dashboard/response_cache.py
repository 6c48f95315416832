"""Page and layout responses cached per store state, in front of Dash.

The page callback (``page.children``) and the reading callback are pure functions of the
request body and the store state (DashboardData.snapshot's key: newest refresh, file identity,
claims file version, plus the day, which moves the freshness ages). So their serialized JSON is
kept per (state, body) and served again without re-building or re-serializing the components
— building a claim page costs ~15 ms, sending cached bytes well under 1 ms, which is what lets
two processes serve 50 readers without think time. A new store state empties the cache.
Written here rather than with flask-caching: it needs the store-state key and the raw body,
and is twenty lines; a bounded LRU keeps memory flat.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict

from flask import Response, g, request

from dashboard.data import DashboardData, StoreUnavailable

CACHED_OUTPUTS = ("page.children", "detail-body.children")
MAX_ENTRIES = 512


class ResponseCache:
    def __init__(self, data: DashboardData, max_entries: int = MAX_ENTRIES):
        self.data = data
        self.max_entries = max_entries
        self.state = None
        self.entries: OrderedDict[bytes, bytes] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def state_key(self):
        try:
            snap = self.data.snapshot()
        except StoreUnavailable:
            return None
        return (snap.key, snap.freshness_day)

    def get(self, body: bytes) -> tuple[bytes | None, tuple | None]:
        """The cached response (or None) and the state it is for (None: do not cache)."""
        state = self.state_key()
        if state is None:  # no usable store: the page says so, and nothing is cached
            return None, None
        with self.lock:
            if state != self.state:
                self.state, self.entries = state, OrderedDict()
            cached = self.entries.get(body)
            if cached is not None:
                self.entries.move_to_end(body)
                self.hits += 1
            else:
                self.misses += 1
            return cached, state

    def put(self, body: bytes, payload: bytes, state) -> None:
        with self.lock:
            if state != self.state:  # the store changed while this response was built
                return
            self.entries[body] = payload
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)


def cacheable(body: bytes) -> bool:
    try:
        output = json.loads(body).get("output", "")
    except (ValueError, AttributeError):
        return False
    return any(name in output for name in CACHED_OUTPUTS)


def install(server, data: DashboardData) -> ResponseCache:
    cache = ResponseCache(data)

    @server.before_request
    def _serve_cached():
        if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
            return None
        body = request.get_data(cache=True)
        if not cacheable(body):
            return None
        payload, state = cache.get(body)
        if payload is not None:
            return Response(payload, mimetype="application/json")
        if state is not None:
            g.claimcheck_cache = (body, state)
        return None

    @server.after_request
    def _remember(response):
        pending = g.pop("claimcheck_cache", None)
        if pending is not None and response.status_code == 200:
            cache.put(pending[0], response.get_data(), pending[1])
        return response

    server.config["CLAIMCHECK_RESPONSE_CACHE"] = cache
    return cache
