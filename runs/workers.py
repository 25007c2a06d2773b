"""Worker processes that never outlive the process that started them.

A pool worker is only useful to its parent: when the parent dies on any path, ``kill -9``
included (no ``finally`` runs, no pool shutdown), its workers must end too, or each keeps its
copy of the training data (hundreds of MB) forever under PID 1. :func:`die_with_parent`, run
first in every worker's initializer, arranges that twice over:

* on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills the worker the moment its
  parent exits;
* everywhere, a daemon thread that checks every ``WATCHDOG_SECONDS`` whether the parent is still
  the one that started the worker (``os.getppid()``) and ends the worker at once when it is not.

A worker's BLAS threads are not limited here: every run limits them itself
(:mod:`runs.blas_threads`), wherever it runs.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCHDOG_SECONDS = 0.5


def _set_parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent exits; False where unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while True:
        if os.getppid() != parent_pid:
            os._exit(1)
        time.sleep(WATCHDOG_SECONDS)


def die_with_parent(parent_pid: int) -> None:
    """End this process when ``parent_pid`` (the process that started it) is gone."""
    armed = _set_parent_death_signal()
    # The parent may have died before the death signal was armed: then it never comes.
    if os.getppid() != parent_pid:
        os._exit(1)
    try:
        threading.Thread(
            target=_watch_parent, args=(parent_pid,), name="parent-watchdog", daemon=True
        ).start()
    except RuntimeError:  # no thread to be had (a process limit such as ulimit -u)
        if not armed:
            # without either guard this worker could outlive its parent: end it quietly, the
            # parent reports the pool broken (runs.executors.WorkerStartError)
            os._exit(1)


def init_worker(parent_pid: int) -> None:
    """A pool worker's initializer: die with ``parent_pid``, and leave Ctrl-C to the parent.

    Ctrl-C reaches every process of the terminal's group; the parent ends its workers on it, so a
    worker ignores SIGINT rather than print a traceback of its own, and takes SIGTERM (what the
    parent ends it with) by the default action, not by a handler inherited through fork."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent_pid)
