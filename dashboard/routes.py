"""Which page a URL asks for (the scheme is in indicators/output/pages/links.py).

    /                      the list of articles, or the only article's overview
    /a/<article>/…         an article's overview, claim pages, table and downloads
    /claim/<id>, /table    the default article (the bundled one), as before several articles
    /check                 "Check an article": draft claims from pasted text
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

from indicators.output.pages.links import TABS

CHECK = "check"  # the "Check an article" page's path


@dataclass(frozen=True)
class Route:
    kind: str  # index | overview | claim | table | check | not_found
    article_id: str | None = None
    claim_id: str | None = None
    missing: str = ""  # what was not found, in words

    @property
    def is_article_page(self) -> bool:
        return self.kind in ("overview", "claim", "table")


def route(path: str, articles: list[str], default: str | None) -> Route:
    """``path`` without the app's prefix; ``articles``: the article ids, ``default``: the one
    the short paths address."""
    parts = [unquote(p) for p in path.strip("/").split("/") if p]
    single = len(articles) <= 1
    if parts == [CHECK]:
        return Route("check")
    if parts and parts[0] == "a":
        if len(parts) < 2 or parts[1] not in articles:
            name = parts[1] if len(parts) > 1 else ""
            return Route("not_found", missing=f"There is no article {name!r} here.")
        article, rest = parts[1], parts[2:]
    else:
        article, rest = default, parts
        if not rest and not single:
            return Route("index")
    if article is None:
        return Route("not_found", missing="There is no article to show.")
    if not rest or rest == ["overview"]:
        return Route("overview", article)
    if rest == ["table"]:
        return Route("table", article)
    if len(rest) == 2 and rest[0] == "claim":
        return Route("claim", article, rest[1])
    return Route("not_found", missing=f"There is no page {'/' + '/'.join(parts)!r}.")


@dataclass(frozen=True)
class ClaimState:
    reading: str | None = None
    peers: tuple[str, ...] = ()
    main: str = "chart"
    detail: str = "chart"


def claim_state(search: str | None) -> ClaimState:
    """``?reading=<id>&peers=RUS,UKR&main=table&detail=sources`` → the claim page's state."""
    params = parse_qs((search or "").lstrip("?"))

    def one(key: str) -> str | None:
        return (params.get(key) or [None])[0]

    peers = tuple(p for raw in params.get("peers", []) for p in raw.split(",") if p)
    return ClaimState(reading=one("reading"), peers=peers,
                      main=one("main") if one("main") in TABS else "chart",
                      detail=one("detail") if one("detail") in TABS else "chart")


@dataclass(frozen=True)
class TableState:
    sort: str | None = None
    descending: bool = False
    columns: tuple[str, ...] = ()


def table_state(search: str | None) -> TableState:
    params = parse_qs((search or "").lstrip("?"))
    cols = tuple(c for raw in params.get("cols", []) for c in raw.split(",") if c)
    return TableState(sort=(params.get("sort") or [None])[0],
                      descending=(params.get("desc") or ["0"])[0] == "1", columns=cols)
