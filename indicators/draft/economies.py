"""The subject and counterpart economies of a figure, from the names around it.

Names come from the catalogue (`EconomyNames.name_index`: CLDR names in the article's language
and English), plus capitals as metonyms, adjectives and demonyms, short forms and aggregates
(`places`). Each mention gets a role cue from the words before it: a partner preposition
("nach/aus/von/mit/gegenüber/in Richtung", "to/from/with/towards/on") makes a counterpart; a
partner noun ("X ist größter Abnehmer", "the largest buyer") makes the named economy the
partner; "Welt-", "weltweit", "world's" name the world. The subject is looked for in the
figure's clause, then its sentence, then the paragraph's running subject, then the article's
main economy (the one its title and text name most as a subject).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from indicators.draft import places
from indicators.draft import vocabulary as v
from indicators.draft.interfaces import EconomyNames

_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_PARTNER_PREP = {
    "de": re.compile(r"(?:\b(?:nach|aus|von|vom|mit|gegenüber|an|zwischen|in\s+richtung|richtung|"
                     r"in\s+die|in\s+den|gen|zu)(?:\s+(?:der|die|dem|den|das))?)\s*$",
                     re.IGNORECASE),
    "en": re.compile(r"(?:\b(?:to|from|with|towards|toward|on|vis-à-vis|between|by)"
                     r"(?:\s+the)?)\s*$", re.IGNORECASE),
}
_TOGETHER = re.compile(r"\b(?:zusammen\s+mit|gemeinsam\s+mit|together\s+with)\s+(?:the\s+|der\s+|"
                       r"dem\s+|den\s+)?$", re.IGNORECASE)
_WORLD = re.compile(r"(?<![\wäöü])(?:welt(?:weit\w*|\w*markt\w*|produktion|handel\w*|\w+)?|"
                    r"world(?:'s|’s|wide)?|global)(?![\wäöü])", re.IGNORECASE)
_SUM = re.compile(r"\b(?:together|zusammen|combined|gemeinsam|between them)\b", re.IGNORECASE)
_DATELINE = re.compile(r"^[A-ZÄÖÜ][\w .'/-]{0,40}?(?:\.\s|\s[-–—]\s)")


@dataclass
class Mention:
    start: int
    end: int
    code: str
    form: str  # name | adjective | capital | world
    partner: bool = False  # after a partner preposition
    together: bool = False  # "zusammen mit X", "together with X"
    possessive: bool = False


class EconomyFinder:
    """Finds economy mentions in a text (one instance per article and language)."""

    def __init__(self, names: EconomyNames, lang: str):
        self.lang = lang
        index = dict(names.name_index(lang))
        index.update(places.ALIASES)
        self.names = {self._key(k): c for k, c in index.items() if k}
        self.capitals = {self._key(k): c for k, c in places.capital_index().items()}
        self.max_words = max((k.count(" ") + 1 for k in self.names), default=1)
        self.first_words = {k.split(" ")[0] for k in list(self.names) + list(self.capitals)}
        self.adjectives, self.adjective_codes = places.adjective_pattern(lang)
        self.display = names.display_name

    @staticmethod
    def _key(name: str) -> str:
        return _name_key(name)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        end = len(text) if end is None else end
        out: list[Mention] = []
        tokens = list(_TOKEN.finditer(text, start, end))
        i = 0
        while i < len(tokens):
            hit = self._match(text, tokens, i)
            if hit is None:
                i += 1
                continue
            n, code, form = hit
            s, e = tokens[i].start(), tokens[i + n - 1].end()
            out.append(self._mention(text, s, e, code, form))
            i += n
        taken = bytearray(len(text) + 1)
        for m in out:
            taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        for m in self.adjectives.finditer(text, start, end):
            if taken[m.start()]:
                continue
            word = m.group().lower()
            code = self._adjective_code(word)
            if code:
                out.append(self._mention(text, m.start(), m.end(), code, "adjective"))
        for m in _WORLD.finditer(text, start, end):
            if not taken[m.start()]:
                out.append(self._mention(text, m.start(), m.end(), "WLD", "world"))
        out.sort(key=lambda x: x.start)
        return out

    def _adjective_code(self, word: str) -> str | None:
        if word in self.adjective_codes:
            return self.adjective_codes[word]
        for ending in ("em", "en", "er", "es", "e"):
            if word.endswith(ending) and word[: -len(ending)] in self.adjective_codes:
                return self.adjective_codes[word[: -len(ending)]]
        return None

    def _match(self, text: str, tokens: list, i: int) -> tuple[int, str, str] | None:
        first = tokens[i].group()
        if not first[:1].isupper() and first.lower() not in ("euro", "eurozone"):
            return None
        low = self._key(first).split(" ")[0]
        if low not in self.first_words and low[:-1] not in self.first_words:
            return None
        for n in range(min(self.max_words, len(tokens) - i), 0, -1):
            if n > 1 and any(text[tokens[k].end():tokens[k + 1].start()].strip(" .-") != ""
                             for k in range(i, i + n - 1)):
                continue
            raw = " ".join(t.group() for t in tokens[i:i + n])
            key = self._key(raw)
            for candidate in (key, key[:-1] if key.endswith("s") else None):
                if not candidate:
                    continue
                if candidate in places.CASE_SENSITIVE and raw.replace(".", "").replace(
                        " ", "").lower() == candidate.replace(" ", "") and not raw.isupper():
                    continue
                if candidate in self.names:
                    if candidate in ("us", "u s") and re.match(r"\s*(?:-\s*)?dollars?\b",
                                                                text[tokens[i + n - 1].end():][:12],
                                                                re.IGNORECASE):
                        return None  # "US dollars" is a currency
                    return n, self.names[candidate], "name"
                if candidate in self.capitals:
                    return n, self.capitals[candidate], "capital"
        return None

    def _mention(self, text: str, s: int, e: int, code: str, form: str) -> Mention:
        before = text[max(0, s - 30):s]
        m = Mention(s, e, code, form)
        m.partner = bool(_PARTNER_PREP[self.lang].search(before))
        m.together = bool(_TOGETHER.search(before))
        tail = text[e:e + 2]
        m.possessive = tail in ("'s", "’s") or (self.lang == "de" and text[s:e].endswith("s")
                                                   and form == "name")
        return m


@functools.lru_cache(maxsize=16384)  # an article repeats its names: each is keyed once
def _name_key(name: str) -> str:
    return " ".join(_NAME_PUNCTUATION.sub(" ", name.lower()).split())


_NAME_PUNCTUATION = re.compile(r"[-.'’]")


@dataclass
class EconomyContext:
    """What is known about an article's economies while its figures are read in order."""

    finder: EconomyFinder
    mentions: list[Mention]  # in text order, without those in a dateline ("CAIRO -")
    main: str
    paragraph_subject: dict[int, str]
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [m.start for m in self.mentions]

    def within(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return self.mentions[lo:hi]


def build_context(finder: EconomyFinder, text: str, title: str,
                  paragraphs: list[tuple[int, int]]) -> EconomyContext:
    mentions = finder.find(text)
    datelines = []
    for p_start, p_end in paragraphs:
        m = _DATELINE.match(text[p_start:p_end])
        if m:
            datelines.append((p_start, p_start + m.end()))
    weights: Counter[str] = Counter()
    for m in finder.find(title):
        if m.code not in places.GROUPS:
            weights[m.code] += 3
    first_paragraph_end = paragraphs[0][1] if paragraphs else 0
    for m in mentions:
        if m.code in places.GROUPS:
            continue
        weight = 0.3 if m.partner else (1.5 if m.start < first_paragraph_end else 1.0)
        weights[m.code] += weight
    main = weights.most_common(1)[0][0] if weights else ""
    starts = [s for s, _ in datelines]  # in text order

    def in_dateline(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and pos < datelines[i][1]

    visible = [m for m in mentions if not in_dateline(m.start)]
    return EconomyContext(finder, visible, main, {})


def assign(ctx: EconomyContext, text: str, fig_start: int, clause: tuple[int, int],
           sentence: tuple[int, int], paragraph: int, partner_context: bool,
           kind: str) -> tuple[str, list[str], str]:
    """(subject, counterparts, a note on where they were read) for one figure."""
    in_clause = ctx.within(*clause)
    in_sentence = ctx.within(*sentence)
    home = ctx.paragraph_subject.get(paragraph) or ctx.main
    role_noun = bool(v.PARTNER_ROLE.search(text[sentence[0]:sentence[1]]))
    subject, where = "", ""
    counterparts: list[str] = []

    def free(ms: list[Mention]) -> list[Mention]:
        return [m for m in ms if not m.partner and not m.together and m.form != "world"]

    for scope, ms in (("clause", in_clause), ("sentence", in_sentence)):
        candidates = free(ms)
        if not candidates:
            continue
        codes = [m.code for m in candidates]
        others = [m for m in ms if m.partner or m.form == "adjective" and m.code not in codes[:1]]
        if partner_context and len(set(codes)) == 1 and home and codes[0] != home and \
                not role_noun and not candidates[0].possessive and not others:
            subject, where = home, f"{scope} names the partner of the paragraph's economy"
        elif partner_context and len(set(codes)) > 1 and home in codes:
            subject, where = home, f"{scope} (the paragraph's economy among several named)"
        elif partner_context and (role_noun or all(m.form == "adjective" for m in candidates)):
            own = [m for m in candidates if m.code == home or m.possessive]
            if own:
                subject, where = own[0].code, f"{scope} (the economy whose trade it is)"
            elif all(m.code != home for m in candidates) and home:
                subject, where = home, f"{scope} names a partner; the subject is the paragraph's"
            else:
                subject, where = candidates[0].code, scope
        else:
            names = [m for m in candidates if m.form != "adjective"] or candidates
            if kind == "rank":
                names = [m for m in names if m.code not in places.GROUPS]
                if not names:
                    continue  # "the eurozone's largest economy": the group is the set
            preceding = [m for m in names if m.start < fig_start]
            if len(preceding) > 1:  # "Germany, the eurozone's largest economy, …": the group
                preceding = [m for m in preceding if not (m.code in places.GROUPS and
                                                          m.possessive)] or preceding
            subject, where = (preceding[-1] if preceding else names[0]).code, scope
        break
    clause_text = text[clause[0]:clause[1]]
    free_in_clause = list(dict.fromkeys(m.code for m in free(in_clause)))
    if _SUM.search(clause_text) and len(free_in_clause) >= 2:
        partners = [m.code for m in in_clause if m.partner]
        owner = _owner_after(ctx, text, fig_start, clause)  # "… der Exporte Usbekistans"
        subject = owner or (partners[0] if partners else home)
        together = [c for c in free_in_clause if c != subject]
        if len(together) >= 2:
            return subject, together, "clause (a sum: the economies named together)"
    listed = _listed_partner(ctx, text, fig_start, in_sentence)
    if listed and partner_context and home and listed != home:
        return home, [listed], "a list of partners: 'X (figure)'"
    owner = _owner_after(ctx, text, fig_start, clause)
    if owner and kind == "share" and subject and owner != subject:
        return owner, [subject], "clause (a share of the economy named after the figure)"
    if not subject:
        subject = home
        where = ("the paragraph's economy" if ctx.paragraph_subject.get(paragraph)
                 else "the article's main economy")
    if kind == "rank":
        groups = [m.code for m in in_sentence if m.code in ("EUU", "EMU") and m.code != subject]
        named = [m.code for m in in_clause if m.code != subject and m.code not in places.GROUPS
                 and role_noun and not m.possessive]
        return subject, list(dict.fromkeys(named or groups)), where
    if partner_context:
        scopes = (in_sentence,) if any(m.together for m in in_clause) else (in_clause,
                                                                                in_sentence)
        for scope_ms in scopes:
            found = [m.code for m in scope_ms if m.code != subject and (
                m.partner or m.together or m.form == "world" or partner_context or
                (kind == "rank" and m.code in places.GROUPS))]
            if kind == "rank" and not partner_context:
                found = [c for c in found if c in places.GROUPS or role_noun]
            if found:
                counterparts = list(dict.fromkeys(found))
                break
    if counterparts and not partner_context and kind != "rank":
        counterparts = []
    if len(counterparts) > 1 and "WLD" in counterparts:
        counterparts = [c for c in counterparts if c != "WLD"]
    if subject and subject not in places.GROUPS:
        ctx.paragraph_subject[paragraph] = subject
    return subject, counterparts, where


def _listed_partner(ctx: EconomyContext, text: str, fig_start: int,
                    in_sentence: list[Mention]) -> str:
    """'Russia ($4.7 billion), the United States ($663 million)': the name before '('."""
    opener = text.rfind("(", max(0, fig_start - 3), fig_start + 1)
    if opener < 0:
        return ""
    before = [m for m in in_sentence if m.end <= opener and text[m.end:opener].strip() == ""]
    return before[-1].code if before else ""


def _owner_after(ctx: EconomyContext, text: str, fig_start: int, clause: tuple[int, int]
                 ) -> str:
    """The economy whose whole a share is of: "13 % des Rohöls der Europäischen Union",
    "41% of UK exports", "Prozent der chilenischen Exporte"."""
    after = [m for m in ctx.within(fig_start, min(clause[1], fig_start + 70))
             if not m.partner and m.form != "world"]
    if not after:
        return ""
    m = after[0]
    gap = text[fig_start:m.start]
    if re.search(r"\b(?:der|des|of|an\s+den|am)\b", gap, re.IGNORECASE):
        return m.code
    return ""
