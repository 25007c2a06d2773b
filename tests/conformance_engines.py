"""Engines for the tests of the conformance run: naive, failing, slow and crashing ones, and
where Nielsen's network2.py is (with a copy carrying one planted error)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from engine.interface import Engine

ROOT = Path(__file__).resolve().parent.parent
PLANTED_LINE = ("        return (a-y)\n", "        return (a-y) * sigmoid_prime(z)\n")
"""network2.py's CrossEntropyCost.delta, and the same line multiplied by sigma'(z)."""


def network2_file() -> Path:
    """$NETWORK2_PATH, else ../shared/thirdparty/nielsen/network2.py beside the checkout; skips
    the test when neither is a file."""
    given = os.environ.get("NETWORK2_PATH")
    path = (
        Path(given) if given else ROOT.parent / "shared" / "thirdparty" / "nielsen" / "network2.py"
    )
    if not path.is_file():
        pytest.skip(f"needs Nielsen's network2.py: set NETWORK2_PATH (not found at {path})")
    return path


def planted_copy(directory: Path) -> Path:
    """A copy of network2.py whose cross-entropy output error is multiplied by sigma'(z)."""
    source = network2_file().read_text(encoding="utf-8")
    assert source.count(PLANTED_LINE[0]) == 1, "network2.py's CrossEntropyCost.delta not found"
    copy = directory / "network2.py"
    copy.write_text(source.replace(*PLANTED_LINE), encoding="utf-8")
    return copy


class NaiveSoftmaxEngine(Engine):
    """softmax and log-softmax as most first attempts write them: no shift, ln of the sum."""

    name = "naive"

    def softmax(self, z):
        e = np.exp(z)
        return e / e.sum()

    def log_softmax(self, z):
        return z - np.log(np.sum(np.exp(z)))


class RaisingEngine(Engine):
    name = "raising"

    def sigmoid(self, z):
        raise ValueError("sigmoid is broken here")


class SlowEngine(Engine):
    name = "slow"

    def sigmoid(self, z):
        time.sleep(60)
        return 1 / (1 + np.exp(-z))


class CrashingEngine(Engine):
    name = "crashing"

    def sigmoid(self, z):
        os._exit(3)
