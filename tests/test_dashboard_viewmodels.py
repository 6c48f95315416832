"""The page view models (indicators/output/pages) on the bundled snapshot's results: reader
words, cards, rulers, charts, the claim page, the table, links — and the Dash builders that
render them, without a server. Every expected value comes from the comparison at test time."""

from __future__ import annotations

import dataclasses
import json
import math
import re

import pytest
from plotly.utils import PlotlyJSONEncoder

from cache.store import Store
from indicators import numbers
from indicators.judge.compare import evaluate_article, reading_series
from indicators.judge.verdicts import Verdict
from indicators.output import display, pages
from indicators.output.pages import words
from indicators.output.pages.charts import concept
from indicators.output.pages.models import ChartView, NoDataView

HEX = re.compile(r"\b(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b")  # a commit or checksum


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    from cache.bundle import open_store

    path = tmp_path_factory.mktemp("vm") / "store.sqlite"
    open_store(path).close()
    store = Store.open(path, read_only=True)
    result = evaluate_article(store)

    def series(claim, reading_id, economy):
        reading = next(r for r in claim.readings if r.id == reading_id)
        return reading_series(store, reading, economy, subject=claim.subject)

    ctx = pages.PageContext("belarus_2025", result, pages.Links(), series, store.series_meta())
    yield ctx
    store.close()


