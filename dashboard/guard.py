"""What the dashboard's web server lets in and sends out: callback inputs, headers, versions.

* No request body is read past `MAX_BODY` bytes (`MAX_ARTICLE_BODY` for the callbacks that
  carry an article's text, see `ARTICLE_IDS`), whether it says its length or comes chunked
  (Flask's ``MAX_CONTENT_LENGTH``: werkzeug's dev server and gunicorn both mark their input
  streams terminated, so werkzeug wraps a chunked body in a stream that stops at the limit);
  the refusal is a 413 that closes the connection, so the rest is never read into memory.
* Callback requests (``POST /_dash-update-component``) are checked before Dash sees them: body
  size and JSON nesting are bounded, the output must be one of this app's callbacks, the inputs
  and states must be the ones it declares, each value of the type that input carries. Anything
  else is a 4xx with a one-line reason and one log line, never a 500 with a traceback.
* A script path Dash does not serve (``/_dash-component-suites/<unknown>/…``) is a 404 with one
  log line, not Dash's DependencyException as a 500 with a traceback.
* Every response carries Content-Security-Policy (scripts only from this server plus the hashes
  of Dash's own inline scripts), X-Frame-Options and X-Content-Type-Options.
* No version is named where Dash lets us leave it out: ``_dash-config`` (Python, Dash, Plotly
  versions), the page's script URLs (Dash fingerprints them ``name.v4_4_1m<mtime>.js``: the
  version part becomes ``v0``, the file's modification time still busts caches), the favicon's
  ``?v=4.4.1``, and the ``Server`` header of `claimcheck dashboard` (`QuietRequestHandler`).
  Where Dash does not let us: the bundled file names of React (``react@18.3.1.min.js``), and
  the texts of the scripts themselves, which name their own versions.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from dash.exceptions import DependencyException
from flask import Response, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.serving import WSGIRequestHandler

log = logging.getLogger("claimcheck.dashboard")

MAX_BODY = 256 * 1024
# The "Check an article" page's callbacks carry an article (its text, up to
# draft_check.MAX_CHARS characters, or an uploaded file as base64): a larger limit for them only.
MAX_ARTICLE_BODY = 1024 * 1024
MAX_DEPTH = 20
MAX_TEXT = 2_000
MAX_ITEMS = 100
HIDDEN_CONFIG = ("dash_version", "python_version", "dash_version_url", "ddk_version",
                 "plotly_version")
# build_fingerprint's "name.v<version>m<mtime>.ext" (the version with "." as "_")
_FINGERPRINT = re.compile(r"(_dash-component-suites/[^\"'?#\s]*?\.v)[\w-]+(m[0-9a-fA-F]+\.)")
_FAVICON_VERSION = re.compile(r"(_favicon\.ico)\?v=[\w.+-]+")


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
    # the "Check an article" page (dashboard/check_page.py): the article's text may be longer
    # than the page accepts, so that the page, not a 400, says so; the body limit bounds it
    "check-upload.contents": lambda v: isinstance(v, str),
    "check-upload.filename": _text,
    "check-text.value": lambda v: isinstance(v, str),
    "check-title.value": _text,
    "check-language.value": _text,
    "check-date.value": _text,
    "check-max.data": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "check-draft.n_clicks": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "check-download.n_clicks": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "check-source.data": lambda v: isinstance(v, dict) and len(v) <= 4 and all(
        _text(k) and isinstance(x, str) for k, x in v.items()),
    "draft-field.value": lambda v: _text(v) or _scalar(v),  # a pattern id: keyed by its type
}
# The outputs of the callbacks that carry an article (see MAX_ARTICLE_BODY).
ARTICLE_IDS = ("check-text.", "check-results.", "check-verdicts.", "check-download-file.")


def _article_output(output: Any) -> bool:
    return isinstance(output, str) and any(i in output for i in ARTICLE_IDS)


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


def _output_item(o: Any) -> bool:
    return isinstance(o, dict) and _output_id(o.get("id")) and _text(o.get("property"))


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
            # an ``ALL`` pattern sends a list: one item per matching component on the page
            many = isinstance(item, list) and '["ALL"]' in want["id"].replace(" ", "")
            for one in (item[:MAX_ITEMS + 1] if many else [item]):
                _check_item(field, one, want)
            if many and len(item) > MAX_ITEMS:
                raise BadCallback(f"{field}: more than {MAX_ITEMS} components")
    outputs = body.get("outputs")
    wanted = output.count("...") + 1 if output.startswith("..") else 1
    items = outputs if isinstance(outputs, list) else [outputs]
    if (isinstance(outputs, list) != output.startswith("..")) or len(items) != wanted or not all(
            _output_item(o) or (isinstance(o, list) and len(o) <= MAX_ITEMS  # an ALL output
                                and all(_output_item(x) for x in o))
            for o in items):
        raise BadCallback("outputs do not match the callback")
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(_text(c) for c in changed):
        raise BadCallback("changedPropIds must be a list of strings")


def value_key(declared_id: str, prop: str) -> str:
    """The `VALUE_TYPES` key of a declared input: a pattern id by its ``type``."""
    if declared_id.startswith("{"):
        declared_id = json.loads(declared_id).get("type", "")
    return f"{declared_id}.{prop}"


def _check_item(field: str, item: Any, want: dict) -> None:
    if not isinstance(item, dict) or not _id_matches(item.get("id"), want["id"]) \
            or item.get("property") != want["property"]:
        raise BadCallback(f"{field}: expected {want['id']}.{want['property']}")
    key = value_key(want["id"], want["property"])
    value = item.get("value")
    check = VALUE_TYPES.get(key)
    if value is not None and (check is None or not check(value)):
        raise BadCallback(f"{key}: a value of the wrong type or size")


def _refuse(status: int, reason: str) -> Response:
    log.warning("refused a callback request from %s: %s", request.remote_addr, reason)
    response = Response(json.dumps({"error": reason}), status=status,
                        mimetype="application/json")
    if status == 413:  # what is left of the body is never read: the connection must go
        response.headers["Connection"] = "close"
    return response


def without_versions(page: str) -> str:
    """The page's HTML with Dash's version left out of script URLs and the favicon link."""
    return _FAVICON_VERSION.sub(r"\1", _FINGERPRINT.sub(r"\g<1>0\g<2>", page))


def install(app) -> None:
    """Add the callback check, the security headers and the version-free config to ``app``."""
    server = app.server
    config = app._config

    def quiet_config():
        return {k: v for k, v in config().items() if k not in HIDDEN_CONFIG}

    app._config = quiet_config  # Dash calls self._config() for the page's _dash-config
    interpolate = app.interpolate_index
    app.interpolate_index = lambda **kw: without_versions(interpolate(**kw))
    # Every body, chunked too, is read through a stream that stops at the limit (see above);
    # one byte more than the limit is read, to tell a body at the limit from a longer one.
    server.config["MAX_CONTENT_LENGTH"] = MAX_ARTICLE_BODY + 1

    @server.errorhandler(RequestEntityTooLarge)
    def _too_large(_exc):
        return _refuse(413, f"request body over {MAX_ARTICLE_BODY} bytes")

    @server.errorhandler(DependencyException)
    def _unknown_script(_exc):
        log.warning("not found: %s (no such script is served)", request.path[:200])
        return Response("Not Found", status=404, mimetype="text/plain")

    @server.before_request
    def _check_callback_request():
        if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
            return None
        if (request.content_length or 0) > MAX_ARTICLE_BODY:
            return _refuse(413, f"request body over {MAX_ARTICLE_BODY} bytes")
        try:
            raw = request.get_data(cache=True)
        except RequestEntityTooLarge:  # a chunked body that went past the limit
            return _refuse(413, f"request body over {MAX_ARTICLE_BODY} bytes")
        if len(raw) > MAX_ARTICLE_BODY:
            return _refuse(413, f"request body over {MAX_ARTICLE_BODY} bytes")
        if json_depth(raw) > MAX_DEPTH:
            return _refuse(400, f"JSON nested deeper than {MAX_DEPTH}")
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return _refuse(400, "the body is not valid JSON")
        output = body.get("output") if isinstance(body, dict) else None
        if len(raw) > MAX_BODY and not _article_output(output):
            return _refuse(413, f"request body over {MAX_BODY} bytes")
        try:
            check_callback(body, app.callback_map)
        except BadCallback as exc:
            return _refuse(400, str(exc))
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


