"""What the dashboard's web server lets in and sends out: callback inputs, headers, versions.

* Callback requests (``POST /_dash-update-component``) are checked before Dash sees them: body
  size and JSON nesting are bounded, the output must be one of this app's callbacks, the inputs
  and states must be the ones it declares, each value of the type that input carries. Anything
  else is a 4xx with a one-line reason and one log line, never a 500 with a traceback.
* Every response carries Content-Security-Policy (scripts only from this server plus the hashes
  of Dash's own inline scripts), X-Frame-Options and X-Content-Type-Options.
* ``_dash-config`` does not name the Python, Dash or Plotly versions, and neither does the
  ``Server`` header of `claimcheck dashboard` (see `QuietRequestHandler`).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Response, request
from werkzeug.serving import WSGIRequestHandler

log = logging.getLogger("claimcheck.dashboard")

MAX_BODY = 256 * 1024
MAX_DEPTH = 20
MAX_TEXT = 2_000
MAX_ITEMS = 100
HIDDEN_CONFIG = ("dash_version", "python_version", "dash_version_url", "ddk_version",
                 "plotly_version")


def _text(v: Any) -> bool:
    return isinstance(v, str) and len(v) <= MAX_TEXT


def _texts(v: Any) -> bool:
    return isinstance(v, list) and len(v) <= MAX_ITEMS and all(_text(x) for x in v)


def _view_state(v: Any) -> bool:
    return isinstance(v, dict) and len(v) <= 4 and all(
        _text(k) and (x is None or _text(x)) for k, x in v.items())


# The value each callback input or state may carry (None is always allowed: Dash sends it for
# an input that is not on the page). A new callback input must be added here (a test checks).
VALUE_TYPES = {
    "url.pathname": _text,
    "url.search": _text,
    "reading-select.value": _text,
    "peer-select.value": _texts,
    "claim-ref.data": _view_state,
    "column-select.value": _texts,
    "column-select-technical.value": _texts,
}


def _scalar(v: Any) -> bool:
    return (isinstance(v, (int, float)) and not isinstance(v, bool)) or _text(v)


def _id_matches(sent: Any, declared: str) -> bool:
    """A sent component id against a declared one; a declared pattern (a JSON object with
    wildcards such as ``["MATCH"]``) matches a sent object with the same keys whose wildcard
    values are plain scalars."""
    if not declared.startswith("{"):
        return sent == declared
    pattern = json.loads(declared)
    if not isinstance(sent, dict) or set(sent) != set(pattern):
        return False
    return all(_scalar(sent[k]) if isinstance(want, list) else sent[k] == want
               for k, want in pattern.items())


def _output_id(v: Any) -> bool:
    return _text(v) or (isinstance(v, dict) and len(v) <= 8
                        and all(_text(k) and _scalar(x) for k, x in v.items()))


class BadCallback(ValueError):
    """A callback request this app never sends; the message says what is wrong."""


def json_depth(raw: bytes) -> int:
    """The deepest nesting of ``[`` / ``{`` in a JSON text, without parsing it (no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in raw.decode("utf-8", errors="replace"):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def check_callback(body: Any, callback_map: dict) -> None:
    """Raise `BadCallback` unless ``body`` is a request for one of ``callback_map``'s callbacks."""
    if not isinstance(body, dict):
        raise BadCallback("the body must be a JSON object")
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        raise BadCallback("unknown callback output")
    spec = callback_map[output]
    for field in ("inputs", "state"):
        declared = spec.get(field) or []
        sent = body.get(field, [])
        if not isinstance(sent, list) or len(sent) != len(declared):
            raise BadCallback(f"{field}: expected {len(declared)} items")
        for item, want in zip(sent, declared, strict=True):
            if not isinstance(item, dict) or not _id_matches(item.get("id"), want["id"]) \
                    or item.get("property") != want["property"]:
                raise BadCallback(f"{field}: expected {want['id']}.{want['property']}")
            key = f"{want['id']}.{want['property']}"
            value = item.get("value")
            check = VALUE_TYPES.get(key)
            if value is not None and (check is None or not check(value)):
                raise BadCallback(f"{key}: a value of the wrong type or size")
    outputs = body.get("outputs")
    wanted = output.count("...") + 1 if output.startswith("..") else 1
    items = outputs if isinstance(outputs, list) else [outputs]
    if (isinstance(outputs, list) != output.startswith("..")) or len(items) != wanted or not all(
            isinstance(o, dict) and _output_id(o.get("id")) and _text(o.get("property"))
            for o in items):
        raise BadCallback("outputs do not match the callback")
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(_text(c) for c in changed):
        raise BadCallback("changedPropIds must be a list of strings")


def _refuse(status: int, reason: str) -> Response:
    log.warning("refused a callback request from %s: %s", request.remote_addr, reason)
    return Response(json.dumps({"error": reason}), status=status, mimetype="application/json")


def install(app) -> None:
    """Add the callback check, the security headers and the version-free config to ``app``."""
    server = app.server
    config = app._config

    def quiet_config():
        return {k: v for k, v in config().items() if k not in HIDDEN_CONFIG}

    app._config = quiet_config  # Dash calls self._config() for the page's _dash-config

    @server.before_request
    def _check_callback_request():
        if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
            return None
        if (request.content_length or 0) > MAX_BODY:
            return _refuse(413, f"request body over {MAX_BODY} bytes")
        raw = request.get_data(cache=True)
        if len(raw) > MAX_BODY:
            return _refuse(413, f"request body over {MAX_BODY} bytes")
        if json_depth(raw) > MAX_DEPTH:
            return _refuse(400, f"JSON nested deeper than {MAX_DEPTH}")
        try:
            body = json.loads(raw)
            check_callback(body, app.callback_map)
        except (ValueError, UnicodeDecodeError) as exc:
            reason = str(exc) if isinstance(exc, BadCallback) else "the body is not valid JSON"
            return _refuse(400, reason)
        return None

    policy: list[str] = []

    @server.after_request
    def _security_headers(response: Response) -> Response:
        if not policy:  # hashes of the inline scripts, known once every callback is registered
            scripts = " ".join(["'self'", *app.csp_hashes()])
            policy.append(
                f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
                "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
                "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
                "frame-ancestors 'none'; form-action 'self'"
            )
        response.headers.setdefault("Content-Security-Policy", policy[0])
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without "Werkzeug/x.y Python/x.y" in the ``Server`` header."""

    server_version = "Claimcheck"
    sys_version = ""

    def version_string(self) -> str:
        return self.server_version


