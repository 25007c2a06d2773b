"""The task a sweep runs on any executor: :func:`run_task` ``(spec, source)``, and the data
sources it names.

A task trains the network ``spec`` describes on the data ``source`` describes and returns the
history together with the fingerprint of the code that ran it. It is a pure function of its two
arguments: the data is named, not shipped. A worker reads it once (kept per process by
``functools.lru_cache``) from the MNIST directory named in the source, which on a cluster must
exist on every worker at that path, or else at the worker's ``$MNIST_DIR``; the loader checks the
SHA-256 of every file, so whichever path a worker reads, the data is the same. Every run trains on
one BLAS thread (:func:`runs.train.train_run`), so its floating-point operations, and hence its
result, do not depend on where it ran.

A result whose fingerprint (:func:`runs.fingerprint.run_fingerprint`) is not the caller's was
computed by other code and must not be stored under the caller's key (the sweep refuses it).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, replace

import numpy as np

from runs.fingerprint import run_fingerprint
from runs.mnist import MnistNotFoundError, load_mnist
from runs.spec import Dataset, RunSpec
from runs.splits import NIELSEN_SPLIT, split_dataset
from runs.train import train_run


@dataclass(frozen=True)
class MnistSource:
    """Nielsen's MNIST split read from ``directory`` (training: the first 50,000 records of the
    training file), evaluated after every epoch on validation (the other 10,000) and test.

    ``evaluation_size`` keeps only the first n validation and test examples (for quick checks);
    it is part of the split name, so such runs never share a cache entry with full ones.
    """

    directory: str
    evaluation_size: int | None = None

    @property
    def split(self) -> str:
        return "nielsen" if self.evaluation_size is None else f"nielsen-eval{self.evaluation_size}"

    def load(self) -> Dataset:
        """The dataset the report's experiments use for this split (tested), so that the two
        share cached runs; built here without the report's other splits."""
        return split_dataset(load_mnist(self.directory), NIELSEN_SPLIT, self.evaluation_size)


@dataclass(frozen=True)
class SyntheticSource:
    """Gaussian clusters, one per class, drawn from ``seed``: data for checking the machinery
    of a sweep (executors, cache, resumption) in seconds and without MNIST.

    Class k has mean ``separation * e_(k mod n_inputs)`` and unit variance in every input.
    """

    n_train: int = 1000
    n_evaluation: int = 250
    n_inputs: int = 20
    n_classes: int = 4
    separation: float = 2.0
    seed: int = 0

    @property
    def split(self) -> str:
        return (
            f"synthetic-{self.n_train}-{self.n_evaluation}-{self.n_inputs}-{self.n_classes}"
            f"-{self.separation!r}-{self.seed}"
        )

    def load(self) -> Dataset:
        rng = np.random.default_rng(self.seed)

        def draw(n):
            labels = rng.integers(0, self.n_classes, size=n)
            x = rng.standard_normal((n, self.n_inputs))
            x[np.arange(n), labels % self.n_inputs] += self.separation
            return x, labels

        train_x, train_labels = draw(self.n_train)
        evaluation = {name: draw(self.n_evaluation) for name in ("validation", "test")}
        return Dataset(train_x=train_x, train_labels=train_labels, evaluation=evaluation)


DataSource = MnistSource | SyntheticSource


@functools.lru_cache(maxsize=2)
def load_source(source: DataSource) -> Dataset:
    """The dataset of ``source``, read once per process."""
    return source.load()


def worker_dataset(source: DataSource) -> Dataset:
    """The dataset of ``source`` as a worker reads it: an MNIST directory missing on this
    machine is looked for at this process's ``$MNIST_DIR`` (the same content: it is verified)."""
    try:
        return load_source(source)
    except MnistNotFoundError:
        local = os.environ.get("MNIST_DIR")
        if not isinstance(source, MnistSource) or not local or local == source.directory:
            raise
        return load_source(replace(source, directory=local))


def run_task(spec: RunSpec, source: DataSource) -> dict:
    """One sweep task: ``{"engine": fingerprint, "history": TrainingHistory.to_dict()}``."""
    if spec.split != source.split:
        raise ValueError(
            f"spec.split must name the data source's split {source.split!r}, got {spec.split!r}"
        )
    history = train_run(spec, worker_dataset(source))
    return {"engine": run_fingerprint(), "history": history.to_dict()}
