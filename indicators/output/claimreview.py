"""schema.org ClaimReview (JSON-LD) of an `ArticleResult`, one review per claim.

Every field Google's fact-check markup requires (`url`, `claimReviewed`, `reviewRating` with
`alternateName`) or recommends (`author`, `datePublished`, `itemReviewed` as a `Claim` with its
`author`, `datePublished` and `appearance`; the rating's `name`, `ratingValue`, `bestRating`,
`worstRating`), where the claims file and the options give it; `missing_fields` names those
that are absent, so `publish` and `export` can say so. Nothing is invented: without
`--base-url` there is no `url`, and without the article's `url` / `publisher` in the claims file
the `appearance` has no `url` and the claim no `author`. `firstAppearance` is left out: the
article is where Claimcheck met the claim, not necessarily where it first appeared.

The rating mapping (docs/verdicts.md, "ClaimReview rating"): consistent 5, approximately 4,
outdated 3, overstated / understated 2, context / no data unrated (a textual rating only); a
verdict on dated, proxy or fallback evidence never gets the top value (`rating_value`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from indicators.judge.results import ArticleResult, ClaimResult
from indicators.judge.verdicts import Verdict
from indicators.output.site_urls import claim_path, normalise_base_url, public_url
from indicators.wording import claim_text

RATING = {
    Verdict.CONSISTENT: 5,
    Verdict.APPROXIMATELY: 4,
    Verdict.OUTDATED: 3,
    Verdict.OVERSTATED: 2,
    Verdict.UNDERSTATED: 2,
}
QUALIFIED_CAP = {Verdict.CONSISTENT: 4, Verdict.APPROXIMATELY: 3}
DEFAULT_AUTHOR = "Claimcheck"

# Google's fact-check markup: what it requires, and what it recommends (dotted paths).
REQUIRED = ("url", "claimReviewed", "reviewRating", "reviewRating.alternateName")
RECOMMENDED = ("author", "author.name", "datePublished", "itemReviewed", "itemReviewed.@type",
               "itemReviewed.author", "itemReviewed.author.name", "itemReviewed.datePublished",
               "itemReviewed.appearance", "itemReviewed.appearance.url",
               "itemReviewed.appearance.headline", "itemReviewed.appearance.datePublished",
               "reviewRating.name")
# Only a scored verdict has a number; context and no data are rated in words alone.
RECOMMENDED_NUMERIC = ("reviewRating.ratingValue", "reviewRating.bestRating",
                       "reviewRating.worstRating")


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


def article_id_of(result: ArticleResult) -> str:
    """The article's id in a site's addresses: its claims file's name without ``.toml``."""
    return Path(result.claims_path).stem or "article"


def to_claimreview(result: ArticleResult, *, base_url: str | None = None,
                   author: str | None = None, article_id: str | None = None,
                   date: str | None = None) -> list[dict[str, Any]]:
    """One schema.org ClaimReview (JSON-LD) per claim.

    ``base_url``: where the site of `claimcheck publish` lives (gives each review its `url`);
    ``author``: who publishes the fact check (default "Claimcheck"); ``date``: its publication
    date (default: the date of the result's generated-at stamp).
    """
    a = result.article
    aid = article_id or article_id_of(result)
    base = normalise_base_url(base_url) if base_url else None
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": a.title,
                                  "datePublished": a.date, "inLanguage": a.language}
    if a.url:
        appearance["url"] = a.url
    if a.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": a.publisher}
    reviewer: dict[str, Any] = {"@type": "Organization", "name": author or DEFAULT_AUTHOR}
    if base:
        reviewer["url"] = base
    out = []
    for c in result.claims:
        rating: dict[str, Any] = {"@type": "Rating", "name": c.verdict.label,
                                  "alternateName": c.verdict_text,
                                  "ratingExplanation": c.explanation}
        if (value := rating_value(c)) is not None:
            rating |= {"ratingValue": value, "bestRating": 5, "worstRating": 1}
        body = " ".join(
            [f"The claim in the article's terms: {claim_text(c.claim)}."]
            + [f"{r.meaning} {r.explanation} Verdict: {r.verdict_text}." for r in c.readings])
        citations = sorted({leaf.origin for r in c.readings for leaf in r.sources
                            if leaf.origin})
        claim: dict[str, Any] = {"@type": "Claim", "text": c.claim.quote,
                                 "inLanguage": a.language, "datePublished": a.date,
                                 "appearance": appearance}
        if a.publisher:
            claim["author"] = {"@type": "Organization", "name": a.publisher}
        review: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview"}
        if base:
            review["url"] = public_url(base, claim_path(aid, c.claim.id))
        review |= {
            "name": f"Fact check: {c.claim.gloss}",
            "claimReviewed": c.claim.gloss,
            "datePublished": date or result.generated_at[:10],
            "author": reviewer,
            "itemReviewed": claim,
            "reviewRating": rating,
            "reviewBody": body,
            "citation": citations,
        }
        out.append(review)
    return out


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return None
        obj = obj[part]
    return obj


def missing_fields(review: dict[str, Any]) -> list[str]:
    """The fields Google requires or recommends that ``review`` lacks ("required: url", …)."""
    out = [f"required: {f}" for f in REQUIRED if _get(review, f) in (None, "", [], {})]
    out += [f"recommended: {f}" for f in RECOMMENDED if _get(review, f) in (None, "", [], {})]
    if _get(review, "reviewRating.ratingValue") is not None or _rated(review):
        out += [f"recommended: {f}" for f in RECOMMENDED_NUMERIC if _get(review, f) is None]
    if review.get("@type") != "ClaimReview" or review.get("@context") != "https://schema.org":
        out.insert(0, "required: @context https://schema.org and @type ClaimReview")
    if _get(review, "itemReviewed.@type") not in (None, "Claim"):
        out.append("recommended: itemReviewed.@type Claim")
    return out


def _rated(review: dict[str, Any]) -> bool:
    name = _get(review, "reviewRating.name")
    return name in {v.label for v in RATING}


def to_claimreview_bytes(result: ArticleResult, **options: Any) -> bytes:
    return (json.dumps(to_claimreview(result, **options), ensure_ascii=False, indent=2)
            + "\n").encode()
