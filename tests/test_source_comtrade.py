"""UN Comtrade adapter: replayed API v1 JSON (preview and full), network blocked; the claims
alternatives switching from the bundled extraction to live Comtrade data."""

from __future__ import annotations

from pathlib import Path

import pytest
import responses

from cache.store import Store
from indicators.judge.compare import evaluate_article
from indicators.refresh import refresh_sources
from indicators.sources.base import SourceError
from indicators.sources.comtrade import ComtradeSource
from indicators.sources.sourcekit import Throttle, load_config
from tests.replay_api import (
    COMTRADE_FULL,
    COMTRADE_PREVIEW,
    ComtradeReplay,
    comtrade_row,
    comtrade_values,
)
from tests.replay_other import (
    FIXED_NOW,
    make_ctx,
)

CONFIG = load_config("comtrade")
FIRST = 2014
DATA = Path(__file__).parent / "data"


def _source(environ: dict[str, str] | None = None, **config) -> ComtradeSource:
    return ComtradeSource(config={**CONFIG, "first_year": FIRST, **config},
                          throttle=Throttle(0), environ=environ or {})


def _expected() -> dict[tuple, float]:
    names = {"27": "hs27", "TOTAL": "total"}
    flows = {"M": "import_value", "X": "export_value"}
    return {(f"{names[c]}.{flows[f]}", r, p, y): v
            for (c, f, r, p, y), v in comtrade_values().items()
            if FIRST <= y < FIXED_NOW.year}


def _got(batch) -> dict[tuple, float]:
    return {(o.series, o.economy, o.counterpart, o.year): o.value for o in batch.observations}


@responses.activate
def test_keyless_preview_reads_reported_and_mirror_rows_by_partner():
    replay = ComtradeReplay()
    replay.register(responses)
    batch = _source().fetch(make_ctx())
    assert _got(batch) == _expected()
    assert {(o.economy, o.counterpart) for o in batch.observations} >= {
        ("BLR", "RUS"), ("BLR", "WLD"), ("RUS", "BLR")}
    assert all(c.startswith(COMTRADE_PREVIEW) for c in replay.calls)
    years = FIXED_NOW.year - FIRST
    assert len(replay.calls) == 2 * years  # one period per call, two queries
    first = replay.calls[0]
    for part in ("reporterCode=112", "partnerCode=0%2C643", "flowCode=M%2CX",
                 "cmdCode=27%2CTOTAL", "partner2Code=0", "customsCode=C00", "motCode=0",
                 "breakdownMode=classic", f"period={FIRST}"):
        assert part in first
    o = next(o for o in batch.observations if o.economy == "RUS")
    assert o.unit == "US$" and "reported by Russian Federation" in o.note
    assert any("no data published" in r for r in batch.rejected)  # years after Belarus stopped
    assert batch.fetches[0].licence.startswith("UN Comtrade")


@responses.activate
def test_the_recorded_preview_shape_is_read_and_its_flags_are_not_misread():
    # The real preview: 47 keys, zeros (not nulls) for quantities, H6, and on the reporter's
    # TOTAL rows isReported false with legacyEstimationFlag 4, which UNSD's "Quantity and
    # Weight Data in UN Comtrade" (Oct. 2009) defines as "net weight estimated": it says nothing
    # about the trade value, so no value may be labelled as estimated by UN Comtrade.
    replay = ComtradeReplay()
    replay.register(responses)
    batch = _source().fetch(make_ctx())
    assert _got(batch) == _expected()
    assert len(comtrade_row("TOTAL", "X", "BLR", "RUS", 2017, 1.0)) == 47
    total = next(o for o in batch.observations if o.series.startswith("total."))
    hs27 = next(o for o in batch.observations if o.series.startswith("hs27."))
    assert "estimated by UN Comtrade (isReported false)" not in total.note  # the old label
    assert ("net weight estimated by UN Comtrade (legacyEstimationFlag 4); the trade value is "
            "as reported") in total.note
    assert "isReported false, isAggregate true (UN Comtrade's flags, as sent)" in total.note
    assert "classification H6" in total.note
    assert "legacyEstimationFlag" not in hs27.note and "isReported" not in hs27.note


@pytest.mark.parametrize(("flag", "text"), [
    (2, "quantity estimated by UN Comtrade (legacyEstimationFlag 2)"),
    (6, "quantity and net weight estimated by UN Comtrade (legacyEstimationFlag 6)"),
    (9, "legacyEstimationFlag 9 (not defined in UN Comtrade's documentation)"),
    ("4", "net weight estimated by UN Comtrade (legacyEstimationFlag 4)"),
])
def test_each_documented_flag_is_named_and_an_unknown_one_is_shown_as_sent(flag, text):
    from indicators.sources.comtrade import parse_comtrade

    (cmd, flow, r, p, y), value = sorted(comtrade_values().items())[0]
    payload = {"data": [comtrade_row(cmd, flow, r, p, y, value, legacyEstimationFlag=flag)],
               "error": ""}
    rows = parse_comtrade(payload, CONFIG, origin="x", retrieved_at="2026-11-20T00:00:00Z",
                          dataset="d")
    [o] = rows.observations
    assert text in o.note


