"""Where runs execute: one executor interface, :func:`open_executor`, with a local process
pool or a Dask cluster behind it, both a :class:`concurrent.futures.Executor`; and
:func:`train_runs`, which trains many specs on data already in memory.

``open_executor(jobs=N)`` gives a pool of N processes (:func:`local_pool`, the default: one per
usable core), forked where the platform allows it, so data the parent has already loaded is
shared with the workers instead of being read or copied again; the workers end with the process
that started them, ``kill -9`` included (:mod:`runs.workers`).
``open_executor(scheduler="tcp://HOST:PORT")`` connects to a running ``dask.distributed``
scheduler (the optional ``distributed`` extra, :mod:`runs.dask_cluster`) and gives the client's
executor. Nothing else here schedules anything: retries after a lost worker are the scheduler's.

Every run trains on one BLAS thread wherever it runs (:func:`runs.train.train_run`), so a
worker's results equal, bit for bit, those of the same specs trained in this process (tested).
The runs go to the workers one at a time, the costliest first (longest-processing-time order),
so the workers finish close together.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

from engine.training import TrainingHistory
from runs.dask_cluster import SchedulerError, check_scheduler_address, connect
from runs.spec import Dataset, RunSpec, training_cost
from runs.train import TrainingCpu, compile_steps, timed_train_run
from runs.workers import init_worker

__all__ = [
    "SchedulerError",
    "check_scheduler_address",
    "default_jobs",
    "local_pool",
    "open_executor",
    "train_runs",
    "worker_count",
]


def default_jobs() -> int:
    """One worker per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def local_pool(jobs: int | None = None) -> ProcessPoolExecutor:
    """``jobs`` worker processes (default: one per available core), one BLAS thread each, that
    end with this process on every path (:func:`runs.workers.init_worker`).

    Forked where the platform allows it, so data the parent has already loaded with
    :func:`load_source` is shared with the workers instead of being read again.
    """
    jobs = default_jobs() if jobs is None else jobs
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer, got {jobs!r}")
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=init_worker,
        initargs=(os.getpid(),),
    )


def worker_count(executor: Executor) -> int | None:
    """How many tasks ``executor`` runs at once, when it can tell (for the time estimate)."""
    if isinstance(executor, ProcessPoolExecutor):
        return executor._max_workers
    client = getattr(executor, "_client", None)
    if client is not None:
        return sum(client.nthreads().values()) or None
    return None


def _terminate_workers(pool: ProcessPoolExecutor) -> None:
    terminate = getattr(pool, "terminate_workers", None)  # Python >= 3.14
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


@contextmanager
def open_executor(
    jobs: int | None = None, scheduler: str | None = None, timeout: float = 10.0
) -> Iterator[Executor]:
    """A local pool of ``jobs`` processes, or the executor of a Dask cluster at ``scheduler``.

    On leaving, tasks not yet started are cancelled and the pool or the client connection is
    closed; a cluster itself is left running. Leaving on an exception (an interrupted sweep) also
    ends the local worker processes at once.
    """
    if scheduler is None:
        pool = local_pool(jobs)
        try:
            yield pool
        except BaseException:
            # Interrupted: results of runs still in flight would not be stored, so end them now
            # rather than wait for them.
            _terminate_workers(pool)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return
    client = connect(scheduler, timeout)
    executor = client.get_executor()
    try:
        yield executor
    finally:
        try:
            executor.shutdown(wait=False)
        finally:
            client.close()


# Worker-process state: set before the pool forks, inherited by every worker.
_WORKER_DATA: Mapping[str, Dataset] = {}


def train_in_worker(spec: RunSpec) -> tuple[dict, float]:
    """The task :func:`train_runs` gives a pool worker: the history of ``spec`` trained on the
    dataset of its split, which the worker inherited when it was forked, and its CPU seconds."""
    history, seconds = timed_train_run(spec, _WORKER_DATA[spec.split])
    return history.to_dict(), seconds


def train_runs(
    specs: Sequence[RunSpec],
    data: Mapping[str, Dataset],
    jobs: int | None = None,
    on_done: Callable[[RunSpec, TrainingHistory], None] | None = None,
    cpu: TrainingCpu | None = None,
) -> list[TrainingHistory]:
    """Train every spec on the dataset of its split; histories come back in the order of
    ``specs``, and ``on_done(spec, history)`` is called as each arrives.

    jobs=1 (or a single spec) trains in this process; otherwise a local pool of ``jobs``
    processes (:func:`local_pool`) runs one task per spec, the costliest first
    (:func:`runs.spec.training_cost`). The datasets are shared with the forked workers, not
    copied; where processes cannot be forked the pool is not used and the runs train here.
    The training step is compiled here first, so that the workers inherit it. Each run's own
    CPU seconds are added to ``cpu`` when given.
    """
    global _WORKER_DATA
    specs = list(specs)
    missing = sorted({s.split for s in specs} - set(data))
    if missing:
        raise ValueError(f"no dataset for split(s) {missing}; have {sorted(data)}")
    results: list[TrainingHistory | None] = [None] * len(specs)

    def finish(index: int, history: TrainingHistory, seconds: float) -> None:
        results[index] = history
        if cpu is not None:
            cpu.add(seconds)
        if on_done is not None:
            on_done(specs[index], history)

    if jobs == 1 or len(specs) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for index, spec in enumerate(specs):
            finish(index, *timed_train_run(spec, data[spec.split]))
        return results
    compile_steps(specs)
    order = sorted(
        range(len(specs)), key=lambda i: -training_cost(specs[i], len(data[specs[i].split].train_x))
    )
    _WORKER_DATA = dict(data)
    try:
        with open_executor(jobs) as pool:
            futures = [(i, pool.submit(train_in_worker, specs[i])) for i in order]
            for index, future in futures:
                history, seconds = future.result()
                finish(index, TrainingHistory.from_dict(history), seconds)
    finally:
        _WORKER_DATA = {}
    return results
