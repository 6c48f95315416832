"""Undated statements in the reference figures (rule 14): a quoted figure with the day it was
said and no reference year is imported as evidence as of that day, flagged, its published
period kept; a vaguer date is still refused with its reason."""

from __future__ import annotations

import datetime as dt
import json

from cache.bundle import SNAPSHOT_DIR, snapshot_observations
from indicators.periods import parse_period, statement_date
from indicators.sources.reference import statement_date_of


def test_a_statement_day_is_read_from_the_published_period():
    assert statement_date_of('"traditionally" (statement 2025-01-24)') == dt.date(2025, 1, 24)
    assert statement_date_of("reference period not stated (article 2020-10-27)") == \
        dt.date(2020, 10, 27)
    assert statement_date_of("unspecified (statement ~2026)") is None
    assert statement_date_of("undated (old article)") is None
    assert statement_date_of("pre-2022") is None


def test_the_bundled_snapshot_holds_the_undated_fdi_statement_with_its_provenance():
    rows = [o for o in snapshot_observations() if o.series ==
            "fdi_russia_share_quoted.russia_share_in_structure_of_foreign_direct_investment"]
    [row] = rows
    assert (row.economy, row.counterpart, row.year) == ("BLR", "RUS", 2025)
    assert row.period == "undated, stated 2025-01-24"
    assert statement_date(row.period) == dt.date(2025, 1, 24)
    assert parse_period(row.period).kind == "undated"
    assert '"traditionally" (statement 2025-01-24)' in row.note  # the period as published
    assert row.publisher_updated == "2025-01-24" and row.origin.startswith("https://news.by/")
    manifest = json.loads((SNAPSHOT_DIR / "manifest.json").read_text(encoding="utf-8"))
    rejected = "\n".join(manifest["rejected"])
    assert "traditionally" not in rejected
    assert "fdi_russia_share_quoted.csv:9: no reference year (period 'unspecified (statement " \
           "~2026)')" in rejected
