"""Training runs as pure functions of a specification, and many of them at once.

A :class:`RunSpec` names everything a run depends on (architecture, cost, learning rate, epochs,
mini-batch size, initialiser, seed, precision, data split); :func:`train_run` maps it and the
data to a :class:`~engine.training.TrainingHistory`. Because each run draws every random number
from its own seed, K runs give the same histories whether they run one after another or in
parallel worker processes (:func:`train_runs`, tested bit for bit).

Parallelism: on a small machine a run at mini-batch 10 is a chain of small matrix products that
one core executes best; :func:`train_runs` therefore gives each worker process one BLAS thread
and runs ``jobs`` of them (default: one per core). Workers are forked, so the training arrays are
shared with the parent rather than copied.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

from engine.network import Network
from engine.training import TrainingHistory, sgd


@dataclass(frozen=True)
class Dataset:
    """Training inputs and integer labels, plus named evaluation sets {name: (inputs, labels)}."""

    train_x: np.ndarray
    train_labels: np.ndarray
    evaluation: Mapping[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


@dataclass(frozen=True)
class RunSpec:
    """Everything one training run depends on. ``train_size`` keeps the first n examples."""

    sizes: tuple[int, ...]
    cost: str
    eta: float
    epochs: int
    mini_batch_size: int = 10
    output: str = "sigmoid"
    init: str = "large"
    seed: int = 0
    dtype: str = "float64"
    split: str = "nielsen"
    train_size: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "sizes", tuple(int(n) for n in self.sizes))
        if self.dtype not in ("float64", "float32"):
            raise ValueError(f"dtype must be 'float64' or 'float32', got {self.dtype!r}")

    def to_dict(self) -> dict:
        data = asdict(self)
        data["sizes"] = list(self.sizes)
        return data

    def key(self, engine_version: str) -> str:
        """A stable digest of the spec and the engine version: the cache key of its result."""
        payload = json.dumps({"spec": self.to_dict(), "engine": engine_version}, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:24]


def train_run(spec: RunSpec, data: Dataset) -> TrainingHistory:
    """Build the network the spec describes, train it on ``data`` and return its history."""
    network = Network(
        spec.sizes, output=spec.output, cost=spec.cost, init=spec.init, seed=spec.seed,
        dtype=np.dtype(spec.dtype),
    )
    n = len(data.train_x) if spec.train_size is None else spec.train_size
    if not 0 < n <= len(data.train_x):
        raise ValueError(
            f"train_size must be between 1 and {len(data.train_x)}, got {spec.train_size!r}"
        )
    return sgd(
        network, data.train_x[:n], data.train_labels[:n], spec.epochs, spec.mini_batch_size,
        spec.eta, evaluation=data.evaluation,
    )


# Worker-process state: set before the pool forks, inherited by every worker.
_WORKER_DATA: Mapping[str, Dataset] = {}


def _init_worker(blas_threads: int) -> None:
    from threadpoolctl import threadpool_limits

    # Held for the worker's lifetime: the limiter object must stay referenced.
    global _BLAS_LIMIT
    _BLAS_LIMIT = threadpool_limits(limits=blas_threads)


def _run_in_worker(spec: RunSpec) -> dict:
    return train_run(spec, _WORKER_DATA[spec.split]).to_dict()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def process_pool(data: Mapping[str, Dataset], jobs: int | None = None) -> ProcessPoolExecutor:
    """A pool of ``jobs`` forked workers, one BLAS thread each, that can run :func:`run_spec`."""
    global _WORKER_DATA
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    _WORKER_DATA = dict(data)
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init_worker,
        initargs=(1,),
    )


def run_spec(spec: RunSpec) -> dict:
    """The task a pool runs: ``train_run`` on the data the pool was created with, as a dict."""
    return _run_in_worker(spec)


def train_runs(
    specs: Sequence[RunSpec],
    data: Mapping[str, Dataset],
    jobs: int | None = None,
    executor: Executor | None = None,
    on_done: Callable[[RunSpec, TrainingHistory], None] | None = None,
) -> list[TrainingHistory]:
    """Train every spec; histories come back in the order of ``specs``.

    jobs=1 runs them in this process; otherwise in a process pool (or the given executor, whose
    workers must be able to run :func:`run_spec` on the same data).
    """
    missing = sorted({s.split for s in specs} - set(data))
    if missing:
        raise ValueError(f"no dataset for split(s) {missing}; have {sorted(data)}")
    if executor is None and (jobs == 1 or len(specs) <= 1):
        results = []
        for spec in specs:
            history = train_run(spec, data[spec.split])
            if on_done is not None:
                on_done(spec, history)
            results.append(history)
        return results
    own_pool = executor is None
    pool = process_pool(data, jobs) if own_pool else executor
    try:
        futures = [pool.submit(run_spec, spec) for spec in specs]
        results = []
        for spec, future in zip(specs, futures):
            history = TrainingHistory.from_dict(future.result())
            if on_done is not None:
                on_done(spec, history)
            results.append(history)
        return results
    finally:
        if own_pool:
            pool.shutdown(cancel_futures=True)


def seeds_of(spec: RunSpec, seeds: Iterable[int]) -> list[RunSpec]:
    """The same configuration at each seed."""
    from dataclasses import replace

    return [replace(spec, seed=int(seed)) for seed in seeds]