def reader_strings(obj, path=""):
    """Every text a reader sees in a view model (technical facts and figures excluded)."""
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            if f.name not in ("technical", "figure", "export_layout", "csv", "href", "link",
                              "filename", "graph_id", "reading_id", "claim_id", "article_id"):
                yield from reader_strings(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, list | tuple):
        for i, x in enumerate(obj):
            yield from reader_strings(x, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for k, x in obj.items():
            if not k.endswith("href"):
                yield from reader_strings(x, f"{path}.{k}")
    elif isinstance(obj, str):
        yield path, obj


# -- one number formatter ------------------------------------------------------------------------
def test_cli_exports_and_dashboard_share_one_formatter():
    assert display.fmt_number is numbers.fmt_number


def test_numbers_read_as_numbers_with_percent_written_once(bundled):
    for c in bundled.result.claims:
        for r in c.readings:
            for p in (r.at_claim_year, r.latest):
                if p is None:
                    continue
                text = numbers.fmt_value(p.value, p.unit)
                assert "e" not in text.split(" ")[0] and "E" not in text
                shown = float(text.split("%")[0].split(" ")[0].replace(",", "")
                              .replace("−", "-"))
                assert math.isclose(shown, p.value, rel_tol=0.05, abs_tol=0.05)


# -- words --------------------------------------------------------------------------------------
def test_sources_by_name_never_reference(bundled):
    names = {words.source_name_of(p) for c in bundled.result.claims for r in c.readings
             for p in (r.at_claim_year, r.latest) if p is not None}
    assert {"USGS", "FAOSTAT", "Belstat", "World Bank WDI", "CIA World Factbook"} <= names
    assert not any("reference" in n.lower() for n in names), names


def test_one_period_format_and_the_year_said_once():
    class P:
        def __init__(self, year, period, inputs=()):
            self.year, self.period, self.inputs = year, period, inputs

    assert words.period_of(P(2022, "Jan-Sep 2022")) == "Jan–Sep 2022"
    assert words.period_of(P(2024, "H1 2024 (inferred)")) == "H1 2024"
    assert words.period_of(P(2024, "")) == "2024"
    assert words.period_of(P(2019, "pre-sanctions (text refers to 2019)")) == \
        "2019, pre-sanctions"
    assert words.period_of(P(2023, "x BLR: end-2023", inputs=(1,))) == "2023"


def test_hashes_and_commits_are_kept_out_of_reader_text():
    text = "MCS 2026 (published 2026-02); PDF captured 2026-06-02, sha256 c2e6605e30ef764f..."
    assert words.plain(text) == "MCS 2026 (published 2026-02); PDF captured 2026-06-02"
    assert words.plain("owner/repo@a683f81dd63f1937b:path") == ""


def test_shares_are_clipped_to_0_100():
    assert words.share_limits("percent", -3, 112.5) == (0, 100)
    assert words.share_limits("% of GDP", -3, 112.5) == (-3, 112.5)


# -- cards --------------------------------------------------------------------------------------
def test_qualified_card_verdicts_say_why_and_are_marked(bundled):
    view = pages.overview(bundled)
    for card, c in zip(view.cards, bundled.result.claims, strict=True):
        d = c.deciding
        evidence = c.verdict.scored and d is not None and (
            d.quality.dated or d.quality.definition == "proxy" or c.basis == "fallback")
        assert card.verdict.qualified == bool(evidence), c.claim.id
        if evidence and d.quality.dated:
            assert f"on {d.at_claim_year.year} data" in card.verdict.text
        if evidence and c.basis == "fallback":
            assert f"fallback: {d.label}" in card.verdict.text
        if c.agreement.status == "disagree":
            assert "depends on the source" in card.verdict.text
    assert sum(card.verdict.qualified for card in view.cards) >= 3


def test_cards_state_claimed_deciding_figure_and_gap(bundled):
    for card, c in zip(pages.overview(bundled).cards, bundled.result.claims, strict=True):
        d = c.deciding
        if c.claim.qualitative or d is None:
            assert card.deciding is None and card.gap == ""
            continue
        point = d.at_claim_year
        assert numbers.fmt_value(point.value, point.unit) in card.deciding.text
        assert words.period_of(point) in card.deciding.text
        assert words.source_name_of(point) in card.deciding.text
        assert "percentage points" in card.gap and numbers.fmt_number(abs(d.diff_points)) \
            in card.gap
        assert ("below" in card.gap) == (d.diff_points < 0)


def test_a_qualitative_claim_shows_its_most_telling_figure(bundled):
    c = next(c for c in bundled.result.claims if c.claim.qualitative)
    card = pages.card(bundled, c, 5)
    telling = pages.telling_reading(c)
    assert telling is not None and telling.at_claim_year is not None
    assert numbers.fmt_value(telling.at_claim_year.value, telling.at_claim_year.unit) in \
        card.telling.text
    if telling.at_claim_year.computed:  # a share names what it is a share of
        top = telling.at_claim_year.inputs[0]
        assert numbers.fmt_value(top.value, top.unit) in card.telling.detail


def test_claim_links_carry_the_reading_the_page_opens_on(bundled):
    for card, c in zip(pages.overview(bundled).cards, bundled.result.claims, strict=True):
        opens = pages.opening_reading(c, None)
        assert card.href == f"/claim/{c.claim.id}?reading={opens.reading_id}"
        if any(pages.has_data(r) for r in c.readings):
            assert pages.has_data(opens)
        likely = next((r for r in c.readings if r.likely), None)
        if likely is not None and pages.has_data(likely):
            assert opens is likely


# -- rulers -------------------------------------------------------------------------------------
def test_rulers_give_each_scored_source_its_own_row(bundled):
    for card, c in zip(pages.overview(bundled).cards, bundled.result.claims, strict=True):
        scored = [r for r in c.readings if r.verdict.scored and r.at_claim_year is not None]
        if c.claim.qualitative or not scored:
            assert card.ruler is None
            continue
        ruler = card.ruler
        assert [row.reading_id for row in ruler.rows] == [r.reading_id for r in scored]
        values = [r.at_claim_year.value for r in scored] + [c.claim.value]
        assert ruler.low <= min(values) and max(values) <= ruler.high
        if numbers.is_percent(c.claim.unit):
            assert ruler.low == 0 and ruler.high <= max(100, max(values))
            assert all(b.left + b.width <= 100.01 for b in ruler.bands)
        for row, r in zip(ruler.rows, scored, strict=True):
            assert row.verdict.glyph == words.GLYPHS[r.verdict.value]
            assert row.source == words.source_name_of(r.at_claim_year)
            assert row.source in ruler.summary and row.label in ruler.summary
            assert math.isclose(row.position, (row.value - ruler.low)
                                / (ruler.high - ruler.low) * 100, abs_tol=0.01)
        assert sum(row.deciding for row in ruler.rows) == (1 if c.deciding in scored else 0)


# -- charts and the claim page ------------------------------------------------------------------
def test_main_charts_hold_one_concept_with_the_deciding_source_strongest(bundled):
    for c in bundled.result.claims:
        view = pages.claim_page(bundled, c)
        main = view.main
        if isinstance(main, NoDataView):
            continue
        by_label = {r.label: r for r in c.readings}
        traces = [t for t in main.figure["data"] if t["meta"] in by_label]
        assert len({concept(by_label[t["meta"]]) for t in traces}) == 1, c.claim.id
        widths = [t["line"]["width"] for t in traces]
        assert widths.count(max(widths)) == 1
        lead = next(t for t in traces if t["line"]["width"] == max(widths))
        assert any(lead["meta"] in a["text"] for a in main.figure["layout"]["annotations"])
        shown = {t["meta"] for t in traces}
        listed = {o.label for o in view.others}
        assert shown | listed == {r.label for r in c.readings} and not shown & listed
        for t in traces:  # lines only through dense annual points
            years = sorted(t["x"])
            if "lines" in t["mode"]:
                assert len(years) >= 3 and years == list(range(years[0], years[-1] + 1))
        for shape in main.figure["layout"]["shapes"]:
            if shape["type"] == "rect" and numbers.is_percent(c.claim.unit):
                assert 0 <= shape["y0"] and shape["y1"] <= 100


def test_the_export_layout_keeps_title_subtitle_and_source(bundled):
    for c in bundled.result.claims:
        main = pages.claim_page(bundled, c).main
        if not isinstance(main, ChartView):
            continue
        layout = main.export_layout
        title = layout["title"]["text"]
        assert re.sub(r"<[^>]+>", " ", title).split() == main.title.split()
        assert layout["title"]["subtitle"]["text"] == main.subtitle
        lines = title.count("<br>") + 1
        assert layout["margin"]["t"] >= 24 + 21 * lines, "room for every title line"
        source = next(a for a in layout["annotations"] if a.get("name") == "source-line")
        assert source["text"].replace("<br>", " ").split() == main.source_line.split()


def test_no_data_says_what_would_answer_it_in_words(bundled):
    seen = 0
    for c in bundled.result.claims:
        for r in c.readings:
            if pages.has_data(r):
                continue
            chart = pages.detail(bundled, c, r).chart
            assert isinstance(chart, NoDataView)
            assert chart.would_answer and "claimcheck" not in chart.why + chart.would_answer
            seen += 1
    assert seen >= 3


def test_the_strip_holds_scored_sources_only(bundled):
    for c in bundled.result.claims:
        strip = pages.claim_page(bundled, c).strip
        scored = [r for r in c.readings if r.verdict.scored and r.robustness]
        assert (strip is None) == (not scored)
        if strip is not None:
            assert all(cell.verdict.value != Verdict.CONTEXT.value for row in strip.rows
                       for cell in row.cells if cell is not None)


def test_peers_are_offered_only_with_data_and_the_others_named(bundled):
    c, r = next((c, r) for c in bundled.result.claims for r in c.readings if r.peers)
    detail = pages.detail(bundled, c, r, [r.peers[0].economy])
    assert {p.code for p in detail.peers} == {p.economy for p in r.peers}
    assert [p.code for p in detail.peers if p.selected] == [r.peers[0].economy]
    assert len(detail.chart.figure["data"]) >= 2
    missing = [p for p in c.claim.peers if p not in {x.economy for x in r.peers}]
    if missing:
        assert "No comparable data" in detail.peer_note or "No peer" in detail.peer_note


def test_no_view_model_shows_ids_hashes_or_commands(bundled):
    ids = {r.reading_id for c in bundled.result.claims for r in c.readings
           if r.label != r.reading_id}
    views = [pages.overview(bundled), pages.table(bundled)]
    for c in bundled.result.claims:
        views.append(pages.claim_page(bundled, c))
        views += [pages.detail(bundled, c, r) for r in c.readings]
    for view in views:
        for path, text in reader_strings(view):
            if ".rows[" in path and path.split(".")[-1] in ("claim_id", "reading_id", "measure",
                                                             "series", "origin", "explanation",
                                                             "no_data_reason"):
                continue  # the table's technical columns
            assert not any(rid in text for rid in ids), (path, text)
            assert not HEX.search(text) and "sha256" not in text, (path, text)
            assert "claimcheck refresh" not in text and "alternative" not in text, (path, text)
            assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov)-[A-Z]",
                                 text), (path, text)


