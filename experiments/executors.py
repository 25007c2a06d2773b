"""Where sweep runs execute: a local process pool or a Dask cluster, both as a
:class:`concurrent.futures.Executor`, and the task they run.

A task is :func:`run_task` ``(spec, source)``: train the network ``spec`` describes on the data
``source`` describes and return the history together with the engine fingerprint of the process
that ran it. It is a pure function of its two arguments: the data is named, not shipped. A
worker reads it once (kept per process by ``functools.lru_cache``) from the MNIST directory named
in the source, which on a cluster must exist on every worker at that path, or else at the
worker's ``$MNIST_DIR``; the loader checks the SHA-256 of every file, so whichever path a worker
reads, the data is the same. Every task runs with one BLAS thread, like ``engine.runs``, so a
run's floating-point operations, and hence its result, do not depend on where it ran.

The task also returns the fingerprint of the code that ran it (:func:`run_fingerprint`: the
source of every project module the task executes, NumPy's version and BLAS); a result whose
fingerprint is not the caller's was computed by other code and must not be stored under the
caller's key (``reports.sweep`` refuses it). :func:`experiments.run_cache.open_result_cache` is
the result cache keyed by that same fingerprint, shared by the sweep and the report's MNIST runs.

``open_executor(jobs=N)`` gives a pool of N forked processes (the default), which end with the
process that started them, ``kill -9`` included (:mod:`engine.workers`);
``open_executor(scheduler="tcp://HOST:PORT")`` connects to a running ``dask.distributed``
scheduler (the optional ``distributed`` extra) and gives the client's executor. Nothing else
here schedules anything: retries after a lost worker are the scheduler's.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import re
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Iterator, Union

import numpy as np

from engine.fingerprint import code_fingerprint
from engine.runs import Dataset, RunSpec, default_jobs, train_run
from engine.workers import hold_one_blas_thread, init_worker

# The modules a run starts from: this one (the sweep's task and data sources) and the report's
# MNIST data splits. Everything they import is found from their source (engine.fingerprint).
RUN_MODULES = ("experiments.executors", "experiments.mnist_configs")

SCHEDULER_ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]*://[^\s/]+:\d+$")
INSTALL_HINT = "pip install 'nnclaims[distributed]'"


class SchedulerError(RuntimeError):
    """The Dask scheduler is unusable: bad address, unreachable, or the extra is not installed."""


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
        from engine.mnist import load_mnist
        from experiments.mnist_configs import NIELSEN_SPLIT, split_dataset

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


DataSource = Union[MnistSource, SyntheticSource]


@functools.lru_cache(maxsize=2)
def load_source(source: DataSource) -> Dataset:
    """The dataset of ``source``, read once per process."""
    return source.load()


def run_fingerprint() -> str:
    """The fingerprint of the code that computes a run in this process (cache keys)."""
    return code_fingerprint(RUN_MODULES)


def limit_blas_threads() -> None:
    """Give this process one BLAS thread for good (idempotent)."""
    hold_one_blas_thread()


def worker_dataset(source: DataSource) -> Dataset:
    """The dataset of ``source`` as a worker reads it: an MNIST directory missing on this
    machine is looked for at this process's ``$MNIST_DIR`` (the same content: it is verified)."""
    from engine.mnist import MnistNotFoundError

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
    limit_blas_threads()
    history = train_run(spec, worker_dataset(source))
    return {"engine": run_fingerprint(), "history": history.to_dict()}


def local_pool(jobs: int | None = None) -> ProcessPoolExecutor:
    """``jobs`` worker processes (default: one per available core), one BLAS thread each, that
    end with this process on every path (:func:`engine.workers.init_worker`).

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


def check_scheduler_address(address: str) -> str:
    """``address`` if it looks like ``PROTOCOL://HOST:PORT``; else :class:`SchedulerError`."""
    if not isinstance(address, str) or not SCHEDULER_ADDRESS.match(address):
        raise SchedulerError(
            f"--scheduler: expected an address of the form tcp://HOST:PORT, found {address!r}"
        )
    return address


def connect(address: str, timeout: float = 10.0):
    """A ``distributed.Client`` connected to the scheduler at ``address``, within ``timeout``
    seconds of wall-clock time for reaching it and its handshake.

    The address is first probed (:func:`probe_scheduler`): a port that accepts connections but
    is not a Dask scheduler (a dashboard's HTTP port, a silent listener) is an error after at
    most ``timeout`` seconds, never a hang. Every failure is a :class:`SchedulerError`.
    """
    check_scheduler_address(address)
    try:
        from distributed import Client
        from distributed.security import Security
    except ImportError:
        raise SchedulerError(
            f"--scheduler {address}: needs dask.distributed, which is not installed; "
            f"install it with: {INSTALL_HINT}"
        ) from None
    try:
        security = Security()
        connection_args = security.get_connection_args("client")
    except Exception as error:
        raise SchedulerError(
            f"--scheduler {address}: Dask's security configuration is unusable "
            f"({type(error).__name__}: {error})") from None
    protocol = address.split("://", 1)[0]
    if protocol == "tls" and connection_args.get("ssl_context") is None:
        raise SchedulerError(
            f"--scheduler {address}: expected TLS certificates in Dask's configuration "
            "(distributed.comm.tls.ca-file, .client.cert, .client.key) for a tls:// address, "
            "found none; configure them or use a tcp:// address"
        )
    started = time.monotonic()
    probe_scheduler(address, timeout, connection_args)
    remaining = max(timeout - (time.monotonic() - started), 1.0)
    try:
        return Client(address, timeout=remaining, security=security)
    except Exception as error:
        raise SchedulerError(
            f"--scheduler {address}: expected a Dask scheduler there, found none reachable "
            f"within {timeout:g} s ({type(error).__name__}: {error})"
        ) from None


def probe_scheduler(address: str, timeout: float, connection_args: dict | None = None) -> None:
    """Connect to ``address``, complete Dask's handshake and ask for the peer's identity, all
    within ``timeout`` seconds of wall-clock time; :class:`SchedulerError` unless the peer
    answers as a Dask scheduler."""
    import asyncio

    from distributed.comm import connect as comm_connect

    async def identify():
        comm = await comm_connect(address, timeout=timeout, **(connection_args or {}))
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    try:
        reply = asyncio.run(asyncio.wait_for(identify(), timeout))
    except (asyncio.TimeoutError, TimeoutError):
        raise SchedulerError(
            f"--scheduler {address}: expected a Dask scheduler there, found none reachable "
            f"within {timeout:g} s (nothing listening, or a service that is not Dask)"
        ) from None
    except Exception as error:
        raise SchedulerError(
            f"--scheduler {address}: expected a Dask scheduler there, found none reachable "
            f"within {timeout:g} s ({type(error).__name__}: {error})"
        ) from None
    if not isinstance(reply, dict) or reply.get("type") != "Scheduler":
        found = reply.get("type") if isinstance(reply, dict) else type(reply).__name__
        raise SchedulerError(
            f"--scheduler {address}: expected a Dask scheduler there, found a peer that "
            f"identifies as {found!r}"
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
