"""Training runs as pure functions of a specification, and many of them at once.

A :class:`RunSpec` names everything a run depends on (architecture, cost, learning rate, epochs,
mini-batch size, initialiser, seed, precision, data split); :func:`train_run` maps it and the
data to a :class:`~engine.training.TrainingHistory`. Because each run draws every random number
from its own seed, K runs give the same histories whether they run one after another or in
parallel worker processes (:func:`train_runs`, tested bit for bit).

Parallelism: on a small machine a run at mini-batch 10 is a chain of small matrix products that
one core executes best; :func:`train_runs` therefore gives each worker process one BLAS thread
and runs ``jobs`` of them (default: one per core); a run trained in this process gets one BLAS
thread too, so its result is the same bit for bit. Workers are forked, so the training arrays are
shared with the parent rather than copied. The runs go to the workers one at a time, the
costliest first (longest-processing-time order), so the workers finish close together.
:func:`train_stacked_runs` trains runs that differ only in seed in one ``sgd_many`` call (the
data checked and converted once), without changing any result.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np
from threadpoolctl import threadpool_limits

from engine.network import Network
from engine.training import TrainingHistory, sgd_many
from engine.workers import init_worker

# Runs that differ only in seed are trained together up to this many at a time (sgd_many). The
# compiled step trains each network on its own, so a group is no faster per seed than a lone
# run, and with one run per task the workers share the work evenly.
MAX_STACKED_RUNS = 1


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
    """Build the network the spec describes, train it on ``data`` and return its history
    (with one BLAS thread, like every run: see :func:`train_stacked_runs`)."""
    return train_stacked_runs([spec], data)[0]


def train_stacked_runs(specs: Sequence[RunSpec], data: Dataset) -> list[TrainingHistory]:
    """Train runs that differ only in their seed together (``sgd_many``); each history equals,
    bit for bit, what :func:`train_run` gives for that spec alone.

    Training and the per-epoch evaluation both run with one BLAS thread, in this process as in
    a pool worker: a BLAS that splits a matrix product over threads may round its sums
    differently, and a run's result must not depend on where it ran (tested).
    """
    keys = {_stacking_key(spec) for spec in specs}
    if len(keys) != 1:
        raise ValueError(f"stacked runs must differ only in seed; got {len(keys)} configurations")
    spec = specs[0]
    n = len(data.train_x) if spec.train_size is None else spec.train_size
    if not 0 < n <= len(data.train_x):
        raise ValueError(
            f"train_size must be between 1 and {len(data.train_x)}, got {spec.train_size!r}"
        )
    networks = [
        Network(s.sizes, output=s.output, cost=s.cost, init=s.init, seed=s.seed,
                dtype=np.dtype(s.dtype))
        for s in specs
    ]
    with threadpool_limits(limits=1, user_api="blas"):
        return sgd_many(
            networks, data.train_x[:n], data.train_labels[:n], spec.epochs,
            spec.mini_batch_size, spec.eta, evaluation=data.evaluation,
        )


def _stacking_key(spec: RunSpec) -> RunSpec:
    return replace(spec, seed=0)


def training_cost(spec: RunSpec, n_train: int) -> int:
    """Multiply-adds of a run's training, the measure that orders runs for the workers:
    epochs x examples x sum over layers of (n_in + 1) n_out."""
    examples = n_train if spec.train_size is None else min(spec.train_size, n_train)
    return spec.epochs * examples * sum((n_in + 1) * n_out
                                        for n_in, n_out in zip(spec.sizes[:-1], spec.sizes[1:]))


def stacked_groups(specs: Sequence[RunSpec], group_size: int) -> list[list[int]]:
    """Indices of ``specs`` in groups of at most ``group_size`` that differ only in seed, in
    order of first appearance."""
    by_key: dict[RunSpec, list[int]] = {}
    for index, spec in enumerate(specs):
        by_key.setdefault(_stacking_key(spec), []).append(index)
    return [
        indices[start : start + group_size]
        for indices in by_key.values()
        for start in range(0, len(indices), group_size)
    ]


# Worker-process state: set before the pool forks, inherited by every worker.
_WORKER_DATA: Mapping[str, Dataset] = {}


def run_spec_group(specs: Sequence[RunSpec]) -> list[dict]:
    """The task a pool runs for runs differing only in seed: :func:`train_stacked_runs`."""
    histories = train_stacked_runs(specs, _WORKER_DATA[specs[0].split])
    return [history.to_dict() for history in histories]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def process_pool(data: Mapping[str, Dataset], jobs: int | None = None) -> ProcessPoolExecutor:
    """A pool of ``jobs`` forked workers, one BLAS thread each, that can run
    :func:`run_spec_group`.

    The workers end with this process on every path, ``kill -9`` included
    (:func:`engine.workers.init_worker`)."""
    global _WORKER_DATA
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    _WORKER_DATA = dict(data)
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=init_worker,
        initargs=(os.getpid(),),
    )


def train_runs(
    specs: Sequence[RunSpec],
    data: Mapping[str, Dataset],
    jobs: int | None = None,
    on_done: Callable[[RunSpec, TrainingHistory], None] | None = None,
) -> list[TrainingHistory]:
    """Train every spec; histories come back in the order of ``specs``.

    Runs that differ only in seed are trained together in groups (:func:`train_stacked_runs`),
    which changes no result. jobs=1 runs the groups in this process; otherwise in a process pool
    (:func:`process_pool`), the costliest groups first (:func:`training_cost`), with groups
    small enough to give every worker a share.
    """
    specs = list(specs)
    missing = sorted({s.split for s in specs} - set(data))
    if missing:
        raise ValueError(f"no dataset for split(s) {missing}; have {sorted(data)}")
    results: list[TrainingHistory | None] = [None] * len(specs)

    def finish(indices, histories):
        for index, history in zip(indices, histories):
            results[index] = history
            if on_done is not None:
                on_done(specs[index], history)

    if jobs == 1 or len(specs) <= 1:
        for indices in stacked_groups(specs, MAX_STACKED_RUNS):
            group = [specs[i] for i in indices]
            finish(indices, train_stacked_runs(group, data[group[0].split]))
        return results
    workers = default_jobs() if jobs is None else jobs
    group_size = max(1, min(MAX_STACKED_RUNS, -(-len(specs) // workers)))
    pool = process_pool(data, jobs)
    try:
        groups = sorted(stacked_groups(specs, group_size), key=lambda indices: -sum(
            training_cost(specs[i], len(data[specs[i].split].train_x)) for i in indices))
        futures = [pool.submit(run_spec_group, [specs[i] for i in indices]) for indices in groups]
        for indices, future in zip(groups, futures):
            finish(indices, [TrainingHistory.from_dict(h) for h in future.result()])
        return results
    finally:
        pool.shutdown(cancel_futures=True)


def seeds_of(spec: RunSpec, seeds: Iterable[int]) -> list[RunSpec]:
    """The same configuration at each seed."""
    return [replace(spec, seed=int(seed)) for seed in seeds]
