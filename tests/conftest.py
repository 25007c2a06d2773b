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


@pytest.fixture
def tiny_sweep():
    """(data source, grid) of a sweep small enough to run in about a second on one core:
    synthetic 4-class data, two sizes x two costs x two learning rates x two seeds, 2 epochs."""
    from experiments.sweep import SweepGrid
    from runs.tasks import SyntheticSource

    source = SyntheticSource(n_train=1000, n_evaluation=200, n_inputs=20, n_classes=4, seed=7)
    grid = SweepGrid(
        sizes=((20, 10, 4), (20, 16, 4)),
        etas=(0.3, 3.0),
        seeds=(0, 1),
        epochs=2,
        split=source.split,
    )
    return source, grid


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "end_to_end: runs a project command for real (tens of seconds); "
        "deselect with -m 'not end_to_end'",
    )


@pytest.fixture
def phases(monkeypatch):
    """The build's long phases replaced by fixtures; ``calls`` records which ran."""
    from report_fixtures import stub_phases

    import reports.build as build

    return stub_phases(monkeypatch, build)
