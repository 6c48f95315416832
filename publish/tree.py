"""Walking and rewriting Dash component trees (the pages the dashboard's builders return).

`replace` swaps components for others (a callback-driven control for its static equivalent);
`walk` visits every component, e.g. to collect the charts a page holds. Both keep the tree's
order, so the rendered page is the same for the same tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any


def is_component(node: Any) -> bool:
    return hasattr(node, "_namespace") and hasattr(node, "to_plotly_json")


def child_props(node: Any) -> list[str]:
    """The props of ``node`` that hold components: ``children`` and any other prop whose value
    is a component or a list of them (dcc.Tab's content is its ``children``, too)."""
    out = []
    for name, value in vars(node).items():
        if name.startswith("_") or name.startswith("available_"):
            continue
        if is_component(value) or (isinstance(value, list | tuple)
                                   and any(is_component(v) for v in value)):
            out.append(name)
    return out


def walk(node: Any) -> Iterator[Any]:
    """Every component in the tree, parents before children."""
    if isinstance(node, list | tuple):
        for child in node:
            yield from walk(child)
        return
    if not is_component(node):
        return
    yield node
    for name in child_props(node):
        yield from walk(getattr(node, name))


def replace(node: Any, swap: Callable[[Any], Any]) -> Any:
    """The tree with each component for which ``swap`` returns something other than the
    component itself replaced by that (None removes it); children of a replaced component are
    not visited. Rewrites the tree in place and returns its (possibly new) root."""
    if isinstance(node, list | tuple):
        out = [replace(child, swap) for child in node]
        return [c for c in out if c is not None]
    if not is_component(node):
        return node
    new = swap(node)
    if new is not node:
        return new
    for name in child_props(node):
        setattr(node, name, replace(getattr(node, name), swap))
    return node


def find(node: Any, predicate: Callable[[Any], bool]) -> list[Any]:
    return [c for c in walk(node) if predicate(c)]


def by_id(node: Any, component_id: Any) -> Any | None:
    return next((c for c in walk(node) if getattr(c, "id", None) == component_id), None)
