"""The bundled snapshot: complete provenance, and agreement with the reference files."""

from __future__ import annotations

import csv
import gzip

import pytest
from conftest import REFERENCE_DIR

from cache.bundle import (
    OBS_FILE,
    SERIES_FILE,
    SNAPSHOT_DIR,
    read_manifest,
    read_snapshot_rows,
)
from indicators.sources.snapshot_build import build_snapshot


def test_every_bundled_row_carries_its_origin_vintage_and_retrieval_date():
    rows = list(read_snapshot_rows())
    assert rows, "the bundled snapshot is empty"
    for row in rows:
        assert row["origin"], row
        assert row["publisher_updated"], row
        assert row["retrieved_at"], row
        float(row["value"])  # every value is a number as published
    assert len(rows) == read_manifest()["observations"]


def test_the_newest_vintage_of_a_wdi_series_is_bundled_beside_older_ones():
    vintages = {
        row["publisher_updated"]
        for row in read_snapshot_rows()
        if row["series"] == "NY.GDP.MKTP.CD" and row["economy"] == "BLR"
    }
    assert len(vintages) > 1


@pytest.mark.reference
@pytest.mark.skipif(
    not REFERENCE_DIR.exists(),
    reason=f"{REFERENCE_DIR} is not here (a user's clone); CI has it and runs this check",
)
def test_snapshot_still_agrees_with_the_reference_files(tmp_path):
    manifest = read_manifest()
    rebuilt = build_snapshot(
        REFERENCE_DIR,
        tmp_path,
        retrieved_at=manifest["retrieved_at"],
        built_at=manifest["built_at"],
    )
    assert [i["sha256"] for i in rebuilt.inputs] == [i["sha256"] for i in manifest["inputs"]], (
        "the reference files changed since the snapshot was built: run `make snapshot`"
    )
    with gzip.open(tmp_path / OBS_FILE, "rt") as fresh:
        fresh_rows = list(csv.reader(fresh))
    with gzip.open(SNAPSHOT_DIR / OBS_FILE, "rt") as ours:
        assert fresh_rows == list(csv.reader(ours))
    assert (tmp_path / SERIES_FILE).read_text() == (SNAPSHOT_DIR / SERIES_FILE).read_text()
    assert (tmp_path / OBS_FILE).read_bytes() == (SNAPSHOT_DIR / OBS_FILE).read_bytes()
