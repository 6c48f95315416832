"""A figure that refers back to the previous claim's economies: "Im Vorjahr lag dieser Anteil
bei 6,3 %", "This is 2.6 times more", "… was 56%, and in 2021 - 17.5%".

Such a figure names no economy of its own, so the economy rules fall back on the paragraph's
economy and lose the partner the previous claim was about (Russia's share). Where its words
point back (a demonstrative with a measure's noun, "Das ist …" opening a sentence) or it
continues the previous claim's sentence after a conjunction with no economy of its own ("… und
erreichte 2019 mit 10,4 % …", "and in 2021 - 17.5%"), it takes the previous claim's subject and
counterpart, and its comment says so. Vocabulary, not data.
"""

from __future__ import annotations

import re

from indicators.draft.economies import EconomyContext
from indicators.draft.model import DraftClaim

_BACK = {
    "de": re.compile(
        r"\b(?:dieser|diese|dieses|diesen|derselbe|dieselbe|der\s+gleiche|die\s+gleiche)\s+"
        r"(?:Anteil|Wert|Quote|Betrag|Zahl|Summe|Niveau|Umfang|Volumen)\b|"
        r"(?:^|[.!?]\s+)(?:Das|Dies)\s+(?:ist|sind|war|waren|entspricht|entsprach|macht|"
        r"machte)\b", re.IGNORECASE),
    "en": re.compile(
        r"\b(?:this|that|the\s+same)\s+(?:share|figure|ratio|amount|number|level|sum|"
        r"proportion|volume)\b|"
        r"(?:^|[.!?]\s+)(?:This|That|It)\s+(?:is|was|amounts?|represents?|equals?)\b",
        re.IGNORECASE),
}
# The previous claim's sentence continues: a conjunction, then no new subject before the figure.
_CONTINUES = re.compile(r"^[^.;:!?]*?(?:\bund\b|\band\b|\bsowie\b|\bwhile\b|\bwährend\b)",
                        re.IGNORECASE)
# Where the economy rules fell back on an economy the figure's words do not name.
_FALLBACK = ("the paragraph's economy", "the article's main economy")


def carry_back(claims: list[DraftClaim], text: str, ctx: EconomyContext, lang: str,
               sentence_of, paragraph_of) -> None:
    """Gives each back-referring figure the previous claim's economies (in place).
    ``sentence_of`` / ``paragraph_of``: a text position → its sentence's span / paragraph."""
    previous: DraftClaim | None = None
    for claim in claims:
        if claim.qualitative:
            continue
        if previous is not None and _refers_back(claim, previous, text, ctx, lang,
                                                 sentence_of, paragraph_of):
            claim.subject, claim.counterpart = previous.subject, list(previous.counterpart)
            claim.economy_note = (f"subject {claim.subject} and counterpart "
                                  f"{', '.join(claim.counterpart)} from the claim before "
                                  "(its words refer back to it and name no economy of their "
                                  "own)")
        previous = claim


def _refers_back(claim: DraftClaim, previous: DraftClaim, text: str, ctx: EconomyContext,
                 lang: str, sentence_of, paragraph_of) -> bool:
    partners = [c for c in previous.counterpart if c != "WLD"]  # a share of the world's whole
    if claim.counterpart or not partners or previous.subject != claim.subject and \
            not claim.economy_note.startswith(_FALLBACK):
        return False
    if paragraph_of(claim.figure.start) != paragraph_of(previous.figure.start):
        return False
    sentence = sentence_of(claim.figure.start)
    if sentence_of(previous.figure.start) == sentence:  # "…, and in 2021 - 17.5%"
        between = text[previous.figure.end:claim.figure.start]
        return not _named(ctx, previous.figure.end, claim.figure.start) and bool(
            _CONTINUES.match(between) or _BACK[lang].search(between))
    lead = text[sentence[0]:claim.figure.start]  # "Im Vorjahr lag dieser Anteil bei …"
    return not _named(ctx, sentence[0], claim.figure.start) and bool(_BACK[lang].search(lead))


def _named(ctx: EconomyContext, start: int, end: int) -> bool:
    return any(m.form != "world" for m in ctx.within(start, end))
