"""Where the tests find the five source documents the catalog cites, and what they say when the
documents are not there.

The documents are not part of the repository (README.md, "The five documents", lists each one's
title, author and SHA-256). The tests read them from ``$NNCLAIMS_SEEDS_DIR`` when it is set, else
from ``../shared/seeds`` beside the checkout; without them the tests that read them are skipped
with a reason that says how to provide them.
"""

from __future__ import annotations

import os
from pathlib import Path

from claims.catalog import DOCUMENTS

SEEDS_DIR_ENV = "NNCLAIMS_SEEDS_DIR"
DEFAULT_SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seeds_dir() -> Path:
    """``$NNCLAIMS_SEEDS_DIR`` when set and not empty, else ``../shared/seeds`` by the checkout."""
    value = os.environ.get(SEEDS_DIR_ENV)
    return Path(value).expanduser() if value else DEFAULT_SEEDS_DIR


def missing_documents(directory: Path) -> list[str]:
    """The catalog's documents that are not files in ``directory``."""
    return [name for name in sorted(DOCUMENTS) if not (directory / name).is_file()]


def skip_reason(directory: Path) -> str:
    """Why a test that reads the documents is skipped, and how to provide them."""
    missing = missing_documents(directory)
    return (
        f"{len(missing)} of the {len(DOCUMENTS)} source documents are not in {directory}: "
        f"set {SEEDS_DIR_ENV} to the directory holding them (README.md, 'The five documents', "
        "lists each one's title, author and SHA-256)"
    )
