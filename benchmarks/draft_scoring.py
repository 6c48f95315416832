"""Scoring drafted claims against hand labels (the rule of the labelled sets' README).

A drafted claim matches a label when its quote overlaps the label's quote in the passage and
their values are equal after scale words (±0.1 for fraction words; the sign of a change may be
carried by the wording instead of the number); labels that share a quote are matched one to
one. Recall = matched labels ÷ labels; precision = matched drafts ÷ drafts (a drafted
distractor, or any draft matching no label, counts against it); fields = the share of matched
labels whose value (with its sign), bound, subject and year are all right (and a stricter
share that also needs the counterpart); series top-3 = the share of labels with a `wdi` list
whose drafted claim proposes one of those series among its first three readings (a label not
drafted counts as a miss).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Passage:
    name: str
    language: str
    published: str
    title: str
    text: str
    labels: list[dict]
    distractors: list[dict]


@dataclass
class Score:
    labels: int = 0
    drafts: int = 0
    matched: int = 0
    fields_right: int = 0
    strict_right: int = 0
    wdi_labels: int = 0
    wdi_top3: int = 0
    distractors: int = 0
    distractors_drafted: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong_fields: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("labels", "drafts", "matched", "fields_right", "strict_right",
                     "wdi_labels", "wdi_top3", "distractors", "distractors_drafted"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses
        self.extras += other.extras
        self.wrong_fields += other.wrong_fields

    @staticmethod
    def _ratio(a: int, b: int) -> float | None:
        return a / b if b else None

    def metrics(self) -> dict[str, float | None]:
        return {"recall": self._ratio(self.matched, self.labels),
                "precision": self._ratio(self.matched, self.drafts),
                "fields": self._ratio(self.fields_right, self.matched),
                "fields_with_counterpart": self._ratio(self.strict_right, self.matched),
                "series_top3": self._ratio(self.wdi_top3, self.wdi_labels)}


def load_passages(folder: Path) -> list[Passage]:
    """The passages of a labelled set (``articles/`` + ``labels.json``)."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    out = []
    for item in labels:
        raw = (folder / "articles" / item["article"]).read_text(encoding="utf-8")
        head, _, text = raw.partition("\n\n")
        meta = {}
        for line in head.splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip()
        out.append(Passage(item["article"], item["language"], _date(meta.get("date", "")),
                           meta.get("title", ""), text, item["claims"], item["distractors"]))
    return out


def _date(text: str) -> str:
    """YYYY-MM-DD from a header's date ("2024-01-12 (from URL path)", "inferred November
    2022" → the middle of that month)."""
    m = re.search(r"\d{4}-\d\d-\d\d", text)
    if m:
        return m.group()
    months = ["january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december"]
    m = re.search(r"(" + "|".join(months) + r")\s+(\d{4})", text, re.IGNORECASE)
    if m:
        return f"{m.group(2)}-{months.index(m.group(1).lower()) + 1:02d}-15"
    return ""


def _same_value(draft: float, label: float, fraction: bool) -> bool:
    tolerance = 0.1 if fraction else max(1e-9, abs(label) * 1e-9)
    return abs(abs(draft) - abs(label)) <= tolerance


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_passage(passage: Passage, claims) -> Score:
    """``claims``: the drafted claims (`DraftClaim`) of the passage."""
    score = Score(labels=len(passage.labels), drafts=len(claims),
                  distractors=len(passage.distractors))
    spans = []
    for label in passage.labels:
        start = passage.text.find(label["quote"])
        spans.append((start, start + len(label["quote"])))
    used: set[int] = set()
    matched: dict[int, object] = {}
    for li, label in enumerate(passage.labels):  # labels in order, each draft used once
        for di, claim in enumerate(claims):
            if di in used or claim.qualitative:
                continue
            if _overlap((claim.quote_start, claim.quote_end), spans[li]) and _same_value(
                    claim.value, label["value"], claim.figure.form == "fraction"):
                used.add(di)
                matched[li] = claim
                break
    score.matched = len(matched)
    for li, label in enumerate(passage.labels):
        claim = matched.get(li)
        wdi = label.get("wdi") or []
        if wdi:
            score.wdi_labels += 1
            if claim is not None and any(r.series in wdi for r in claim.readings[:3]):
                score.wdi_top3 += 1
        if claim is None:
            score.misses.append(f"{passage.name}: {label['quote']!r} ({label['value']})")
            continue
        value_ok = abs(claim.value - label["value"]) <= (
            0.1 if claim.figure.form == "fraction" else max(1e-9, abs(label["value"]) * 1e-9))
        cp = label.get("counterpart")
        want_cp = sorted(cp) if isinstance(cp, list) else ([cp] if cp else [])
        checks = {"value": value_ok, "bound": claim.bound == label["bound"],
                  "subject": claim.subject == label["subject"], "year": claim.year == label["year"]}
        if all(checks.values()):
            score.fields_right += 1
            if sorted(claim.counterpart) == want_cp:
                score.strict_right += 1
        else:
            wrong = ", ".join(f"{k} {_got(claim, k)} ≠ {label[k]}" for k, ok in checks.items()
                              if not ok)
            score.wrong_fields.append(f"{passage.name}: {label['quote']!r}: {wrong}")
    for di, claim in enumerate(claims):
        if di in used:
            continue
        hit = any(_overlap((claim.quote_start, claim.quote_end), (s, s + len(d["quote"])))
                  and _same_value(claim.value, d["value"], False)
                  for d in passage.distractors for s in [passage.text.find(d["quote"])])
        score.distractors_drafted += int(hit)
        score.extras.append(f"{passage.name}: {claim.quote!r} ({claim.value:g} {claim.unit})"
                            + (" [a distractor]" if hit else ""))
    return score


def _got(claim, key: str):
    return {"value": claim.value, "bound": claim.bound, "subject": claim.subject,
            "year": claim.year}[key]
