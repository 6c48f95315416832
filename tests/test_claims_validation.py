"""Issue 11's claims-file cases: every bad number, date, string, URL and nesting is refused with
one line naming the file, the line and the field; `check` and `export` exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from indicators.claims.load import ClaimsError, parse_claims
from indicators.cli import cli

DATA = Path(__file__).parent / "data"
POLAND = (DATA / "poland_2024.toml").read_text(encoding="utf-8")
VALUE = "value = 50\n"
TITLE = 'title = "Polens Wirtschaft: offen und gefragt"'


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        (VALUE, "value = inf\n", 21, "field 'value': is inf; expected a finite number"),
        (VALUE, "value = nan\n", 21, "field 'value': is nan; expected a finite number"),
        (VALUE, "value = 1e400\n", 21, "field 'value': is inf"),
        ("precision = 5\n", "precision = inf\n", 23, "field 'precision': is inf"),
        ("year = 2023\n", "year = 0\n", 13, "field 'defaults.year': 0 is out of range"),
        ("year = 2023\n", "year = 99999\n", 13, "field 'defaults.year': 99999 is out of range"),
        ("year = 2023\n", "year = -2023\n", 13, "out of range"),
        ("year = 2023\n", "year = 2023\napprox_relative = nan\n", 14,
         "field 'defaults.approx_relative': is nan"),
        ("year = 2023\n", "year = 2023\nmax_age_years = -5\n", 14,
         "field 'defaults.max_age_years': -5 is out of range"),
        ('date = "2024-06-01"', 'date = "yesterday"', 8,
         "field 'article.date': 'yesterday' is not a calendar date"),
        ('date = "2024-06-01"', 'date = "2025-02-30"', 8, "is not a calendar date"),
        ('date = "2024-06-01"', "date = 2024-06-01T10:00:00Z", 8, "has a time"),
        ('url = "https://example.org/polen-2024"', 'url = "javascript:alert(1)"', 10,
         "field 'article.url': 'javascript:alert(1)' is not a web address"),
        (TITLE, 'title = "Polen \\u001b[2J"', 7,
         "field 'article.title': contains the control character '\\x1b'"),
        ('id = "exports-half-gdp"', 'id = "' + "x" * 100_000 + '"', 17,
         "is 100,000 characters long; expected at most 80"),
        ('unit = "percent"\nprecision = 5', 'unit = "percent"\nbound = "roughly"\nprecision = 5',
         23, "field 'bound': 'roughly' is not allowed; expected one of about"),
        ('  id = "exports-share-gdp"\n',
         '  id = "exports-share-gdp"\n  definition = "proxy"\n', 27,
         "field 'definition_reason': missing"),
    ],
)
def test_bad_values_name_file_line_and_field(old, new, line, fragment):
    assert old in POLAND
    with pytest.raises(ClaimsError) as info:
        parse_claims(POLAND.replace(old, new, 1), "edited.toml")
    message = str(info.value)
    assert message.startswith(f"edited.toml:{line}"), message
    assert fragment in message
    assert "\n" not in message and "\x1b" not in message and len(message) < 600


def test_deep_nesting_is_refused_before_parsing():
    text = POLAND + "\nx = " + "[" * 100_000 + "]" * 100_000 + "\n"
    with pytest.raises(ClaimsError, match=r"edited.toml:\d+: brackets or braces nest 13 deep"):
        parse_claims(text, "edited.toml")
    # brackets inside strings and comments do not count
    parse_claims(POLAND + '\n# [[[[[[[[[[[[[[[[[\n', "ok.toml")
    parse_claims(POLAND.replace(TITLE, 'title = "[[[[[[[[[[[[[[[[[[[[["'), "ok.toml")


@pytest.mark.parametrize("command", [["check", "--format", "json"], ["export", "--format", "csv"]])
def test_check_and_export_exit_2_with_one_line(store_path, tmp_path, command):
    bad = tmp_path / "bad.toml"
    bad.write_text(POLAND.replace(VALUE, "value = nan\n", 1), encoding="utf-8")
    extra = ["--output", str(tmp_path / "out.csv")] if command[0] == "export" else []
    result = CliRunner().invoke(cli, ["--store", str(store_path), *command, "--claims", str(bad),
                                      *extra])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"Error: {bad}:21, claim 'exports-half-gdp', field "
                                     "'value': is nan; expected a finite number")
    assert result.stdout == ""
