"""A training run as a pure function of its specification: :func:`train_run`.

Training and the per-epoch evaluation both run on one BLAS thread
(:func:`runs.blas_threads.one_blas_thread`), in this process as in a pool worker, so a run's
history is the same bit for bit wherever it ran (tested).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from engine.network import Network
from engine.training import TrainingHistory, compile_step, sgd
from runs.blas_threads import one_blas_thread
from runs.spec import Dataset, RunSpec


def network_of(spec: RunSpec) -> Network:
    """The untrained network ``spec`` describes (its initial parameters drawn from its seed)."""
    return Network(
        spec.sizes,
        output=spec.output,
        cost=spec.cost,
        init=spec.init,
        seed=spec.seed,
        dtype=np.dtype(spec.dtype),
    )


def training_examples(spec: RunSpec, data: Dataset) -> int:
    """How many of ``data``'s training examples the run uses: the first ``spec.train_size``, or
    all of them; a ValueError when the data hold fewer."""
    n = len(data.train_x) if spec.train_size is None else spec.train_size
    if n > len(data.train_x):
        raise ValueError(
            f"train_size must be between 1 and {len(data.train_x)}, got {spec.train_size!r}"
        )
    return n


def train_run(spec: RunSpec, data: Dataset) -> TrainingHistory:
    """Build the network the spec describes, train it on ``data`` with the spec's learning rate
    ``spec.eta`` and return its history, evaluated on every set of ``data.evaluation`` after each
    epoch. It trains on ``data.train_bytes`` where given (the same inputs: the same history)."""
    n = training_examples(spec, data)
    network = network_of(spec)
    x = data.train_x if data.train_bytes is None else data.train_bytes
    with one_blas_thread():
        return sgd(
            network,
            x[:n],
            data.train_labels[:n],
            spec.epochs,
            spec.mini_batch_size,
            eta=spec.eta,
            evaluation=data.evaluation,
        )


def timed_train_run(spec: RunSpec, data: Dataset) -> tuple[TrainingHistory, float]:
    """:func:`train_run` and the CPU seconds it took: the CPU time of this thread, which does
    all of a run's arithmetic (its BLAS runs on one thread, the calling one)."""
    started = time.thread_time()
    history = train_run(spec, data)
    return history, time.thread_time() - started


def compile_steps(specs) -> None:
    """Compile the training step of every kind of network among ``specs`` in this process
    (:func:`engine.training.compile_step`), so that worker processes forked afterwards inherit
    it instead of each compiling it again."""
    for dtype, layers in sorted({(spec.dtype, len(spec.sizes)) for spec in specs}):
        compile_step(np.dtype(dtype), layers)


@dataclass
class TrainingCpu:
    """The runs trained and the sum of their own CPU seconds (:func:`timed_train_run`)."""

    seconds: float = 0.0
    runs: int = 0

    def add(self, seconds: float) -> None:
        self.seconds += seconds
        self.runs += 1
