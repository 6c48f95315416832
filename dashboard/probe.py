"""Call the app's callbacks over HTTP the way the browser does (for tests and the benchmark).

``callback_request(deps, "page.children", {"url.pathname": "/"})`` builds the JSON body of a
``POST /_dash-update-component`` from the app's ``/_dash-dependencies``.
"""

from __future__ import annotations

from typing import Any


def _outputs(output: str) -> list[dict[str, str]] | dict[str, str]:
    if output.startswith(".."):
        parts = [p for p in output.strip(".").split("...") if p]
        return [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
    cid, prop = output.rsplit(".", 1)
    return {"id": cid, "property": prop}


def callback_request(
    deps: list[dict], output_contains: str, values: dict[str, Any], changed: list[str] | None = None
) -> dict[str, Any]:
    """The request body for the callback whose output names ``output_contains``.

    ``values`` maps ``"id.property"`` to the value the browser would send for each input and
    state (missing ones are sent as None); ``changed`` defaults to every given input.
    """
    dep = next(d for d in deps if output_contains in d["output"])

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
