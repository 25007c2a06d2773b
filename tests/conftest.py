"""Fixtures shared by the tests of the project's own machinery."""

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def real_mnist_dir() -> Path:
    """The directory of the real MNIST files, from ``$MNIST_DIR``; skips the test when unset."""
    value = os.environ.get("MNIST_DIR")
    if not value:
        pytest.skip("needs the real MNIST files: set MNIST_DIR to the directory holding them")
    return Path(value)
