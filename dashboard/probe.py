"""Call the app's callbacks over HTTP the way the browser does (for tests and the benchmark).

``callback_request(deps, "page.children", {"url.pathname": "/"})`` builds the JSON body of a
``POST /_dash-update-component`` from the app's ``/_dash-dependencies``.
"""

from __future__ import annotations

import json
from typing import Any


def _one(part: str) -> dict[str, Any]:
    cid, prop = part.rsplit(".", 1)
    # A pattern-matching id arrives as its JSON text; the callback wants the dict back.
    return {"id": json.loads(cid) if cid.startswith("{") else cid, "property": prop}


def _outputs(output: str) -> list[dict[str, Any]] | dict[str, Any]:
    if output.startswith(".."):
        return [_one(p) for p in output.strip(".").split("...") if p]
    return _one(output)


def callback_request(
    deps: list[dict], output_contains: str, values: dict[str, Any], changed: list[str] | None = None
) -> dict[str, Any]:
    """The request body for the callback whose output names ``output_contains``.

    ``values`` maps ``"id.property"`` to the value the browser would send for each input and
    state (missing ones are sent as None); ``changed`` defaults to every given input.
    """
    candidates = [d for d in deps if output_contains in d["output"]]

    def exact(d: dict) -> bool:  # "download" means the id download, not chart-download
        parts = d["output"].strip(".").split("...")
        return any(p == output_contains or p.rsplit(".", 1)[0] == output_contains
                   for p in parts)

    dep = next((d for d in candidates if exact(d)), None) or candidates[0]

    def fill(items: list[dict]) -> list[dict]:
        return [
            {**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in items
        ]

    inputs = fill(dep["inputs"])
    if changed is None:
        changed = [f"{i['id']}.{i['property']}" for i in dep["inputs"]
                   if f"{i['id']}.{i['property']}" in values]
    return {
        "output": dep["output"],
        "outputs": _outputs(dep["output"]),
        "inputs": inputs,
        "state": fill(dep.get("state", [])),
        "changedPropIds": changed,
    }
