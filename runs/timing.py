"""The one epoch timer: how long one epoch of a run takes on one core of this machine, for the
cost estimates of the MNIST experiment (``python -m experiments.mnist_experiments
--measure-epochs``, the plan a report build prints) and of the sweep (``python -m reports.sweep``);
and the one cost formula over many runs, :func:`runs_cpu_seconds`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from engine.training import sgd
from runs.blas_threads import one_blas_thread
from runs.spec import Dataset, RunSpec
from runs.train import network_of


def epoch_seconds(
    spec: RunSpec, data: Dataset, probe_examples: int = 5000, repeats: int = 2
) -> float:
    """CPU seconds one epoch of ``spec`` takes on ``data``, on one BLAS thread as a run trains.

    The training pass is timed on the first ``probe_examples`` training examples and scaled
    linearly to the run's training set (``spec.train_size`` or all of ``data``), plus one
    evaluation of every evaluation set, as every epoch of a run does. CPU time of this process
    rather than wall-clock time, so that other load on the machine does not inflate it; the
    smallest of ``repeats`` timings is kept.
    """
    if probe_examples < 1 or repeats < 1:
        raise ValueError(
            f"probe_examples and repeats must be >= 1, got {probe_examples}, {repeats}"
        )
    n_train = len(data.train_x) if spec.train_size is None else spec.train_size
    probe = min(probe_examples, n_train)
    x = data.train_x if data.train_bytes is None else data.train_bytes  # as train_run trains
    timings = []
    with one_blas_thread():
        for _ in range(repeats):
            network = network_of(spec)
            start = time.process_time()
            sgd(
                network,
                x[:probe],
                data.train_labels[:probe],
                1,
                spec.mini_batch_size,
                eta=spec.eta,
            )
            training = time.process_time() - start
            start = time.process_time()
            for inputs, labels in data.evaluation.values():
                network.evaluate(inputs, labels)
            evaluation = time.process_time() - start
            timings.append(training * n_train / probe + evaluation)
    return min(timings)


def runs_cpu_seconds(
    specs: Iterable[RunSpec], seconds_per_epoch: Callable[[RunSpec], float]
) -> float:
    """Estimated CPU seconds of training ``specs``: the sum over runs of epochs x the CPU seconds
    one epoch of that run takes (``seconds_per_epoch``, timed by :func:`epoch_seconds`)."""
    return sum(spec.epochs * seconds_per_epoch(spec) for spec in specs)
