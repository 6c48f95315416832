"""The 1200×630 share cards (OpenGraph / Twitter) as Plotly figures: the claim, its verdict and
the deciding figure; for an article, its title and headline. Pure functions of the result;
`images` makes the PNG.
"""

from __future__ import annotations

import textwrap
from html import escape

from indicators.output.pages.cards import claimed_line
from indicators.output.pages.sentences import claim_sentence
from indicators.output.pages.words import claim_verdict

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
            "annotations": [a for a in annotations if a is not None],
        },
    }


QUALIFIED = "#9a6700"  # amber: a verdict on old, indirect or fallback evidence


def qualifiers(claim_result) -> list[str]:
    """The verdict's qualifiers in the dashboard's words ("on 2017 data", "proxy", …)."""
    return list(claim_verdict(claim_result).qualifiers)


def claim_card(claim_result, article_title: str) -> dict:
    claim = claim_result.claim
    verdict = claim_verdict(claim_result)
    words = list(verdict.qualifiers)
    colour = QUALIFIED if verdict.qualified else verdict.colour
    glyph = verdict.glyph
    claimed = claimed_line(claim)
    return _frame([
        _text("CLAIMCHECK · FACT CHECK", 0.93, 22, colour=MUTED, bold=True),
        _text(_lines(claim.gloss, 40, 2), 0.83, 44, bold=True),
        _text(_lines(f"Claimed: {claimed}", 80, 1), 0.59, 26, colour=MUTED),
        _text(f"<span style='color:{verdict.colour}'>{glyph}</span> Claim verdict: "
              f"{escape(verdict.label)}", 0.50, 38, bold=True),
        _text(_lines("— " + "; ".join(words), 76, 2), 0.41, 24,
              colour=QUALIFIED if verdict.qualified else MUTED, bold=True)
        if words else None,
        _text(_lines(claim_sentence(claim_result), 76, 3), 0.28 if words else 0.38, 24),
        _text(_lines(f"Article: {article_title}", 80, 1), 0.07, 20, colour=MUTED),
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
