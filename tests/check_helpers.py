"""The "Check an article" page's callbacks called over HTTP as the browser calls them, and the
German passage the tests draft (written for these tests, with four figures)."""

from __future__ import annotations

import json

ARTICLE = """Polen hängt den Nachbarn ab

Warschau. Die polnische Wirtschaft ist 2022 um 5,3 Prozent gewachsen, deutlich stärker als \
der Durchschnitt der Europäischen Union. Die Ausfuhren von Waren und Dienstleistungen \
entsprachen 2022 rund 62 Prozent des Bruttoinlandsprodukts.

Auch die Einfuhren lagen mit 63 Prozent der Wirtschaftsleistung hoch. Die Inflation erreichte \
2022 mehr als 14 Prozent, den höchsten Wert seit einem Vierteljahrhundert.
"""
TITLE = "Polen hängt den Nachbarn ab"
DATE = "2023-05-10"
FIELDS = ("value", "bound", "economy", "year", "reading")


def field_id(field: str, index: int) -> dict:
    return {"field": field, "index": index, "type": "draft-field"}


def source(text: str = ARTICLE, title: str = TITLE, date: str = DATE, language: str = "de"):
    return {"text": text, "title": title, "language": language, "date": date}


def draft_body(text: str = ARTICLE, title: str = TITLE, date: str = DATE, language: str = "de"):
    return {
        "output": "..check-results.children...check-source.data...check-message.children..",
        "outputs": [{"id": "check-results", "property": "children"},
                    {"id": "check-source", "property": "data"},
                    {"id": "check-message", "property": "children"}],
        "inputs": [{"id": "check-draft", "property": "n_clicks", "value": 1}],
        "state": [{"id": "check-text", "property": "value", "value": text},
                  {"id": "check-title", "property": "value", "value": title},
                  {"id": "check-language", "property": "value", "value": language},
                  {"id": "check-date", "property": "value", "value": date}],
        "changedPropIds": ["check-draft.n_clicks"],
    }


def _all_fields(edits: list[dict]) -> list[list[dict]]:
    return [[{"id": field_id(f, i), "property": "value", "value": e[f]}
             for i, e in enumerate(edits)] for f in FIELDS]


def correct_body(deps: list[dict], edits: list[dict], src: dict, changed: str = "value"):
    dep = next(d for d in deps if "draft-verdict" in d["output"])
    return {
        "output": dep["output"],
        "outputs": [[{"id": {"index": i, "type": "draft-verdict"}, "property": "children"}
                     for i in range(len(edits))],
                    {"id": "check-problems", "property": "children"}],
        "inputs": _all_fields(edits),
        "state": [{"id": "check-source", "property": "data", "value": src}],
        "changedPropIds": [json.dumps(field_id(changed, 0), separators=(",", ":"))
                           + ".value"],
    }


def download_body(edits: list[dict], src: dict):
    return {
        "output": "check-download-file.data",
        "outputs": {"id": "check-download-file", "property": "data"},
        "inputs": [{"id": "check-download", "property": "n_clicks", "value": 1}],
        "state": [*_all_fields(edits),
                  {"id": "check-source", "property": "data", "value": src}],
        "changedPropIds": ["check-download.n_clicks"],
    }
