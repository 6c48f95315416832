"""Each page's own title (the browser tab, bookmarks, search results), from the claims file
alone, so a server can write it into the page before the comparison has run."""

from __future__ import annotations

from typing import Any

from indicators.output.pages.words import sentence_case

SITE = "Claimcheck"
NOT_FOUND = f"Not found · {SITE}"
CHECK = f"Check an article · {SITE}"


def overview_title(article: Any) -> str:
    return f"{article.title} — which figures hold? · {SITE}"


def claim_title(article: Any, claim: Any) -> str:
    return f"{sentence_case(claim.gloss)} · {article.title} · {SITE}"


def table_title(article: Any) -> str:
    return f"Table of every claim and source · {article.title} · {SITE}"


def index_title(n_articles: int) -> str:
    return f"{SITE} — {n_articles} article{'s' if n_articles != 1 else ''} checked"
