"""Where the commands write: checked writable before any work, and the report replaced whole.

:func:`check_writable_directory` proves a directory can be written (creating it if missing);
:func:`cache_location` says which result cache a command will use and how it was chosen
(``--cache-dir``, ``$NNCLAIMS_CACHE_DIR`` or the per-user default), so that every way of
naming it is checked the same way.

:func:`replace_report_directory` makes the report one directory swapped into place: every file
of the report is written into a fresh directory beside ``OUT``, which then takes ``OUT``'s place
in one ``rename`` (on Linux ``renameat2(RENAME_EXCHANGE)``, which swaps the two names
atomically; elsewhere two renames, between which ``OUT`` is briefly absent but never half old
and half new). A reader therefore sees the previous report or the new one, all of its files
from the same build, never a mixture. Entries of the previous ``OUT`` that the report does not
write (files a user keeps there) are moved into the new directory before the swap. A failure
before the swap leaves ``OUT`` as it was and removes the fresh directory.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

CACHE_DIR_ENV = "NNCLAIMS_CACHE_DIR"
RENAME_EXCHANGE = 2  # <linux/fs.h>
AT_FDCWD = -100


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


def check_report_location(out: Path, option: str = "--out") -> Path:
    """``out`` writable, and replaceable as a whole: its parent writable, not a mount point."""
    out = check_writable_directory(Path(out), option)
    resolved = out.resolve()
    if resolved.parent == resolved or os.path.ismount(resolved):
        raise OutputLocationError(
            f"{option} {out}: expected a directory the report can replace whole, found a mount "
            "point; give a directory below it"
        )
    check_writable_directory(resolved.parent, f"{option} {out}: its parent")
    return out


def _exchange(source: Path, target: Path) -> bool:
    """Swap the names ``source`` and ``target`` atomically; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        AT_FDCWD, os.fsencode(source), AT_FDCWD, os.fsencode(target), RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # not supported by this kernel or file system
    raise OSError(code, os.strerror(code), str(target))


def replace_report_directory(out_dir: Path, files: Mapping[str, str]) -> dict[str, Path]:
    """Make ``out_dir`` hold exactly the new ``files`` ({name: text}) in one swap.

    Returns {name: final path}. Anything else in the previous ``out_dir`` is carried over.
    """
    out_dir = Path(os.path.abspath(out_dir))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.new-"))
    carried: list[str] = []
    try:
        mode = 0o777 & ~_current_umask()
        for name, text in files.items():
            with open(staging / name, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(staging / name, 0o666 & ~_current_umask())
        os.chmod(staging, (out_dir.stat().st_mode & 0o7777) if out_dir.is_dir() else mode)
        if out_dir.is_dir():
            for entry in os.listdir(out_dir):
                if entry not in files and not entry.startswith(".write-check-"):
                    os.rename(out_dir / entry, staging / entry)
                    carried.append(entry)
            if _exchange(staging, out_dir):
                shutil.rmtree(staging, ignore_errors=True)  # now the previous report
            else:
                previous = Path(
                    tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.old-")
                )
                os.rename(out_dir, previous / "report")
                os.rename(staging, out_dir)
                shutil.rmtree(previous, ignore_errors=True)
        else:
            os.rename(staging, out_dir)
    except BaseException:
        for entry in carried:  # give the previous report back what was moved out of it
            try:
                os.rename(staging / entry, out_dir / entry)
            except OSError:
                pass
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {name: out_dir / name for name in files}


def _current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
