"""`claimcheck sources check`: replayed answers for every source, one case per verdict.

Every probe's answer is the same live-shaped replay the adapters' own tests use (values from
the bundled snapshot), so "ok" here means "the format the adapter reads"; the faults are the
documented ways a source goes wrong (a changed format, a failed name lookup, an HTML page with
HTTP 200, a missing key).
"""

from __future__ import annotations

import re
import threading

import pytest
import responses
from click.testing import CliRunner

from indicators.cli import cli
from indicators.sources import probes
from indicators.sources.canary import UNREACHABLE, check_sources
from indicators.sources.registry import create_adapter, source_names
from indicators.sources.sourcekit import load_config
from tests.replay_api import (
    ComtradeReplay,
    EiaReplay,
    imf_csv,
    imf_csv_invented,
)
from tests.replay_other import (
    FIXED_NOW,
    IdsReplay,
    faostat_catalogue,
    syb_energy_csv,
    usgs_item,
    usgs_long_csv,
)
from tests.wb_replay import WbApiReplay, dns_fault, html_fault

KEY = "test-eia-key"
USGS = load_config("usgs")
NEW = USGS["editions"][0]
USGS_CSV = f"https://www.sciencebase.gov/catalog/file/get/{NEW['item_id']}?name={NEW['file_name']}"
FAO = load_config("faostat")
ZIP = "https://bulks-faostat.fao.org/production/Inputs_FertilizersNutrient_E_All_Data_(Normalized).zip"
IMF_PROBE = ("https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/"
             "BLR.XG_FOB_USD.G001.A")
DIP_PROBE = ("https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/DIP/+/"
             "USA.O+SCC.INWD_D_NETLA_FALL_ALL.G001.A")
UNSD_URL = load_config("unsd")["urls"][0]


def _register_all(rsps, **override):
    """Every probe's answer, as the replays in the adapters' tests send them."""
    wb, ids = WbApiReplay(), IdsReplay()

    def world_bank(request):
        if "/sources/6/" in request.url:
            return ids._callback(request)
        answer = wb.handle(request.url)
        return answer.status, answer.headers, answer.body

    if "worldbank" not in override:
        rsps.add_callback(responses.GET, re.compile(r"https://api\.worldbank\.org/v2/.*"),
                          callback=world_bank)
    answers = {
        "faostat": lambda: rsps.get(FAO["catalogue_url"],
                                    json=faostat_catalogue(ZIP, "2025-12-18T00:00:00")),
        "usgs": lambda: (rsps.get(USGS["item_url"].format(item_id=NEW["item_id"]),
                                  json=usgs_item(NEW["item_id"], [(NEW["file_name"], USGS_CSV)],
                                                 "2026-02-06")),
                         rsps.get(USGS_CSV, body=usgs_long_csv(), content_type="text/csv")),
        "unsd": lambda: rsps.get(UNSD_URL, body=syb_energy_csv().encode("utf-8"),
                                 content_type="text/csv"),
        "imf": lambda: rsps.get(IMF_PROBE, body=imf_csv("IMTS"),
                                content_type="application/vnd.sdmx.data+csv"),
        # Rows of the replayed DIP answer stand in for the USA's (only their shape matters).
        "dip": lambda: rsps.get(DIP_PROBE, body=imf_csv("DIP"),
                                content_type="application/vnd.sdmx.data+csv"),
        "comtrade": lambda: ComtradeReplay().register(rsps),
        "eia": lambda: EiaReplay(KEY).register(rsps),
    }
    for name, register in answers.items():
        (override.get(name) or register)()


def _run(*args):
    return CliRunner().invoke(cli, ["sources", "check", *args], env={"COLUMNS": "200"})


def _lines(output: str) -> dict[str, str]:
    return {line.split()[0]: line.split(None, 1)[1] for line in output.splitlines()
            if line and line.split()[0] in source_names()}


