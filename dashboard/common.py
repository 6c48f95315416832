"""Small pieces every page uses: verdict badges, links, the claim in words, URL state.

Pure functions of the comparison result; no store access, no verdict logic.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlencode

from dash import html

from indicators.numbers import fmt_value
from indicators.output.display import verdict_colour
from indicators.wording import claim_text, shaped_claim

VERDICT_ICONS = {
    "consistent": "✓",
    "approximately": "≈",
    "outdated": "◷",
    "overstated": "▲",
    "understated": "▼",
    "context": "ℹ",
    "no data": "∅",
}


# -- small helpers --------------------------------------------------------------------------
def slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def verdict_badge(verdict, *, large: bool = False, **extra) -> html.Span:
    """Text + glyph + colour; the meaning is in the title (and spelled out in the legend)."""
    value = verdict.value
    return html.Span(
        [
            html.Span(VERDICT_ICONS.get(value, "•"), className="verdict-icon",
                      **{"aria-hidden": "true"}),
            html.Span(verdict.label, className="verdict-label"),
        ],
        className=f"verdict verdict-{slug(value)}" + (" verdict-large" if large else ""),
        style={"--verdict-colour": verdict_colour(verdict)},
        title=verdict.meaning,
        **{"data-verdict": value},
        **extra,
    )


def relative(app, path: str) -> str:
    return app.get_relative_path(path)


def claim_href(app, claim_id: str, reading_id: str | None = None,
               peers: tuple[str, ...] | list[str] = ()) -> str:
    query = {}
    if reading_id:
        query["reading"] = reading_id
    if peers:
        query["peers"] = ",".join(peers)
    suffix = "?" + urlencode(query, safe=",") if query else ""
    return relative(app, f"/claim/{claim_id}") + suffix


def parse_search(search: str | None) -> tuple[str | None, list[str]]:
    """``?reading=<id>&peers=RUS,UKR`` → (reading id, peer codes)."""
    params = parse_qs((search or "").lstrip("?"))
    reading = (params.get("reading") or [None])[0]
    peers = [p for raw in params.get("peers", []) for p in raw.split(",") if p]
    return reading, peers


def article_date(article) -> date | None:
    try:
        return date.fromisoformat(str(article.date)[:10])
    except (AttributeError, ValueError):
        return None


def claimed_text(claim) -> str:
    if claim.qualitative:
        return "no figure (qualitative claim)"
    if shaped_claim(claim):  # changes, ranks, periods, amounts (issue 16): their own words
        return claim_text(claim)
    bound = "" if claim.bound == "about" else claim.bound + " "  # the article's own terms
    return bound + fmt_value(claim.value, claim.unit)


def observed_text(point) -> str:
    if point is None:
        return "no data"
    period = f", {point.period}" if point.period and not point.computed else ""
    return f"{fmt_value(point.value, point.unit)} ({point.year}{period})"



def verdict_line(kind: str, verdict, **extra) -> html.Div:
    """A verdict badge with what it is the verdict of: "Claim verdict" or "Reading verdict"."""
    return html.Div([html.Span(f"{kind}:", className="verdict-kind"),
                     verdict_badge(verdict, large=kind.startswith("Claim"))],
                    **extra)


def find_claim(result, claim_id: str):
    if result is None:
        return None
    return next((c for c in result.claims if c.claim.id == claim_id), None)

