"""Fuzz: 1,200 seeded mutations of the bundled and test claims files through the loader and
`claimcheck check --format json` (in-process, click's CliRunner).

Every mutation either loads or is refused with a `ClaimsError`; `check` exits 0 (strict JSON:
no NaN / Infinity) or 2 (one line naming the file), never with a traceback.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from indicators.claims.load import DEFAULT_CLAIMS_FILE, ClaimsError, parse_claims
from indicators.cli import cli

DATA = Path(__file__).parent / "data"
SOURCES = (DEFAULT_CLAIMS_FILE, DATA / "verdict_cases.toml", DATA / "poland_2024.toml")
MUTATIONS = 1200

HOSTILE = [
    "inf", "-inf", "nan", "+nan", "1e400", "-1e300", "1e15", "-5", "0", "99999", "-2023", "3.5",
    '"2025-02-30"', '"yesterday"', "1979-05-27T07:32:00Z", "2025-02-30", '"javascript:alert(1)"',
    '"file:///etc/passwd"', '"\\u001b[2J"', '"\\u0007bell"', '"' + "x" * 100_000 + '"',
    "true", "false", "{}", "[]", '""', '"BLR"', '"XXX"', '"more than"', '"almost"',
    '"proxy"', '"exact"', '"context"', '"quoted"', '"none"', '"ratio"', '"[red]markup[/red]"',
    "[" * 40 + "]" * 40, "{ a = { b = { c = { d = 1 } } } }", '["BLR", 1]',
    '{ source = "worldbank", series = "NE.EXP.GNFS.ZS", economy = "BLR" }',
]
SNIPPETS = [
    "x = " + "[" * 5000 + "]" * 5000,
    "deep = " + "{ a = " * 500 + "1" + " }" * 500,
    "[[claims]]", "[[claims.readings]]", "[claims.readings.measure]", "[defaults]",
    'bound = "at least"', "value = nan", "precision = inf", "year = 0", 'likely = true',
    'definition = "proxy"', "\x00", "'''", '"""', "= = =", "\ufeff",
]


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    op = rng.randrange(7)
    i = rng.randrange(len(lines))
    if op == 0 and "=" in lines[i]:  # a hostile value for a key
        key = lines[i].split("=", 1)[0]
        lines[i] = f"{key}= {rng.choice(HOSTILE)}"
    elif op == 1:
        del lines[i]
    elif op == 2:
        lines.insert(i, lines[i])
    elif op == 3:
        return text[: rng.randrange(len(text))]
    elif op == 4:
        lines.insert(i, rng.choice(SNIPPETS))
    elif op == 5:
        pos = rng.randrange(len(text))
        return text[:pos] + rng.choice("[]{}\"'=#\n\\\x1b\x7f,.0-9aZ ") + text[pos + 1:]
    else:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _strict(text: str):
    def refuse(constant):
        raise ValueError(f"invalid JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("seed", range(4))
def test_mutated_claims_files_load_or_are_refused_and_check_never_crashes(store_path,
                                                                         tmp_path, seed):
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    runner = CliRunner()
    outcomes = {0: 0, 2: 0}
    for n in range(MUTATIONS // 4):
        source = rng.randrange(len(SOURCES))
        text = texts[source]
        for _ in range(rng.choice((1, 1, 2, 3))):
            text = _mutate(text, rng)
        path = tmp_path / f"m{n}.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            parse_claims(text, path)
        except ClaimsError as exc:
            assert str(path) in str(exc) and "\n" not in str(exc)
        result = runner.invoke(cli, ["--store", str(store_path), "check", "--format", "json",
                                     "--claims", str(path)])
        where = f"seed {seed}, mutation {n} of {SOURCES[source].name}"
        assert result.exit_code in (0, 2), (where, result.output[-2000:], result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit), where
        assert "Traceback" not in result.output, where
        if result.exit_code == 0:
            data = _strict(result.stdout)
            assert data["claims"], where
        else:
            message = result.stderr.strip()
            assert message.startswith("Error: ") and str(path) in message, (where, message)
            assert "\n" not in message and "\x1b" not in message, where
        outcomes[result.exit_code] += 1
    assert outcomes[0] and outcomes[2]  # both paths were exercised