def test_every_source_ok_exits_0(monkeypatch):
    monkeypatch.setenv("EIA_API_KEY", KEY)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        _register_all(rsps)
        result = _run()
    assert result.exit_code == 0, result.output
    lines = _lines(result.output)
    assert set(lines) == set(source_names())
    assert all(line.startswith("ok (") for line in lines.values()), result.output
    assert "in whole US$" in lines["imf"] and "Counterpart-Area" in lines["ids"]
    assert f"{len(lines)} of {len(lines)} sources ok" in result.output


def test_a_changed_format_is_named_and_exits_1(monkeypatch):
    monkeypatch.setenv("EIA_API_KEY", KEY)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        _register_all(rsps, imf=lambda: rsps.get(
            IMF_PROBE, body=imf_csv_invented("IMTS", scale="Millions")),
            unsd=lambda: rsps.get(UNSD_URL, body="Country,Year,Value\r\nBelarus,2020,1\r\n",
                                  content_type="text/csv"))
        result = _run()
    assert result.exit_code == 1
    lines = _lines(result.output)
    assert lines["imf"].startswith("format changed:") and "not in whole US dollars" in lines["imf"]
    assert lines["unsd"].startswith("format changed:")
    assert "not a UN Statistical Yearbook table" in lines["unsd"]
    assert lines["usgs"].startswith("ok (")
    assert "not ok: imf, unsd" in result.output


def test_a_dip_key_order_that_matches_nothing_is_a_format_change(monkeypatch):
    monkeypatch.setenv("EIA_API_KEY", KEY)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        _register_all(rsps, dip=lambda: rsps.get(DIP_PROBE, body=imf_csv("DIP", empty=True)))
        result = _run("--source", "imf")
    assert result.exit_code == 1
    line = _lines(result.output)["imf"]
    assert line.startswith("format changed:") and "key order" in line and "imf.toml" in line


def test_unreachable_hosts_and_html_pages_are_unreachable_not_format_changes(monkeypatch):
    monkeypatch.setenv("EIA_API_KEY", KEY)
    dns = dns_fault().body
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        _register_all(rsps, faostat=lambda: rsps.get(FAO["catalogue_url"], body=dns),
                      imf=lambda: rsps.get(IMF_PROBE, body=html_fault(200).body,
                                           content_type="text/html"))
        result = _run()
    assert result.exit_code == 1
    lines = _lines(result.output)
    assert lines["faostat"].startswith("unreachable:") and "not retried" in lines["faostat"]
    assert lines["imf"].startswith("unreachable:") and "HTML page" in lines["imf"]


def test_a_missing_key_says_which_and_counts_only_when_asked_for(monkeypatch):
    monkeypatch.delenv("EIA_API_KEY", raising=False)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        _register_all(rsps)
        result = _run()
        asked = _run("--source", "eia")
    lines = _lines(result.output)
    assert lines["eia"].startswith("needs EIA_API_KEY (free key: https://")
    assert result.exit_code == 0, result.output  # not configured: listed, not a failure
    assert asked.exit_code == 1 and "needs EIA_API_KEY" in asked.output


def test_a_refused_key_is_reported_as_needing_the_key(monkeypatch):
    monkeypatch.setenv("EIA_API_KEY", "not-the-key")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        _register_all(rsps)
        result = _run("--source", "eia")
    assert result.exit_code == 1
    assert _lines(result.output)["eia"] == "needs EIA_API_KEY: the key was refused (HTTP 403)"


def test_a_probe_still_waiting_at_the_deadline_is_unreachable(monkeypatch):
    release = threading.Event()

    def hang(adapter, ctx):
        release.wait(30)
        return "too late"

    monkeypatch.setitem(probes.PROBES, "unsd", hang)
    try:
        [result] = check_sources(["unsd"], create=create_adapter, make_http=lambda: None,
                                 clock=lambda: FIXED_NOW, deadline=0.2)
    finally:
        release.set()
    assert result.status == UNREACHABLE and result.line == "unreachable: no answer within 0.2 s"


@pytest.mark.parametrize("name", sorted(probes.PROBES))
def test_every_registered_source_has_a_probe(name):
    assert name in source_names()
    assert set(probes.PROBES) == set(source_names())
