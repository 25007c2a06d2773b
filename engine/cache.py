"""On-disk cache of training results, keyed by run specification and engine fingerprint.

One JSON file per run: ``<cache_dir>/<key>.json`` holding the spec, the engine fingerprint and
the per-epoch history. Files are written to a temporary name in the same directory and renamed
into place, so a reader never sees half a result and an interrupted sweep or build loses only
the run that was in flight. The directory is ``--cache-dir`` where a command offers it, else the
environment variable ``NNCLAIMS_CACHE_DIR``, else ``$XDG_CACHE_HOME/nnclaims/runs``
(``~/.cache/nnclaims/runs``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from engine.atomic import write_atomically
from engine.fingerprint import engine_fingerprint
from engine.runs import RunSpec
from engine.training import TrainingHistory


def default_cache_dir() -> Path:
    if os.environ.get("NNCLAIMS_CACHE_DIR"):
        return Path(os.environ["NNCLAIMS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nnclaims" / "runs"


class ResultCache:
    """get/put of :class:`TrainingHistory` by :class:`RunSpec` for the current engine code."""

    def __init__(self, directory: str | os.PathLike | None = None, fingerprint: str | None = None):
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.fingerprint = fingerprint or engine_fingerprint()

    def path(self, spec: RunSpec) -> Path:
        return self.directory / f"{spec.key(self.fingerprint)}.json"

    def get(self, spec: RunSpec) -> TrainingHistory | None:
        """The cached history, or None if absent or unreadable (an unreadable entry is ignored
        and will be overwritten by the next put)."""
        try:
            record = json.loads(self.path(spec).read_text())
        except (OSError, ValueError):
            return None
        if record.get("spec") != spec.to_dict() or record.get("engine") != self.fingerprint:
            return None
        return TrainingHistory.from_dict(record["history"])

    def put(self, spec: RunSpec, history: TrainingHistory) -> Path:
        record = {"spec": spec.to_dict(), "engine": self.fingerprint, "history": history.to_dict()}
        target = self.path(spec)
        write_atomically(target, json.dumps(record))
        return target

    def __contains__(self, spec: RunSpec) -> bool:
        return self.get(spec) is not None
