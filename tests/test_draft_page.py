"""The "Check an article" page without a browser: the view model (drafted rows, corrections,
the claims file, the marked text) and its callbacks over HTTP, on a real store opened
read-only — its bytes and mtime unchanged and no file created by drafting, judging or
downloading."""

from __future__ import annotations

import base64
import json
import os
import re

import pytest
from check_helpers import (
    ARTICLE,
    DATE,
    TITLE,
    correct_body,
    download_body,
    draft_body,
    source,
)
from click.testing import CliRunner

from cache.store import Store
from dashboard.app import create_app
from indicators.claims import economies
from indicators.claims.load import parse_claims
from indicators.claims.search import series_search
from indicators.cli import cli
from indicators.judge.compare import evaluate_claims_file
from indicators.output.pages import draft_check as dc


@pytest.fixture
def drafted(store_path):
    inp = dc.checked_input(ARTICLE, TITLE, "de", DATE)
    with Store.open(store_path, read_only=True) as store:
        result = dc.run_draft(inp, names=economies.bundled(), search=series_search(store),
                              today=None)
    return inp, result


def _verdicts(store_path, toml: str) -> list[str]:
    with Store.open(store_path, read_only=True) as store:
        checked = evaluate_claims_file(store, parse_claims(toml, "t.toml"))
    return [c.verdict.value for c in checked.claims]


# -- the view model ----------------------------------------------------------------------------
def test_rows_read_the_passages_figures(drafted):
    inp, result = drafted
    rows = dc.rows(result.claims)
    assert [(r.value, r.bound, r.economy, r.year) for r in rows] == [
        ("5.3", "exactly", "POL", "2022"), ("62", "about", "POL", "2022"),
        ("63", "exactly", "POL", "2022"), ("14", "more than", "POL", "2022")]
    assert "5,3 Prozent" in rows[0].quote and "mehr als 14 Prozent" in rows[3].quote
    # the likely series is marked, and is the one the file says is likely
    likely = [next(c for c in r.candidates if c.likely) for r in rows]
    assert [c.reading_id == r.chosen for c, r in zip(likely, rows, strict=True)] == [True] * 4
    assert "NE.EXP.GNFS.ZS" in likely[1].label and "FP.CPI.TOTL.ZG" in likely[3].label


def test_the_marked_text_is_the_text_with_each_quote_once(drafted):
    inp, result = drafted
    segments = dc.highlighted(inp.text, result.claims)
    assert "".join(s.text for s in segments) == inp.text
    marked = [s for s in segments if s.claim is not None]
    assert [s.text for s in marked] == [c.quote for c in result.claims]


def test_corrections_flow_into_the_file_and_its_verdicts(store_path, drafted):
    inp, result = drafted
    edits = dc.edits_of(dc.rows(result.claims))
    before = _verdicts(store_path, dc.claims_toml(inp, result, result.claims))
    edits[0] |= {"value": "1,0", "bound": "about"}  # a German decimal comma
    second = [c.reading_id for c in dc.rows(result.claims)[1].candidates][1]
    edits[1]["reading"] = second
    claims, problems = dc.apply_edits(result.claims, edits)
    assert problems == []
    toml = dc.claims_toml(inp, result, claims)
    loaded = parse_claims(toml, "t.toml")
    first = loaded.claims[0]
    assert first.value == 1.0 and first.bound == "about"
    assert next(r for r in loaded.claims[1].readings if r.likely).id == second
    after = _verdicts(store_path, toml)
    assert before[0] == "consistent" and after[0] == "understated"
    assert result.claims[0].value == 5.3  # the drafted claims are left as drafted


def test_a_bad_correction_is_named_and_the_drafted_value_kept(drafted):
    _inp, result = drafted
    edits = dc.edits_of(dc.rows(result.claims))
    edits[2] |= {"value": "viel", "year": "20222", "economy": "polen!", "bound": "roughly"}
    claims, problems = dc.apply_edits(result.claims, edits)
    assert claims[2].value == 63 and claims[2].year == 2022 and claims[2].subject == "POL"
    assert [p.split(",")[1].split(":")[0].strip() for p in problems] == [
        "value", "bound", "economy", "year"]
    assert all(p.startswith("Claim 3 (c03-") for p in problems)


@pytest.mark.parametrize("fields, message", [
    (("", "", "", ""), "Article text: empty"),
    (("x" * (dc.MAX_CHARS + 1), "", "", ""), f"{dc.MAX_CHARS + 1:,} characters; at most"),
    ((ARTICLE, "", "fr", ""), "Language: 'fr'"),
    ((ARTICLE, "", "", "10.05.2023"), "Publication date: '10.05.2023' is not a date"),
])
def test_input_that_cannot_be_drafted_says_which_field(fields, message):
    with pytest.raises(dc.DraftInputError, match=re.escape(message)):
        dc.checked_input(*fields)


# -- the callbacks over HTTP -------------------------------------------------------------------
@pytest.fixture
def client(store_path):
    app = create_app(store_path, warm_up=False)
    return app.server.test_client()


def _post(client, body) -> dict:
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def _badges(tree) -> list[str]:
    return re.findall(r'"data-verdict": ?"([^"]+)"', json.dumps(tree))


def _inputs(tree, field: str) -> list:
    found = []

    def walk(node):
        if isinstance(node, list):
            for x in node:
                walk(x)
        elif isinstance(node, dict):
            props = node.get("props", {})
            if isinstance(props.get("id"), dict) and props["id"].get("field") == field:
                found.append(props.get("value"))
            for v in props.values():
                if isinstance(v, dict | list):
                    walk(v)
    walk(tree)
    return found


