"""A run's result does not depend on where it trained: in this process (``--jobs 1``, or a single
missing run) training *and* the per-epoch evaluation use one BLAS thread, as in a pool worker,
and the histories are equal bit for bit."""

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from engine.network import Network
from runs.executors import train_runs
from runs.spec import Dataset, RunSpec, seeds_of
from runs.train import train_run


def _blas_threads() -> set[int]:
    return {info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"}


def _dataset(n_evaluation=3000):
    # evaluation sets large enough for a multi-threaded BLAS to split their matrix products
    rng = np.random.default_rng(11)
    x = rng.uniform(0.0, 1.0, size=(200, 64))
    labels = rng.integers(0, 10, size=200)
    ex = rng.uniform(0.0, 1.0, size=(n_evaluation, 64))
    el = rng.integers(0, 10, size=n_evaluation)
    return Dataset(train_x=x, train_labels=labels, evaluation={"validation": (ex, el)})


@pytest.fixture
def evaluation_blas_threads(monkeypatch):
    """The BLAS thread counts in force each time a network is evaluated."""
    seen = []
    original = Network.evaluate

    def recording(self, *args, **kwargs):
        seen.append(_blas_threads())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Network, "evaluate", recording)
    return seen


@pytest.mark.parametrize("how", ["train_run", "train_runs jobs=1", "train_runs one spec"])
def test_in_process_evaluation_runs_on_one_blas_thread(evaluation_blas_threads, how):
    data = _dataset(200)
    spec = RunSpec(sizes=(64, 20, 10), cost="cross_entropy", eta=0.5, epochs=2)
    # the process itself may use more threads: the run must not
    with threadpool_limits(limits=2, user_api="blas"):
        if how == "train_run":
            train_run(spec, data)
        elif how == "train_runs jobs=1":
            train_runs(seeds_of(spec, [0, 1]), {"nielsen": data}, jobs=1)
        else:
            train_runs([spec], {"nielsen": data}, jobs=None)
        after = _blas_threads()
    assert evaluation_blas_threads, "expected the run to evaluate after every epoch"
    assert all(threads == {1} for threads in evaluation_blas_threads), evaluation_blas_threads
    assert after == {2}, "the limit must be given back when the run ends"


def test_in_process_and_worker_histories_are_equal_bit_for_bit():
    data = {"nielsen": _dataset()}
    specs = seeds_of(RunSpec(sizes=(64, 30, 10), cost="cross_entropy", eta=0.5, epochs=2), [0, 1])
    with threadpool_limits(limits=2, user_api="blas"):
        in_process = train_runs(specs, data, jobs=1)
    in_workers = train_runs(specs, data, jobs=2)
    assert [h.to_dict() for h in in_process] == [h.to_dict() for h in in_workers]
