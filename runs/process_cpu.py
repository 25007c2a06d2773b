"""The cost of a phase of work in CPU seconds: this process's and its children's.

:class:`PhaseClock` measures, around a block, the wall-clock time, the CPU time of this process
(every thread: ``time.process_time``) and that of its child processes that ended and were waited
for in the meantime (``resource.getrusage(RUSAGE_CHILDREN)``, user + system). A process pool
shut down inside the block (:func:`runs.executors.train_runs` joins its workers before it
returns) is therefore counted whole, worker start, imports and all; a child still running when
the block ends would not be, so the block must outlive the pools it opens.
"""

from __future__ import annotations

import time

try:
    import resource
except ImportError:  # not on Windows: children's CPU time is then not counted
    resource = None


def children_cpu_seconds() -> float:
    """User + system CPU seconds of this process's ended and waited-for children so far."""
    if resource is None:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class PhaseClock:
    """``with PhaseClock() as clock: ...``; then ``clock.wall_seconds`` and
    ``clock.cpu_seconds`` (this process's CPU time and its children's, during the block)."""

    wall_seconds = 0.0
    cpu_seconds = 0.0

    def __enter__(self) -> PhaseClock:
        self._started = (time.perf_counter(), time.process_time() + children_cpu_seconds())
        return self

    def __exit__(self, *exception) -> None:
        wall, cpu = self._started
        self.wall_seconds = time.perf_counter() - wall
        self.cpu_seconds = time.process_time() + children_cpu_seconds() - cpu
