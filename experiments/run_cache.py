"""The result cache of MNIST runs, shared by the report's experiments and the sweep.

Keyed by :func:`experiments.executors.run_fingerprint`: the source of every project module a run
executes, NumPy's version and its BLAS. This module is not itself part of a run, so changing how
the cache is opened or checked does not invalidate cached results.
"""

from __future__ import annotations

import os

from engine.cache import ResultCache
from experiments.executors import run_fingerprint


def open_result_cache(directory: str | os.PathLike | None = None) -> ResultCache:
    """The result cache in ``directory`` (else ``$NNCLAIMS_CACHE_DIR``, else the per-user one)."""
    return ResultCache(directory, run_fingerprint())
