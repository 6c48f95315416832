"""Dash component trees → static HTML, escaping everything.

The same trees the Dash app sends to the browser as JSON are turned into the HTML React would
make of them: `dash.html.*` elements with their attributes, `dcc.Link` as a link, `dcc.Markdown`
through markdown-it (HTML inside Markdown is not allowed, as in Dash's default), `dcc.Tabs` as
sections that need no script, and
the components that hold no visible content (`dcc.Store`, `dcc.Download`, `dcc.Location`) as
nothing. A chart (`dcc.Graph`) needs the site's own handler (its images live in the site).
Anything else — an interactive control, a component this module does not know — raises
`UnknownComponent`: a page builder that starts using a new component fails the tests instead of
silently losing content.

Written by hand rather than through a template engine: the input is a component tree, not a
template, and the rules (Dash's prop names, React's attribute spelling) are Dash's own.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

HTML_NS = "dash_html_components"
DCC_NS = "dash_core_components"

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
BOOLEAN = frozenset({"allowfullscreen", "async", "autofocus", "autoplay", "checked", "controls",
                     "default", "defer", "disabled", "formnovalidate", "hidden", "ismap", "loop",
                     "multiple", "muted", "nomodule", "novalidate", "open", "playsinline",
                     "readonly", "required", "reversed", "selected"})
# Props that exist only for Dash's callbacks and React; they never reach the DOM.
DASH_ONLY = frozenset({"children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks",
                       "loading_state", "key", "setProps", "persistence", "persisted_props",
                       "persistence_type"})
RENAMED = {"className": "class", "htmlFor": "for", "httpEquiv": "http-equiv",
           "acceptCharset": "accept-charset"}
# Elements whose text React would never put in the page unescaped; refused outright.
REFUSED_TAGS = frozenset({"script", "style", "iframe", "object", "embed"})
# CSS properties React writes without "px" when given a number.
UNITLESS = frozenset({"opacity", "z-index", "flex", "flex-grow", "flex-shrink", "font-weight",
                      "line-height", "order", "zoom", "orphans", "widows", "tab-size"})


class UnknownComponent(ValueError):
    """A component with no static rendering (say which, so the builder or adapter is fixed)."""


Handler = Callable[[Any, "Renderer"], str]


def kind(node: Any) -> tuple[str, str]:
    """(namespace, type) of a Dash component, e.g. ("dash_html_components", "Div")."""
    return node._namespace, node._type


_META = frozenset({"_prop_names", "_valid_wildcard_attributes", "available_properties",
                   "available_wildcard_properties"})


_RANKS: dict[type, dict[str, int]] = {}  # per component class (Dash sets _prop_names in __init__)


def _prop_rank(node: Any) -> dict[str, int]:
    rank = _RANKS.get(type(node))
    if rank is None:
        names = getattr(node, "_prop_names", ())
        rank = _RANKS[type(node)] = {name: i for i, name in enumerate(names)}
    return rank


def props(node: Any) -> dict[str, Any]:
    """The props that were set on a component (what Dash's ``to_plotly_json`` sends to the
    browser), read straight from the instance: the same names, without its per-call cost.

    In the order the component declares them, then wildcard ones (``data-*``, ``aria-*``) by
    name: Dash sets them in the order of a set of names, which changes from one process to the
    next, and a page's attributes must not (the same site, the same bytes)."""
    rank = _prop_rank(node)
    items = [(k, v) for k, v in vars(node).items() if k not in _META]
    items.sort(key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))
    return dict(items)


def dom_id(value: Any) -> str:
    """A component id as Dash writes it into the DOM (a dict id: its JSON, keys sorted)."""
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return str(value)


def css(style: Mapping[str, Any]) -> str:
    parts = []
    for name, value in style.items():
        if value is None or value == "":
            continue
        prop = name if name.startswith("--") else re.sub(r"[A-Z]", lambda m: "-" + m[0].lower(),
                                                         name)
        if isinstance(value, bool):
            raise UnknownComponent(f"style {name!r}: a boolean is not a CSS value")
        if isinstance(value, int | float) and not prop.startswith("--"):
            if isinstance(value, float) and not math.isfinite(value):
                raise UnknownComponent(f"style {name!r}: {value} is not a CSS value")
            text = f"{value:g}" + ("" if prop in UNITLESS or value == 0 else "px")
        else:
            text = str(value)
        parts.append(f"{prop}: {text}")
    return "; ".join(parts)


def attributes(values: Mapping[str, Any]) -> str:
    """` name="value"` pairs, escaped; booleans as HTML spells them."""
    out = []
    for name, value in values.items():
        if name in DASH_ONLY or value is None:
            continue
        attr = RENAMED.get(name)
        if attr is None:
            attr = name if "-" in name else name.lower()
        if not re.fullmatch(r"[a-zA-Z_:][-a-zA-Z0-9_:.]*", attr):
            raise UnknownComponent(f"attribute name {name!r} cannot be written in HTML")
        if attr == "style":
            if not isinstance(value, Mapping):
                raise UnknownComponent("style must be a dict of CSS properties")
            value = css(value)
            if not value:
                continue
        elif attr == "id":
            value = dom_id(value)
        if isinstance(value, bool):
            if attr in BOOLEAN:
                if value:
                    out.append(f" {attr}")
                continue
            value = "true" if value else "false"
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise UnknownComponent(f"attribute {name!r}: {value} is not a value")
            value = f"{value:g}"
        elif isinstance(value, (dict, list, tuple)):
            raise UnknownComponent(f"attribute {name!r} holds a {type(value).__name__}")
        out.append(f' {attr}="{escape(str(value), quote=True)}"')
    return "".join(out)


