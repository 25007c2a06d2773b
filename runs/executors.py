"""Where runs execute: one executor interface, :func:`open_executor`, with a local process
pool or a Dask cluster behind it, both a :class:`concurrent.futures.Executor`; and
:func:`train_runs`, which trains many specs on data already in memory.

``open_executor(jobs=N)`` gives a pool of N processes (:func:`local_pool`, the default: one per
usable core, and never more than the usable cores: more processes than cores only add memory
and process-table entries, :func:`capped_jobs`), forked where the platform allows it, so data
the parent has already loaded is shared with the workers instead of being read or copied again;
the workers end with the process that started them, ``kill -9`` included (:mod:`runs.workers`).
``open_executor(scheduler="tcp://HOST:PORT")`` connects to a running ``dask.distributed``
scheduler (the optional ``distributed`` extra, :mod:`runs.dask_cluster`) and gives the client's
executor. Nothing else here schedules anything: retries after a lost worker are the scheduler's.

Every run trains on one BLAS thread wherever it runs (:func:`runs.train.train_run`), so a
worker's results equal, bit for bit, those of the same specs trained in this process (tested).
A worker that cannot be started (a process or thread limit such as ``ulimit -u``, no memory), or
that ends before its task is done, is a :class:`WorkerStartError`, and the pool's other
workers are ended: never a pool left waiting for a worker that will not come.
The runs go to the workers one at a time, the costliest first (longest-processing-time order),
so the workers finish close together.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from engine.training import TrainingHistory
from runs.dask_cluster import SchedulerError, check_scheduler_address, connect
from runs.spec import Dataset, RunSpec, training_cost
from runs.train import TrainingCpu, compile_steps, timed_train_run
from runs.workers import init_worker

__all__ = [
    "SchedulerError",
    "WorkerStartError",
    "capped_jobs",
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


WORKER_JOIN_SECONDS = 5.0


class WorkerStartError(RuntimeError):
    """Worker processes could not be started, or one ended before its task was done."""

    def __init__(self, workers: int, error: BaseException):
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        super().__init__(
            f"could not start or keep {workers} worker processes ({reason}); give a smaller "
            "--jobs, or raise the limit on processes (ulimit -u) or memory"
        )


def _is_start_failure(error: BaseException) -> bool:
    """Whether ``error``, from submitting a task or waiting for one, means a worker could not
    start or died: no process or thread to be had (EAGAIN, ENOMEM), or a broken pool."""
    if isinstance(error, BrokenProcessPool | OSError):
        return True
    return isinstance(error, RuntimeError) and "can't start new thread" in str(error)


def capped_jobs(requested: int | None) -> tuple[int | None, str | None]:
    """``requested`` worker processes, at most the usable cores; with a line saying so when it
    was more (None stays None: the default, one per usable core)."""
    usable = default_jobs()
    if requested is None or requested <= usable:
        return requested, None
    return usable, f"--jobs {requested} capped at {usable}, the CPUs this process may use"


class LocalPool(ProcessPoolExecutor):
    """A process pool whose failure to start a worker is a :class:`WorkerStartError`."""

    def submit(self, fn, /, *args, **kwargs):
        try:
            return super().submit(fn, *args, **kwargs)
        except (OSError, RuntimeError) as error:
            if _is_start_failure(error):
                raise WorkerStartError(self._max_workers, error) from None
            raise


def local_pool(jobs: int | None = None) -> ProcessPoolExecutor:
    """``jobs`` worker processes (default, and at most: one per usable core), one BLAS thread
    each, that end with this process on every path (:func:`runs.workers.init_worker`).

    Forked where the platform allows it, so data the parent has already loaded with
    :func:`load_source` is shared with the workers instead of being read again.
    """
    jobs = default_jobs() if jobs is None else jobs
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer, got {jobs!r}")
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return LocalPool(
        max_workers=capped_jobs(jobs)[0],
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
    """End the pool's workers now: SIGTERM, then SIGKILL for any still there after
    ``WORKER_JOIN_SECONDS`` (a worker left alive would keep this process from exiting)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    terminate = getattr(pool, "terminate_workers", None)  # Python >= 3.14
    if terminate is not None:
        terminate()
    else:
        for process in processes:
            process.terminate()
    for process in processes:
        process.join(WORKER_JOIN_SECONDS)
        if process.is_alive():
            process.kill()
            process.join(WORKER_JOIN_SECONDS)


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
        except BaseException as error:
            # Interrupted or failed: results of runs still in flight would not be stored, so end
            # them now rather than wait for them.
            _terminate_workers(pool)
            try:
                pool.shutdown(wait=True, cancel_futures=True)
            except RuntimeError:  # its manager thread could not even start: nothing to wait for
                pass
            if isinstance(error, BrokenProcessPool):
                raise WorkerStartError(pool._max_workers, error) from None
            raise
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
        with open_executor(min(jobs or default_jobs(), len(specs))) as pool:
            futures = [(i, pool.submit(train_in_worker, specs[i])) for i in order]
            for index, future in futures:
                history, seconds = future.result()
                finish(index, TrainingHistory.from_dict(history), seconds)
    finally:
        _WORKER_DATA = {}
    return results
