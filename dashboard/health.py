"""``/healthz``: whether this server can answer, for a load balancer or a deploy script.

200 ``{"store": "ok", "warm": true|false}`` when the store can be read; 503 with the reason
("missing", "empty", "unusable") when it cannot. ``warm`` turns true once the background
warm-up (`DashboardData.warm_up`) has evaluated every article: from then on a reader's first
visit to a page waits only for that page. Nothing about the machine or the store's path is
said, and nothing is cached.
"""

from __future__ import annotations

from flask import jsonify

from dashboard.data import DashboardData, StoreUnavailable

PATH = "/healthz"


def install(server, data: DashboardData) -> None:
    @server.route(PATH)
    def healthz():
        try:
            data.snapshot()
        except StoreUnavailable as exc:
            response = jsonify(store=exc.reason, warm=False)
            response.status_code = 503
        else:
            response = jsonify(store="ok", warm=data.warmed.is_set())
        response.headers["Cache-Control"] = "no-store"
        return response
