"""Where the commands write: checked writable before any work.

:func:`check_writable_directory` proves a directory can be written (creating it if missing);
:func:`cache_location` says which result cache a command will use and how it was chosen
(``--cache-dir``, ``$NNCLAIMS_CACHE_DIR`` or the per-user default), so that every way of
naming it is checked the same way.

The report itself is written into ``OUT`` by :mod:`reports.report_directory`, which
leaves every other entry of ``OUT`` where it is.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from reports.report_directory import ReportDirectoryError, check_report_names

CACHE_DIR_ENV = "NNCLAIMS_CACHE_DIR"


class OutputLocationError(Exception):
    """An output location that cannot be written; the message names it and how it was given."""


def check_writable_directory(path: Path, option: str) -> Path:
    """Create ``path`` if needed and prove it writable; OutputLocationError naming it otherwise."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputLocationError(
            f"{option} {path}: expected a directory, found a file that is not one"
        ) from None
    except NotADirectoryError:
        raise OutputLocationError(
            f"{option} {path}: expected a writable directory, found that a parent of it is a "
            "regular file"
        ) from None
    except OSError as error:
        raise OutputLocationError(
            f"{option} {path}: expected a writable directory, cannot create it "
            f"({error.strerror or error})"
        ) from None
    try:
        descriptor, probe = tempfile.mkstemp(dir=path, prefix=".write-check-")
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        raise OutputLocationError(
            f"{option} {path}: expected a writable directory, cannot write in it "
            f"({error.strerror or error})"
        ) from None
    return path


def cache_location(option: str | None) -> tuple[Path, str]:
    """(directory, how it was chosen) of the result cache for a ``--cache-dir`` value."""
    from runs.cache import default_cache_dir

    if option is not None:
        return Path(option), "--cache-dir"
    if os.environ.get(CACHE_DIR_ENV):
        return default_cache_dir(), f"${CACHE_DIR_ENV}"
    return default_cache_dir(), "the default result cache"


def check_cache_location(option: str | None) -> Path:
    """The result cache directory, proven writable, however it was given."""
    directory, how = cache_location(option)
    return check_writable_directory(directory, how)


def check_report_location(out: Path, names: Iterable[str], option: str = "--out") -> Path:
    """``out`` writable, with room for the report's files ``names``: nothing but the report's
    own under their names (:func:`reports.report_directory.check_report_names`)."""
    out = check_writable_directory(Path(out), option)
    try:
        check_report_names(Path(os.path.abspath(out)), names)
    except ReportDirectoryError as error:
        raise OutputLocationError(f"{option} {out}: {error}") from None
    return out