def test_the_page_is_linked_from_the_header(client):
    layout = json.dumps(client.get("/_dash-layout").get_json())
    assert '"id": "nav-check"' in layout and '"href": "/check"' in layout


def test_draft_correct_download_over_http_writes_nothing(client, store_path, tmp_path):
    deps = client.get("/_dash-dependencies").get_json()
    store_bytes, store_mtime = store_path.read_bytes(), os.stat(store_path).st_mtime_ns
    files_before = sorted(p for p in store_path.parent.rglob("*"))
    cwd_before = sorted(os.listdir(os.getcwd()))

    out = _post(client, draft_body())
    tree = out["check-results"]["children"]
    assert out["check-message"]["children"] == "Drafted 4 claims; correct any field below."
    assert _inputs(tree, "value") == ["5.3", "62", "63", "14"]
    drafted = _badges(tree)
    toml = dc.claims_toml(*_draft_again(store_path))
    assert drafted == _verdicts(store_path, toml)

    src = out["check-source"]["data"]
    assert src == source()
    edits = [dict(zip(("value", "bound", "economy", "year", "reading"), row, strict=True))
             for row in zip(*(_inputs(tree, f) for f in
                              ("value", "bound", "economy", "year", "reading")), strict=True)]
    edits[0]["value"] = "1"
    corrected = _post(client, correct_body(deps, edits, src))
    # an ALL output answers one key per component (its id as JSON)
    cells = [v["children"] for k, v in sorted(
        (json.loads(k)["index"], v) for k, v in corrected.items() if "draft-verdict" in k)]
    assert _badges(cells)[0] == "understated" != drafted[0]
    assert _badges(cells)[1:] == drafted[1:]

    data = _post(client, download_body(edits, src))["check-download-file"]["data"]
    assert data["filename"] == "polen_h_ngt_den_nachbarn_ab_claims.toml"
    path = tmp_path / "out" / data["filename"]
    path.parent.mkdir()
    path.write_text(data["content"], encoding="utf-8")
    assert parse_claims(data["content"], path).claims[0].value == 1
    checked = CliRunner().invoke(cli, ["--store", str(store_path), "check", "--claims",
                                       str(path), "--format", "json"])
    assert checked.exit_code == 0, checked.output
    verdicts = [c["verdict"] for c in json.loads(checked.stdout)["claims"]]
    assert verdicts == _badges(cells)

    assert store_path.read_bytes() == store_bytes
    assert os.stat(store_path).st_mtime_ns == store_mtime
    assert sorted(p for p in store_path.parent.rglob("*") if "out" not in p.parts) == \
        [p for p in files_before if "out" not in p.parts]
    assert sorted(os.listdir(os.getcwd())) == cwd_before


def _draft_again(store_path):
    inp = dc.checked_input(ARTICLE, TITLE, "de", DATE)
    with Store.open(store_path, read_only=True) as store:
        result = dc.run_draft(inp, names=economies.bundled(), search=series_search(store),
                              today=None)
    return inp, result, result.claims


def test_too_long_a_text_gets_a_message_not_an_error(client):
    out = _post(client, draft_body(text="Polen wuchs um 5 Prozent. " * 8000))
    assert out["check-message"]["children"].startswith("Article text: 208,000 characters; "
                                                       "at most 200,000")
    assert out["check-results"]["children"] == []


def test_a_typical_article_passes_the_guard(client):
    # a long feature: ~60,000 characters of German with umlauts and line breaks
    text = ("Die Ausfuhren Polens entsprachen 2022 rund 62 Prozent der Wirtschaftsleistung. "
            "Über die Hälfte davon gingen in die Europäische Union.\n") * 450
    assert 55_000 < len(text) < dc.MAX_CHARS
    out = _post(client, draft_body(text=text))
    assert out["check-message"]["children"].startswith("Drafted ")


def test_an_uploaded_html_file_fills_the_form(client):
    html = (f"<html><head><title>{TITLE}</title><meta property='article:published_time' "
            f"content='{DATE}T08:00:00Z'></head><body><article><p>"
            + ARTICLE.split("\n\n", 1)[1].replace("\n\n", "</p><p>")
            + "</p></article></body></html>").encode("utf-8")
    body = {"output": "..check-text.value...check-title.value...check-date.value..."
                      "check-upload-note.children..",
            "outputs": [{"id": i, "property": p} for i, p in (
                ("check-text", "value"), ("check-title", "value"), ("check-date", "value"),
                ("check-upload-note", "children"))],
            "inputs": [{"id": "check-upload", "property": "contents", "value":
                        "data:text/html;base64," + base64.b64encode(html).decode()}],
            "state": [{"id": "check-upload", "property": "filename", "value": "polen.html"}],
            "changedPropIds": ["check-upload.contents"]}
    out = _post(client, body)
    assert out["check-title"]["value"] == TITLE and out["check-date"]["value"] == DATE
    assert "um 5,3 Prozent gewachsen" in out["check-text"]["value"]
    assert "<p>" not in out["check-text"]["value"]
    body["state"][0]["value"] = "polen.pdf"
    out = _post(client, body)
    assert out["check-upload-note"]["children"] == "polen.pdf: expected a .txt or .html file."


def test_a_text_without_figures_says_so(client):
    out = _post(client, draft_body(text="Polen und Deutschland verhandeln wieder über Handel."))
    assert out["check-message"]["children"] == "No economic figures were found in this text."
    assert "No economic figures were found" in json.dumps(out["check-results"]["children"])
