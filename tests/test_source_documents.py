"""Where the tests find the five source documents: ``$NNCLAIMS_SEEDS_DIR`` else ``../shared/seeds``;
without them the skip reason says how to provide them, and the README lists each document's
title and SHA-256 as the documents found here have them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from source_documents import (
    DEFAULT_SEEDS_DIR,
    SEEDS_DIR_ENV,
    missing_documents,
    seeds_dir,
    skip_reason,
)

from claims.catalog.documents import SOURCE_DOCUMENTS

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_environment_variable_names_the_directory_else_the_shared_one(monkeypatch, tmp_path):
    monkeypatch.setenv(SEEDS_DIR_ENV, str(tmp_path))
    assert seeds_dir() == tmp_path
    monkeypatch.setenv(SEEDS_DIR_ENV, "")  # empty counts as unset
    assert seeds_dir() == DEFAULT_SEEDS_DIR
    monkeypatch.delenv(SEEDS_DIR_ENV)
    assert seeds_dir() == DEFAULT_SEEDS_DIR


def test_without_the_documents_the_skip_reason_says_how_to_provide_them(tmp_path):
    (tmp_path / sorted(SOURCE_DOCUMENTS)[0]).write_text("one of five", encoding="utf-8")
    assert len(missing_documents(tmp_path)) == 4
    reason = skip_reason(tmp_path)
    assert f"4 of the 5 source documents are not in {tmp_path}" in reason
    assert SEEDS_DIR_ENV in reason and "README.md, 'The five documents'" in reason


def test_the_readme_gives_each_documents_title_and_sha256():
    readme = README.read_text(encoding="utf-8")
    section = readme.split("## The five documents", 1)[1].split("\n## ", 1)[0]
    assert SEEDS_DIR_ENV in section
    directory = seeds_dir()
    for name, document in SOURCE_DOCUMENTS.items():
        row = next(line for line in section.splitlines() if line.startswith(f"| `{name}` |"))
        assert document.title in row
        if (directory / name).is_file():
            digest = hashlib.sha256((directory / name).read_bytes()).hexdigest()
            assert f"`{digest}`" in row, f"{name}: the README's SHA-256 is not the document's"
    if missing_documents(directory):
        pytest.skip(skip_reason(directory))  # the titles were checked; the digests need the files
