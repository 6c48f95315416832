"""The article's language (de or en) from its most common function words.

Only two languages are drafted; a text in neither is read as English and the caller says so.
Counting a few hundred frequent function words is enough to tell German from English news and
costs microseconds, so no language-identification model is loaded.
"""

from __future__ import annotations

import re

_WORDS = {
    "de": frozenset("der die das und ist nicht mit von den dem des ein eine einer im auf für "
                    "sich zu als auch nach bei wie wurde sind hat um aus noch über seit".split()),
    "en": frozenset("the and of to in is that for with on as was by from its has are have "
                    "this were at which it an be their than since".split()),
}
_TOKEN = re.compile(r"[A-Za-zÄÖÜäöüß]+")


def guess_language(text: str) -> tuple[str, str]:
    """("de" | "en", a short note saying how it was decided)."""
    counts = {lang: 0 for lang in _WORDS}
    for token in _TOKEN.findall(text[:200_000].lower()):
        for lang, words in _WORDS.items():
            if token in words:
                counts[lang] += 1
    lang = max(counts, key=lambda k: counts[k])
    if counts[lang] == 0:
        return "en", "no German or English function words found; read as English"
    other = "en" if lang == "de" else "de"
    return lang, (f"guessed from its words ({counts[lang]} {lang} function words against "
                  f"{counts[other]} {other}); pass --lang to say otherwise")
