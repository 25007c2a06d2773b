"""Ending a long command on Ctrl-C (SIGINT) or SIGTERM: one line on standard error and the
shell's status for the signal (128 + its number: 130, 143), never a traceback.

:func:`interruptible` turns both signals into :class:`Interrupted`, a ``BaseException`` so that
the phases' ``except Exception`` (which keep a failed phase from losing the rest of the report)
let it through, while ``with`` blocks and ``finally`` clauses still run on the way out: the
local pool's workers are ended (:func:`runs.executors.open_executor`), a claim-suite subprocess
is killed by :func:`subprocess.run`, a half-staged report is removed and the old one left in
place (:mod:`reports.report_directory`). Only the first signal interrupts; later ones are
ignored so that this clean-up is not itself cut short.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM)
INTERRUPTED_LINE = "interrupted: finished runs are in the cache; run the same command to resume"


class Interrupted(BaseException):
    """The command received ``signum`` (SIGINT or SIGTERM)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


@contextmanager
def interruptible() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise :class:`Interrupted` once; the previous
    handlers come back on leaving."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set signal handlers; there Ctrl-C stays as it is
        return
    received: list[int] = []
    owner = os.getpid()

    def handle(signum, frame):
        if os.getpid() != owner:
            # a forked worker before its initializer replaced this inherited handler: end by
            # the signal's default action, as the worker would, instead of raising in the
            # middle of the fork's own hooks (a traceback no one asked for)
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        if received:
            return
        received.append(signum)
        raise Interrupted(signum)

    previous = {number: signal.signal(number, handle) for number in HANDLED_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def run_interruptible(action: Callable[[], int], err: TextIO, prefix: str = "") -> int:
    """``action()``'s status, or on SIGINT/SIGTERM the one line and 130/143."""
    try:
        with interruptible():
            return action()
    except Interrupted as interruption:
        print(f"{prefix}{INTERRUPTED_LINE}", file=err, flush=True)
        return interruption.exit_status
