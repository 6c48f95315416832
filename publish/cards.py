"""The 1200×630 share cards (OpenGraph / Twitter) as Plotly figures: the claim, its verdict and
the deciding figure; for an article, its title and headline. Pure functions of the result;
`images` makes the PNG.
"""

from __future__ import annotations

import textwrap
from html import escape

from dashboard.common import VERDICT_ICONS, claimed_text
from dashboard.prose import claim_sentence
from indicators.output.display import verdict_colour

WIDTH, HEIGHT = 1200, 630
INK, MUTED = "#1b1b1b", "#555555"


def _lines(text: str, width: int, most: int) -> str:
    # Plotly reads <b>, <br> and entities in annotation text: the claim's own text is escaped.
    lines = [escape(line, quote=False) for line in textwrap.wrap(text, width)] or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1].rstrip(" .,;:") + " …"
    return "<br>".join(lines)


def _text(text: str, y: float, size: int, *, colour: str = INK, bold: bool = False) -> dict:
    return {"text": f"<b>{text}</b>" if bold else text, "x": 0.06, "y": y, "xref": "paper",
            "yref": "paper", "xanchor": "left", "yanchor": "top", "showarrow": False,
            "align": "left", "font": {"size": size, "color": colour}}


def _frame(annotations: list[dict], colour: str) -> dict:
    return {
        "data": [],
        "layout": {
            "width": WIDTH, "height": HEIGHT, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
            "xaxis": {"visible": False, "range": [0, 1]},
            "yaxis": {"visible": False, "range": [0, 1]},
            "font": {"family": "DejaVu Sans, Arial, sans-serif"},
            "shapes": [{"type": "rect", "xref": "paper", "yref": "paper", "x0": 0, "x1": 0.025,
                        "y0": 0, "y1": 1, "fillcolor": colour, "line": {"width": 0}}],
            "annotations": annotations,
        },
    }


def claim_card(claim_result, article_title: str) -> dict:
    claim = claim_result.claim
    verdict = claim_result.verdict
    colour = verdict_colour(verdict)
    glyph = VERDICT_ICONS.get(verdict.value, "•")
    claimed = claimed_text(claim) + (f" for {claim.year}" if claim.year else "")
    return _frame([
        _text("CLAIMCHECK · FACT CHECK", 0.93, 22, colour=MUTED, bold=True),
        _text(_lines(claim.gloss, 40, 2), 0.82, 46, bold=True),
        _text(_lines(f"Claimed: {claimed}", 80, 1), 0.56, 26, colour=MUTED),
        _text(f"<span style='color:{colour}'>{glyph}</span> Claim verdict: {verdict.label}",
              0.46, 40, bold=True),
        _text(_lines(claim_sentence(claim_result), 66, 3), 0.33, 26),
        _text(_lines(f"Article: {article_title}", 80, 1), 0.08, 20, colour=MUTED),
    ], colour)


def article_card(result) -> dict:
    article = result.article
    return _frame([
        _text("CLAIMCHECK · FACT CHECK", 0.93, 22, colour=MUTED, bold=True),
        _text(_lines(article.title, 40, 3), 0.82, 46, bold=True),
        _text(_lines(result.headline(), 60, 4), 0.42, 30),
        _text(" · ".join(x for x in (article.publisher, article.date) if x), 0.08, 20,
              colour=MUTED),
    ], "#1f4e79")