# -- the table ----------------------------------------------------------------------------------
def test_the_table_shows_eight_reader_columns_with_units_and_sorts(bundled):
    from indicators.output.pages.table import COLUMNS

    view = pages.table(bundled)
    assert len(view.shown) == 8 and "difference" in view.shown
    n = sum(len(c.readings) for c in bundled.result.claims)
    assert len(view.rows) == n
    for row in view.rows:
        if row["difference"] != "–":
            assert "percentage points" in row["difference"]
    technical = {c.key for c in COLUMNS if c.technical}
    assert {"reading_id", "origin", "series"} <= technical
    ordered = pages.table(bundled, sort="difference", descending=True)
    diffs = [r.diff_points for c in bundled.result.claims for r in c.readings
             if r.diff_points is not None]
    first = ordered.rows[0]["difference"]
    assert first == words.difference_text(max(diffs), None, "percent")
    hrefs = dict(ordered.sort_links)
    assert hrefs["difference"] == "/table?sort=difference"  # next click: ascending


# -- links --------------------------------------------------------------------------------------
def test_the_url_scheme_for_one_and_several_articles():
    one, many = pages.Links(single=True), pages.Links(single=False)
    assert one.claim("belarus_2025", "potash-share", reading="usgs", peers=["RUS", "UKR"],
                     detail="table") == \
        "/claim/potash-share?reading=usgs&peers=RUS,UKR&detail=table"
    assert many.claim("md", "c1") == "/a/md/claim/c1"
    assert one.overview("x") == "/" and many.overview("md") == "/a/md/"
    assert one.table("x") == "/table" and many.table("md", sort="claim") == "/a/md/table?sort=claim"
    assert many.download("md", "csv") == "/a/md/download.csv"
    from dashboard.routes import claim_state, route

    assert route("/claim/c1", ["a", "b"], "a").article_id == "a"
    assert route("/", ["a", "b"], "a").kind == "index" and route("/", ["a"], "a").kind == \
        "overview"
    assert route("/a/b/claim/c2", ["a", "b"], "a").claim_id == "c2"
    assert route("/a/zz/", ["a", "b"], "a").kind == "not_found"
    state = claim_state("?reading=r&peers=RUS,UKR&main=table&detail=nonsense")
    assert (state.reading, state.peers, state.main, state.detail) == \
        ("r", ("RUS", "UKR"), "table", "chart")


# -- the builders -------------------------------------------------------------------------------
def test_the_builders_render_every_view_without_a_server(bundled):
    """The static site renders these trees: they must build from the view models alone and
    carry their content (figures, texts) without any callback."""
    from dashboard import render

    trees = [render.overview_page(pages.overview(bundled)),
             render.table_page(pages.table(bundled), interactive=False)]
    for c in bundled.result.claims:
        trees.append(render.claim_page(pages.claim_page(bundled, c), interactive=False))
    for tree in trees:
        text = json.dumps(tree.to_plotly_json(), cls=PlotlyJSONEncoder, ensure_ascii=False)
        assert '"type": "Store"' not in text and "RadioItems" not in text
    claim_text = json.dumps(trees[2].to_plotly_json(), cls=PlotlyJSONEncoder)
    assert '"type": "Graph"' in claim_text and '"figure"' in claim_text
