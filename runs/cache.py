"""On-disk cache of training results, keyed by run specification and the fingerprint of the code
a run executes (:func:`runs.fingerprint.run_fingerprint`: the source of every project module a
run executes, NumPy's version and its BLAS), shared by the report's experiments and the sweep.
This module is not itself part of a run, so changing how the cache is opened or checked does not
invalidate cached results.

One JSON file per run: ``<cache_dir>/<key>.json`` holding the spec, the engine fingerprint and
the per-epoch history. Files are written to a temporary name in the same directory and renamed
into place, so a reader never sees half a result and an interrupted sweep or build loses only
the run that was in flight. The directory is ``--cache-dir`` where a command offers it, else the
environment variable ``NNCLAIMS_CACHE_DIR``, else ``$XDG_CACHE_HOME/nnclaims/runs`` when
``XDG_CACHE_HOME`` is an absolute path, else ``~/.cache/nnclaims/runs`` (the XDG rule of
:func:`runs.data_dir.user_cache_home`, shared with the MNIST directory).

An entry is used only when it is valid for the spec asked for (:func:`check_record`): a JSON
object holding exactly that spec and fingerprint, and a history of ``spec.epochs`` epochs whose
every evaluation set has one cost and one accuracy per epoch, each a finite number, costs >= 0
and accuracies in [0, 1], among them every set a run is evaluated on (:data:`EVALUATION_SETS`,
which the experiments read). Only a regular file of at most :data:`ENTRY_LIMIT` bytes is opened:
a named pipe or a device under a run's name is invalid, never waited on. An invalid entry is
reported on standard error in one line naming its file and what is wrong, deleted, and treated
as missing, so the run is trained again. In a cache shared between users an invalid entry may
belong to someone else and resist deletion; it is then skipped with one line saying so, and a
result that cannot be stored over it is used without being cached.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

from engine.training import TrainingHistory
from runs.atomic import write_atomically
from runs.bounded_read import read_bounded
from runs.data_dir import user_cache_home
from runs.fingerprint import run_fingerprint
from runs.spec import RunSpec


def default_cache_dir() -> Path:
    """``$NNCLAIMS_CACHE_DIR``, else ``nnclaims/runs`` under the user's cache base directory by
    the same XDG rule as the MNIST directory (a relative ``XDG_CACHE_HOME`` is ignored)."""
    if os.environ.get("NNCLAIMS_CACHE_DIR"):
        return Path(os.environ["NNCLAIMS_CACHE_DIR"])
    return user_cache_home() / "nnclaims" / "runs"


# Every run is evaluated on these sets (runs.splits, runs.tasks) and the experiments read both.
EVALUATION_SETS = ("validation", "test")
# An entry holds a few numbers per epoch: kilobytes. The bound stops a huge file or a device.
ENTRY_LIMIT = 16 * 1024 * 1024


class InvalidEntry(ValueError):
    """A cache entry that is not a valid result of the spec it is stored for."""


def _finite_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def check_record(record, spec: RunSpec, fingerprint: str) -> TrainingHistory:
    """The history of a cache record, if the record is a valid result of ``spec`` computed by
    ``fingerprint``; :class:`InvalidEntry` saying what is wrong otherwise."""
    if not isinstance(record, dict):
        raise InvalidEntry(f"expected a JSON object, found {type(record).__name__}")
    if record.get("spec") != spec.to_dict():
        raise InvalidEntry("expected the spec its name stands for, found another")
    if record.get("engine") != fingerprint:
        raise InvalidEntry(
            f"expected fingerprint {fingerprint}, found {record.get('engine')!r:.40}"
        )
    history = record.get("history")
    if not isinstance(history, dict):
        raise InvalidEntry("expected 'history' to be an object")
    epochs = history.get("epochs")
    if epochs != spec.epochs or isinstance(epochs, bool):
        raise InvalidEntry(f"expected {spec.epochs} epochs, found {epochs!r:.40}")
    metrics = history.get("metrics")
    if not isinstance(metrics, dict) or not metrics:
        raise InvalidEntry("expected 'history.metrics' to be a non-empty object")
    for name, figures in metrics.items():
        _check_evaluation_set(name, figures, spec.epochs)
    missing = [name for name in EVALUATION_SETS if name not in metrics]
    if missing:
        raise InvalidEntry(
            f"expected evaluation sets {list(EVALUATION_SETS)}, found no {', '.join(missing)}"
        )
    return TrainingHistory.from_dict(history)


def _check_evaluation_set(name: str, figures, epochs: int) -> None:
    """One cost >= 0 and one accuracy in [0, 1] per epoch, each a finite number."""
    if not isinstance(figures, dict) or set(figures) != {"cost", "accuracy"}:
        raise InvalidEntry(f"expected 'cost' and 'accuracy' for evaluation set {name!r}")
    for kind, values in figures.items():
        if not isinstance(values, list) or len(values) != epochs:
            found = len(values) if isinstance(values, list) else type(values).__name__
            raise InvalidEntry(
                f"expected {epochs} values of {name} {kind}, one per epoch, found {found}"
            )
        low, high = (0.0, 1.0) if kind == "accuracy" else (0.0, math.inf)
        for epoch, value in enumerate(values):
            if not (_finite_number(value) and low <= value <= high):
                bounds = "in [0, 1]" if kind == "accuracy" else ">= 0"
                raise InvalidEntry(
                    f"expected {name} {kind} at epoch {epoch} to be a finite "
                    f"number {bounds}, found {value!r:.40}"
                )


def _report_on_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class ResultCache:
    """get/put of :class:`TrainingHistory` by :class:`RunSpec` for the current engine code.

    ``report`` receives the one-line message about each invalid entry found (default: standard
    error)."""

    def __init__(
        self,
        directory: str | os.PathLike | None = None,
        fingerprint: str | None = None,
        report: Callable[[str], None] = _report_on_stderr,
    ):
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.fingerprint = fingerprint or run_fingerprint()
        self.report = report
        self._skipped: set[Path] = set()  # entries already said to be skipped

    def path(self, spec: RunSpec) -> Path:
        return self.directory / f"{spec.key(self.fingerprint)}.json"

    def get(self, spec: RunSpec) -> TrainingHistory | None:
        """The cached history, or None if absent. An entry that cannot be read or is not valid
        for ``spec`` (:func:`check_record`) is reported, deleted and counts as absent."""
        path = self.path(spec)
        try:
            text = read_bounded(path, ENTRY_LIMIT).decode("utf-8")
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            return self._discard(path, f"cannot be read ({error})")
        try:
            return check_record(json.loads(text), spec, self.fingerprint)
        except RecursionError:
            return self._discard(path, "nested too deeply")
        except ValueError as error:  # InvalidEntry, or not JSON at all
            return self._discard(path, str(error))

    def _discard(self, path: Path, reason: str) -> None:
        """Report and delete an invalid entry; one that cannot be deleted (another user's in a
        shared cache) is reported as skipped instead. Either way it counts as absent."""
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as error:
            if path not in self._skipped:  # said once, however often the run is looked up
                self._skipped.add(path)
                self.report(
                    f"result cache: skipping invalid entry {path}: {reason}; it cannot be "
                    f"deleted ({error.strerror or error}); the run will be trained again"
                )
            return None
        self.report(
            f"result cache: discarding invalid entry {path}: {reason}; "
            "the run will be trained again"
        )
        return None

    def put(self, spec: RunSpec, history: TrainingHistory) -> Path:
        """Store ``history`` under ``spec``. Where another user's file holds the name and cannot
        be replaced, the result is not cached: that is said in one line, and the run stands."""
        record = {"spec": spec.to_dict(), "engine": self.fingerprint, "history": history.to_dict()}
        target = self.path(spec)
        try:
            write_atomically(target, json.dumps(record))
        except (PermissionError, IsADirectoryError) as error:  # a name held by what stays
            self.report(
                f"result cache: cannot store {target} ({error.strerror or error}); "
                "the result is used but not cached"
            )
        return target

    def __contains__(self, spec: RunSpec) -> bool:
        return self.get(spec) is not None


def open_result_cache(directory: str | os.PathLike | None = None) -> ResultCache:
    """The result cache in ``directory`` (else ``$NNCLAIMS_CACHE_DIR``, else the per-user one)."""
    return ResultCache(directory, run_fingerprint())