def element(tag: str, attrs: Mapping[str, Any], inner: str = "") -> str:
    if tag in VOID:
        if inner:
            raise UnknownComponent(f"<{tag}> cannot have children")
        return f"<{tag}{attributes(attrs)}>"
    return f"<{tag}{attributes(attrs)}>{inner}</{tag}>"


class Renderer:
    """Renders component trees; ``handlers`` add or override renderings per (namespace, type)."""

    def __init__(self, handlers: Mapping[tuple[str, str], Handler] | None = None):
        self.handlers: dict[tuple[str, str], Handler] = {**DEFAULT_HANDLERS, **(handlers or {})}

    def render(self, node: Any) -> str:
        if node is None or isinstance(node, bool):
            return ""  # React renders neither
        if isinstance(node, str):
            return escape(node, quote=False)
        if isinstance(node, int | float):
            if isinstance(node, float) and not math.isfinite(node):
                raise UnknownComponent(f"{node} is not text")
            return escape(str(node), quote=False)
        if isinstance(node, list | tuple):
            return "".join(self.render(child) for child in node)
        if not hasattr(node, "_namespace"):
            raise UnknownComponent(f"{type(node).__name__} is not a Dash component")
        key = kind(node)
        handler = self.handlers.get(key)
        if handler is not None:
            return handler(node, self)
        if key[0] == HTML_NS:
            return self.html_element(node)
        raise UnknownComponent(f"no static rendering for {key[0]}.{key[1]}"
                               + (f" (id {dom_id(props(node).get('id'))})"
                                  if props(node).get("id") is not None else ""))

    def html_element(self, node: Any) -> str:
        tag = node._type.lower()
        if tag in REFUSED_TAGS:
            raise UnknownComponent(f"html.{node._type} is not rendered into a static page")
        p = props(node)
        return element(tag, p, self.render(p.get("children")))


# -- dcc and other component libraries -----------------------------------------------------------
def _nothing(node: Any, renderer: Renderer) -> str:
    return ""


def _link(node: Any, renderer: Renderer) -> str:
    p = props(node)
    attrs = {k: p.get(k) for k in ("id", "href", "title", "target", "className", "style")}
    attrs.update({k: v for k, v in p.items() if k.startswith(("aria-", "data-"))})
    if attrs.get("target") == "_blank":
        attrs["rel"] = "noopener"
    return element("a", attrs, renderer.render(p.get("children")))


def _markdown(node: Any, renderer: Renderer) -> str:
    from markdown_it import MarkdownIt  # installed with rich

    p = props(node)
    if p.get("dangerously_allow_html"):
        raise UnknownComponent("dcc.Markdown with dangerously_allow_html is not rendered")
    text = p.get("children") or ""
    if isinstance(text, list | tuple):
        text = "\n".join(str(t) for t in text)
    body = MarkdownIt("commonmark", {"html": False}).render(str(text))
    attrs = {k: p.get(k) for k in ("id", "className", "style")}
    return element("div", attrs, body)


def _tabs(node: Any, renderer: Renderer) -> str:
    """Every tab's content, in order: the chosen one first as a section, the others each in a
    <details> (all reachable without a script; print shows what is open)."""
    p = props(node)
    tabs = p.get("children") or []
    tabs = tabs if isinstance(tabs, list | tuple) else [tabs]
    chosen = p.get("value")
    values = [props(t).get("value") or f"tab-{i + 1}" for i, t in enumerate(tabs)]
    first = values.index(chosen) if chosen in values else 0
    parts = []
    for i, tab in enumerate(tabs):
        if kind(tab) != (DCC_NS, "Tab"):
            raise UnknownComponent(f"dcc.Tabs holds a {kind(tab)[1]}, not a dcc.Tab")
        tp = props(tab)
        label = tp.get("label") or values[i]
        inner = renderer.render(tp.get("children"))
        if i == first:
            parts.insert(0, element("div", {"className": "static-tab static-tab-open",
                                            "data-tab": values[i]}, inner))
        else:
            parts.append(element("details", {"className": "static-tab", "data-tab": values[i]},
                                 element("summary", {}, escape(str(label), quote=False)) + inner))
    cls = " ".join(c for c in ("static-tabs", p.get("className")) if c)
    return element("div", {"id": p.get("id"), "className": cls}, "".join(parts))


DEFAULT_HANDLERS: dict[tuple[str, str], Handler] = {
    (DCC_NS, "Link"): _link,
    (DCC_NS, "Markdown"): _markdown,
    (DCC_NS, "Tabs"): _tabs,
    (DCC_NS, "Store"): _nothing,
    (DCC_NS, "Download"): _nothing,
    (DCC_NS, "Location"): _nothing,
}


def render(node: Any, handlers: Mapping[tuple[str, str], Handler] | None = None) -> str:
    """HTML for one component tree (see the module's docstring for what is rendered how)."""
    return Renderer(handlers).render(node)
