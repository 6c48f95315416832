"""Where a link points: the dashboard's URL scheme, one method per kind of page.

View models get their hrefs from a `Links` object, never by writing paths themselves, so the
static site can map the same links to files (a subclass overriding these methods).

The dashboard's scheme:

    /                                    one article: its overview; several: the list of articles
    /a/<article>/                        an article's overview
    /a/<article>/claim/<claim>?reading=<reading>&peers=RUS,UKR&main=table&detail=sources
    /a/<article>/table?sort=<column>&desc=1&cols=<a>,<b>
    /a/<article>/download.<csv|xlsx|json>   the CLI export of that article
    /claim/<claim>, /table, /download.<fmt> the default article (the bundled one), as before

With one article, its links keep the short form (``/claim/<claim>``, ``/table``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import quote, urlencode

TABS = ("chart", "table", "sources")


def query(params: dict[str, str | None]) -> str:
    """``?a=1&b=x,y`` from the params that have a value ("" when none has)."""
    kept = {k: v for k, v in params.items() if v}
    return "?" + urlencode(kept, safe=",") if kept else ""


class Links:
    """The dashboard's hrefs. ``single``: one article, whose pages keep the short paths;
    ``prefix``: maps an app path to the served one (Dash's requests_pathname_prefix)."""

    def __init__(self, *, single: bool = True, prefix: Callable[[str], str] | None = None):
        self.single = single
        self.prefix = prefix or (lambda path: path)

    def _article(self, article_id: str) -> str:
        return "" if self.single else f"/a/{quote(article_id)}"

    def index(self) -> str:
        return self.prefix("/")

    def overview(self, article_id: str) -> str:
        return self.prefix(self._article(article_id) + "/")

    def claim(self, article_id: str, claim_id: str, *, reading: str | None = None,
              peers: Iterable[str] = (), main: str | None = None,
              detail: str | None = None, anchor: str | None = None) -> str:
        """``anchor``: a part of the page to show ("one-source": the chosen source)."""
        path = self.prefix(f"{self._article(article_id)}/claim/{quote(claim_id)}")
        return path + query({"reading": reading, "peers": ",".join(peers),
                             "main": main if main != "chart" else None,
                             "detail": detail if detail != "chart" else None}) + (
            f"#{anchor}" if anchor else "")

    def table(self, article_id: str, *, sort: str | None = None, descending: bool = False,
              columns: Iterable[str] = ()) -> str:
        return self.prefix(f"{self._article(article_id)}/table") + query(
            {"sort": sort, "desc": "1" if descending and sort else None,
             "cols": ",".join(columns)})

    def download(self, article_id: str, fmt: str) -> str:
        return self.prefix(f"{self._article(article_id)}/download.{fmt}")