def test_a_row_missing_keys_names_them():
    from indicators.sources.comtrade import parse_comtrade

    (cmd, flow, r, p, y), value = sorted(comtrade_values().items())[0]
    row = comtrade_row(cmd, flow, r, p, y, value)
    del row["primaryValue"], row["flowCode"]
    with pytest.raises(SourceError, match="data row 0 lacks flowCode, primaryValue"):
        parse_comtrade({"data": [row], "error": ""}, CONFIG, origin="x", retrieved_at="t",
                       dataset="d")


@responses.activate
def test_with_a_key_the_full_api_is_used_with_the_key_in_a_header_not_the_url():
    replay = ComtradeReplay(key="k-123")
    replay.register(responses)
    batch = _source({"COMTRADE_API_KEY": "k-123"}).fetch(make_ctx())
    assert _got(batch) == _expected()
    assert all(c.startswith(COMTRADE_FULL) and "k-123" not in c for c in replay.calls)
    assert all("full API" in f.note for f in batch.fetches)


@responses.activate
def test_a_wrong_key_is_a_clear_error():
    ComtradeReplay(key="right").register(responses)
    with pytest.raises(SourceError, match="HTTP 401"):
        _source({"COMTRADE_API_KEY": "wrong"}).fetch(make_ctx())


@responses.activate
def test_breakdown_rows_are_rejected_never_summed():
    replay = ComtradeReplay()
    (cmd, flow, r, p, y), value = next(iter(sorted(comtrade_values().items())
                                            [-1:]))
    replay.extra_rows = [comtrade_row(cmd, flow, r, p, y, value, motCode=2100)]
    replay.register(responses)
    batch = _source(first_year=y).fetch(make_ctx())
    assert any("a breakdown (motCode 2100), not the total" in r for r in batch.rejected)


@responses.activate
def test_a_full_preview_page_is_an_error_not_a_silent_cut():
    replay = ComtradeReplay()
    replay.register(responses)
    with pytest.raises(SourceError, match="its maximum.*COMTRADE_API_KEY"):
        _source(preview_max_records=1).fetch(make_ctx())


@responses.activate
def test_an_answer_in_another_shape_is_a_clear_error():
    responses.get(COMTRADE_PREVIEW, json={"results": []})
    with pytest.raises(SourceError, match="not a Comtrade data answer"):
        _source().fetch(make_ctx())


@responses.activate
def test_html_with_http_200_is_a_clear_error():
    responses.get(COMTRADE_PREVIEW, body="<html><title>Maintenance</title></html>",
                  content_type="text/html")
    with pytest.raises(SourceError, match="HTML page.*Maintenance"):
        _source().fetch(make_ctx())


def _reading(result, rid):
    return next(r for c in result.claims for r in c.readings if r.reading_id == rid)


def _switch(store_path, claims):
    """Evaluate ``claims`` before and after a replayed Comtrade refresh; check that the fuel
    import share moves from the bundled extraction to live Comtrade, with Comtrade's values."""
    with Store.open(store_path) as store:
        before = evaluate_article(store, claims)
    share = _reading(before, "russia-share-fuel-imports-comtrade")
    assert {p.source for p in share.latest.leaves()} == {"reference"}

    ComtradeReplay().register(responses)
    with Store.open(store_path) as store:
        [outcome] = refresh_sources(store, [_source()], make_ctx())
        assert outcome.ok, outcome.error
        after = evaluate_article(store, claims)
    share = _reading(after, "russia-share-fuel-imports-comtrade")
    assert {p.source for p in share.latest.leaves()} == {"comtrade"}
    hs27 = {(k[2], k[3], k[4]): v for k, v in comtrade_values().items() if k[:2] == ("27", "M")}
    year = share.latest.year
    assert share.latest.value == pytest.approx(
        100 * hs27[("BLR", "RUS", year)] / hs27[("BLR", "WLD", year)])
    return before, after


@responses.activate
def test_the_energy_reading_switches_from_the_bundled_extraction_to_live_comtrade(store_path):
    _, after = _switch(store_path, DATA / "comtrade_live.toml")
    mirror = _reading(after, "russia-fuel-exports-to-belarus-mirror")
    assert {p.source for p in mirror.latest.leaves()} == {"comtrade"}


@responses.activate
def test_the_bundled_belarus_file_switches_its_energy_reading_to_live_comtrade(store_path):
    """The article's own claims file reads live Comtrade after a refresh."""
    from indicators.claims.load import DEFAULT_CLAIMS_FILE

    before, after = _switch(store_path, DEFAULT_CLAIMS_FILE)
    # The trade readings read only Comtrade's total trade (no bundled stand-in); the replay has
    # no world total for them, so they stay without data rather than mixing sources.
    assert _reading(before, "russia-share-exports-comtrade").latest is None
    assert _reading(after, "russia-share-exports-comtrade").latest is None
