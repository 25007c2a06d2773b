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
import tempfile
from pathlib import Path

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


def write_atomically(target: Path, text: str) -> None:
    """Write text to ``target`` whole or not at all: temp file in the same directory, then rename."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file 0600; give it the mode any new file would get (0666 - umask).
        os.chmod(temporary, 0o666 & ~_current_umask())
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def _current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
