"""Paragraphs, sentences and clauses of a text, each with its offsets in the text.

A figure's economy, year and bound are read from its clause first, then its sentence, its
paragraph and the title, so the spans must be exact (every quote is a substring of the text).
Sentences end at . ! ? before a capital, a digit or a quote, except after abbreviations
("Mrd.", "Mio.", "z. B.", "U.S."), initials and German ordinals ("24. Februar", "16. Platz").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ABBREVIATIONS = frozenset(
    "mrd mio tsd bzw ca rd nr dr prof st usw vgl ggf inkl zzgl evtl sog u a d h z b o ä "
    "jan feb febr mär apr jun jul aug sep sept okt nov dez abs art bd jh jhd mr mrs ms inc "
    "co corp ltd no vs etc e g i approx est gov fig p pp min max mill bn mn".split())
_MONTH_OR_ORDINAL_NOUN = re.compile(
    r"(januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|"
    r"platz|rang|stelle|quartal|halbjahr|jahrhundert|jahrestag|lebensjahr)\b", re.IGNORECASE)
_END = re.compile(r"[.!?…]+[\"'”“»«)]*(?=\s+[\"'„“»«(]?[A-ZÄÖÜ0-9])")
_BLOCK = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")  # text between blank lines
_LINE = re.compile(r"[^\n]+")
_CLAUSE = re.compile(r"\s*(?:;|:\s|\s[-–—]\s|\(|\)|,\s)\s*")


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int
    index: int  # position in the whole text
    clauses: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Segments:
    text: str
    paragraphs: list[tuple[int, int]]
    sentences: list[Sentence]

    def sentence_at(self, pos: int) -> Sentence:
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:  # binary search: the last sentence starting at or before pos
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].start <= pos:
                lo = mid
            else:
                hi = mid - 1
        return self.sentences[lo]

    def clause_at(self, pos: int) -> tuple[int, int]:
        sentence = self.sentence_at(pos)
        for start, end in sentence.clauses:
            if start <= pos < end:
                return start, end
        return sentence.start, sentence.end

    def paragraph_sentences(self, sentence: Sentence) -> list[Sentence]:
        return [s for s in self.sentences if s.paragraph == sentence.paragraph]


def segment(text: str) -> Segments:
    """Paragraphs are blocks between blank lines; inside a block, every line is a paragraph
    (a page saved as text: a heading, a caption, then one line per paragraph) unless the
    block is hard-wrapped (`_wrapped`), whose lines are one paragraph."""
    paragraphs: list[tuple[int, int]] = []
    for block in _BLOCK.finditer(text):
        lines = [m for m in _LINE.finditer(text, block.start(), block.end())
                 if m.group().strip()]
        spans = [(block.start(), block.end())] if _wrapped(lines) else [
            (m.start(), m.end()) for m in lines]
        for start, end in spans:
            piece = text[start:end]
            if piece.strip():
                paragraphs.append((start + len(piece) - len(piece.lstrip()),
                                   start + len(piece.rstrip())))
    sentences: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        for s_start, s_end in _sentences(text, p_start, p_end):
            sentence = Sentence(s_start, s_end, p_index, len(sentences))
            sentence.clauses = _clauses(text, s_start, s_end)
            sentences.append(sentence)
    return Segments(text=text, paragraphs=paragraphs, sentences=sentences)


WRAP_WIDTH = 100  # characters: lines of a hard-wrapped text are at most about this long


def _wrapped(lines: list[re.Match]) -> bool:
    """A block of lines broken at a fixed width (an e-mail, a wire text): all lines but the
    last are long but no longer than `WRAP_WIDTH`, and most end inside a sentence."""
    if len(lines) < 2:
        return False
    body = [len(m.group().rstrip()) for m in lines[:-1]]
    inside = sum(1 for m in lines[:-1] if not m.group().rstrip().endswith((".", "!", "?", ":")))
    return max(body) <= WRAP_WIDTH and min(body) >= 0.5 * max(body) and inside * 2 >= len(body)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = start
    chunk = text[start:end]
    for m in _END.finditer(chunk):
        cut = start + m.end()
        if _no_break(text, start + m.start(), cut):
            continue
        spans.append((begin, cut))
        begin = cut + (len(text[cut:end]) - len(text[cut:end].lstrip()))
    if begin < end:
        spans.append((begin, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _no_break(text: str, dot: int, cut: int) -> bool:
    """True where the period ends an abbreviation, an initial or a German ordinal."""
    if text[dot] != ".":
        return False
    m = re.search(r"(\w+)$", text[max(0, dot - 20):dot])
    word = m.group(1) if m else ""
    if word.lower() in _ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial ("Christopher W. Smith") or "U.S."
    if word.isdigit() and len(word) <= 2 and _MONTH_OR_ORDINAL_NOUN.match(text[cut:].lstrip()):
        return True
    return False


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = start
    for m in _CLAUSE.finditer(text, start, end):
        if m.start() > begin:
            spans.append((begin, m.start()))
        begin = m.end()
    if begin < end:
        spans.append((begin, end))
    out = []
    for s, e in spans:
        piece = text[s:e]
        s += len(piece) - len(piece.lstrip())
        e -= len(piece) - len(piece.rstrip())
        while e > s and text[e - 1] in ".!?;,":
            e -= 1
        if e > s:
            out.append((s, e))
    return out or [(start, end)]
