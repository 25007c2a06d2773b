"""The one BLAS-thread limit of a run.

A run at mini-batch 10 is a chain of small matrix products that one core executes best, and a
BLAS that splits a product over threads may round its sums differently: a run's result must not
depend on where it ran. So every run trains *and* evaluates on one BLAS thread, in this process
as in a pool worker or on a cluster (:func:`runs.train.train_run`), and the epoch timer
(:mod:`runs.timing`) measures under the same limit. This is the only place it is set for a run;
the training step sets its own for the steps alone (``engine.training``).
"""

from __future__ import annotations

from threadpoolctl import threadpool_limits


def one_blas_thread():
    """A context in which every BLAS library of the process runs on one thread; the previous
    limits are given back on leaving."""
    return threadpool_limits(limits=1, user_api="blas")
