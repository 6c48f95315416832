"""Where each page of a published site lives (`claimcheck publish`), and its public address.

One scheme for the static site and for the ClaimReview export's `url` (`claimcheck export
--format claimreview --base-url URL`), so an export names exactly the pages `publish` writes.
Paths are relative to the site's root, with ``/`` separators; a page is a folder's
``index.html`` where it has a public address of its own (``…/claim/<id>/``), which every static
host serves for the folder.
"""

from __future__ import annotations

from urllib.parse import quote


def article_dir(article_id: str) -> str:
    return f"a/{article_id}/"


def overview_path(article_id: str) -> str:
    return f"a/{article_id}/index.html"


def table_path(article_id: str) -> str:
    return f"a/{article_id}/table.html"


def claim_path(article_id: str, claim_id: str, reading_id: str | None = None) -> str:
    """The claim page (``reading_id`` None: the reading it opens on; else that reading's)."""
    base = f"a/{article_id}/claim/{claim_id}/"
    return base + (f"{reading_id}.html" if reading_id else "index.html")


def embed_path(article_id: str, claim_id: str, what: str) -> str:
    """An embed page: ``what`` is ``card``, ``chart-all`` or ``chart-<reading id>``."""
    return f"a/{article_id}/embed/{claim_id}/{what}.html"


def export_path(article_id: str, fmt: str) -> str:
    return f"a/{article_id}/claimcheck-{article_id}.{fmt}"


def card_path(article_id: str, claim_id: str | None = None) -> str:
    """The 1200×630 share image of a claim (or of the article, ``claim_id`` None)."""
    return f"a/{article_id}/cards/{claim_id or 'article'}.png"


def normalise_base_url(base_url: str) -> str:
    """``https://example.org/checks`` → ``https://example.org/checks/`` (pages are below it)."""
    base = base_url.strip()
    if not base.startswith(("http://", "https://")) or "://" == base[-3:]:
        raise ValueError(f"--base-url must be an http(s) address, not {base_url!r}")
    if any(c in base for c in ' "<>\\^`{|}') or "?" in base or "#" in base:
        raise ValueError(f"--base-url must be a plain address without query or spaces: "
                         f"{base_url!r}")
    return base if base.endswith("/") else base + "/"


def public_url(base_url: str, path: str) -> str:
    """The address a page is published at: a folder's ``index.html`` is the folder itself."""
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    elif path == "index.html":
        path = ""
    return normalise_base_url(base_url) + quote(path, safe="/-._~")
