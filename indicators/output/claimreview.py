"""schema.org ClaimReview (JSON-LD) of an `ArticleResult`, one review per claim.

The rating mapping (docs/verdicts.md, "ClaimReview rating"): consistent 5, approximately 4,
outdated 3, overstated / understated 2, context / no data unrated; a verdict on dated, proxy
or fallback evidence never gets the top value (`rating_value`).
"""

from __future__ import annotations

import json
from typing import Any

from indicators.judge.results import ArticleResult, ClaimResult
from indicators.judge.verdicts import Verdict
from indicators.wording import claim_text

RATING = {
    Verdict.CONSISTENT: 5,
    Verdict.APPROXIMATELY: 4,
    Verdict.OUTDATED: 3,
    Verdict.OVERSTATED: 2,
    Verdict.UNDERSTATED: 2,
}
QUALIFIED_CAP = {Verdict.CONSISTENT: 4, Verdict.APPROXIMATELY: 3}


def rating_value(c: ClaimResult) -> int | None:
    """The 1–5 rating of a claim (None for context / no data). The top value needs a verdict
    decided by the most likely reading on recent evidence of the claim's own definition: on
    dated, proxy or fallback evidence consistent is capped at 4 and approximately at 3."""
    if c.verdict not in RATING:
        return None
    d = c.deciding
    direct = c.basis in ("likely", "only") and d is not None and d.quality.direct
    return RATING[c.verdict] if direct else min(RATING[c.verdict],
                                                 QUALIFIED_CAP.get(c.verdict, 5))


def to_claimreview(result: ArticleResult) -> list[dict[str, Any]]:
    """One schema.org ClaimReview (JSON-LD) per claim."""
    a = result.article
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": a.title,
                                  "datePublished": a.date, "inLanguage": a.language}
    if a.url:
        appearance["url"] = a.url
    out = []
    for c in result.claims:
        rating: dict[str, Any] = {"@type": "Rating", "alternateName": c.verdict_text,
                                  "ratingExplanation": c.explanation}
        if (value := rating_value(c)) is not None:
            rating |= {"ratingValue": value, "bestRating": 5, "worstRating": 1}
        body = " ".join(
            [f"The claim in the article's terms: {claim_text(c.claim)}."]
            + [f"{r.meaning} {r.explanation} Verdict: {r.verdict_text}." for r in c.readings])
        citations = sorted({leaf.origin for r in c.readings for leaf in r.sources
                            if leaf.origin})
        out.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": c.claim.gloss,
            "datePublished": result.generated_at[:10],
            "author": {"@type": "Organization", "name": "Claimcheck"},
            "itemReviewed": {
                "@type": "Claim",
                "text": c.claim.quote,
                "inLanguage": a.language,
                "appearance": appearance,
                "datePublished": a.date,
            },
            "reviewRating": rating,
            "reviewBody": body,
            "citation": citations,
        })
    return out


def to_claimreview_bytes(result: ArticleResult) -> bytes:
    return (json.dumps(to_claimreview(result), ensure_ascii=False, indent=2) + "\n").encode()
