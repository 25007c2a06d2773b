"""Running the conformance witnesses against an engine: each within a time limit, and nothing
the engine does (an exception, a hang, a crash of its process) stops the run.

Where the platform can fork, each witness runs in a child process that inherits the loaded
engine; a child that outlives the time limit is ended and the witness is that engine's
deviation, as is a child that dies. Elsewhere the witness runs in a thread, abandoned (and
reported the same way) when it outlives the limit. Floating-point warnings are silenced: an
engine's overflow is judged by its values, not by its warnings.
"""

from __future__ import annotations

import multiprocessing
import threading
import warnings

import numpy as np

from claims.conformance import WITNESSES
from claims.conformance.judging import DEVIATES, NOT_APPLICABLE, Finding, combine

TIME_LIMIT = 60.0
"""Seconds per witness by default: the slowest witness takes under 6 s on our engine (the
first call compiles its training step), on a shared 2-core machine."""


def run_witness(engine, witness) -> Finding:
    """One witness in this process: not applicable (an operation missing, or one that raises
    NotImplementedError for the arguments), or its finding; any other exception is the
    engine's deviation with its message."""
    missing = witness.not_applicable(engine)
    if missing is not None:
        return missing
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return witness.check(engine)
    except NotImplementedError as error:
        return Finding(
            NOT_APPLICABLE,
            f"not applicable: the engine does not implement it ({error})",
            summary={"event": "not implemented", "message": str(error)[:300]},
        )
    except Exception as error:
        message = f"{type(error).__name__}: {error}"[:300]
        return Finding(
            DEVIATES,
            f"the engine raised {message}",
            summary={"event": "raised", "message": message},
        )


def _child(engine, witness, connection) -> None:
    finding = run_witness(engine, witness)
    connection.send((finding.outcome, finding.detail, finding.counterexample, finding.summary))
    connection.close()


def _over_time(limit: float) -> Finding:
    return Finding(
        DEVIATES,
        f"the engine did not finish this witness within {limit:g} s",
        summary={"event": "timeout", "limit": limit},
    )


def _forked(engine, witness, limit: float) -> Finding:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(engine, witness, sender), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(limit):
            return _over_time(limit)
        return Finding(*receiver.recv())
    except EOFError:
        process.join(5)
        return Finding(
            DEVIATES,
            f"the engine's process ended (exit code {process.exitcode}) in this witness",
            summary={"event": "crashed", "exit_code": process.exitcode},
        )
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()


def _threaded(engine, witness, limit: float) -> Finding:
    result: list[Finding] = []
    thread = threading.Thread(target=lambda: result.append(run_witness(engine, witness)))
    thread.daemon = True
    thread.start()
    thread.join(limit)
    return result[0] if result else _over_time(limit)


def run_isolated(engine, witness, limit: float = TIME_LIMIT) -> Finding:
    """One witness within ``limit`` seconds (see the module docstring)."""
    if witness.not_applicable(engine) is not None:
        return witness.not_applicable(engine)
    if "fork" in multiprocessing.get_all_start_methods():
        return _forked(engine, witness, limit)
    return _threaded(engine, witness, limit)


def conformance_rows(engine, limit: float = TIME_LIMIT, witnesses=WITNESSES) -> list[dict]:
    """One row per claim, in the witnesses' order: ``claim``, ``outcome``, ``counterexample``,
    ``detail``, its facts as data (``summary``) and the ``witnesses`` that judged it. An
    engine's optional ``warm_up()`` (see :mod:`engine.interface`) runs first, once, here."""
    warm_up = getattr(engine, "warm_up", None)
    if callable(warm_up):
        try:
            warm_up()
        except Exception:  # noqa: S110 - a failing warm-up shows again, judged, in the witnesses
            pass
    by_claim: dict[str, list] = {}
    for witness in witnesses:
        by_claim.setdefault(witness.claim, []).append(witness)
    rows = []
    for claim, group in by_claim.items():
        finding = combine([run_isolated(engine, witness, limit) for witness in group])
        rows.append(
            {
                "claim": claim,
                "outcome": finding.outcome,
                "counterexample": finding.counterexample,
                "detail": finding.detail,
                "summary": finding.summary,
                "witnesses": [witness.name for witness in group],
            }
        )
    return rows
