"""Which claims files a command uses: one file, a folder, or the bundled ones plus the user's."""

from __future__ import annotations

import shutil

import pytest

from indicators.claims.articles import article_ids, claims_paths, user_claims_dir
from indicators.claims.load import CLAIMFILES_DIR, DEFAULT_CLAIMS_FILE
from indicators.claims.model import ClaimsError


def test_default_is_the_bundled_files_then_the_users_folder(tmp_path):
    user = user_claims_dir(tmp_path / "store.sqlite")
    assert user == tmp_path / "claims"
    assert claims_paths(user_dir=user) == sorted(CLAIMFILES_DIR.glob("*.toml"))
    user.mkdir()
    shutil.copy(DEFAULT_CLAIMS_FILE, user / "mine.toml")
    paths = claims_paths(user_dir=user)
    assert DEFAULT_CLAIMS_FILE in paths and paths[-1] == user / "mine.toml"


def test_a_folder_gives_its_toml_files_by_name_and_an_empty_one_is_refused(tmp_path):
    for name in ("b.toml", "a.toml", "notes.txt"):
        (tmp_path / name).write_text("")
    assert claims_paths(tmp_path) == [tmp_path / "a.toml", tmp_path / "b.toml"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ClaimsError, match="holds no claims file"):
        claims_paths(empty)


def test_article_ids_are_file_stems_made_unique(tmp_path):
    a, b = tmp_path / "x" / "same.toml", tmp_path / "y" / "same.toml"
    assert article_ids([a, b, tmp_path / "other.toml"]) == {
        a: "same", b: "same-2", tmp_path / "other.toml": "other"}
