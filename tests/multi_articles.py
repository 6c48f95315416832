"""A folder of several articles for the multi-article tests: the bundled claims file and a
copy standing in for another article (its own title, address, date and file name), so that
the tests do not depend on which claims files ship with the project."""

from __future__ import annotations

from pathlib import Path

from indicators.claims.load import DEFAULT_CLAIMS_FILE

SECOND_TITLE = "Zweiter Artikel: Belarus und Russland"
SECOND_URL = "https://example.org/news/zweiter-artikel"


def articles_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "claims"
    folder.mkdir(exist_ok=True)
    text = DEFAULT_CLAIMS_FILE.read_text(encoding="utf-8")
    (folder / DEFAULT_CLAIMS_FILE.name).write_text(text, encoding="utf-8")
    second = text.replace('title = "Belarus: Lukaschenkos geheimer Tanz mit Washington"',
                          f'title = "{SECOND_TITLE}"\nurl = "{SECOND_URL}"', 1)
    second = second.replace('date = "2025-02-20"', 'date = "2025-03-01"', 1)
    assert SECOND_TITLE in second
    (folder / "zweiter_artikel.toml").write_text(second, encoding="utf-8")
    return folder
