"""The dashboard's addresses → the static site's files, as links relative to the page.

The dashboard links to ``/``, ``/table``, ``/claim/<id>?reading=<rid>&peers=…`` and
``/download.<fmt>`` (and, with several articles, the same under ``/a/<article>/``); the site has
a file for each (see
`indicators.output.site_urls`). A link is written relative to the page that holds it, so the
folder works from ``file://``, from any static host and under any path. An internal address
the site has no file for raises `UnknownLink` (a page builder's new route must get its file).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from indicators.output import site_urls


class UnknownLink(ValueError):
    """An internal link with no page in the static site."""


class StaticApp:
    """What the dashboard's builders ask of the Dash app: its paths, unchanged (the links are
    rewritten afterwards, relative to each page)."""

    static_site = True  # no server: pages that need one (drafting an article) are left out

    def get_relative_path(self, path: str) -> str:
        return path

    def strip_relative_path(self, path: str) -> str:
        return path.strip("/")


def relative(target: str, page: str) -> str:
    """``target`` (a path from the site's root) as a link from ``page`` (also from the root)."""
    base, _, fragment = target.partition("#")
    start = posixpath.dirname(page) or "."
    rel = posixpath.relpath(base, start) if base else posixpath.basename(page)
    return rel + (f"#{fragment}" if fragment else "")


def site_path(href: str, article_id: str,
              reading_page: Callable[[str, str, str | None], str]) -> str:
    """The site file an internal dashboard address shows (a path from the site's root).

    ``article_id``: the article of the page holding the link (the dashboard's single-article
    addresses have none); ``reading_page(article_id, claim_id, reading_id)`` gives a claim
    page's file for a chosen reading (the reading the page opens on has the claim's own page).
    """
    parts = urlsplit(href)
    path = parts.path.rstrip("/") or "/"
    segments = [s for s in path.split("/") if s]
    if len(segments) >= 2 and segments[0] == "a":
        article_id, segments = segments[1], segments[2:]
    if segments == ["index.html"]:  # the site's list of articles (no dashboard page)
        return "index.html"
    if not segments or segments == ["overview"]:
        target = site_urls.overview_path(article_id)
    elif segments == ["table"]:
        target = site_urls.table_path(article_id)
    elif len(segments) == 1 and segments[0].startswith("download."):
        target = site_urls.export_path(article_id, segments[0].removeprefix("download."))
    elif len(segments) == 2 and segments[0] == "claim":
        reading = (parse_qs(parts.query).get("reading") or [None])[0]
        target = reading_page(article_id, segments[1], reading)
    else:
        raise UnknownLink(f"no page of the static site for the dashboard address {href!r}")
    return target + (f"#{parts.fragment}" if parts.fragment else "")


def is_internal(href: str) -> bool:
    return href.startswith("/") and not href.startswith("//")
