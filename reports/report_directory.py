"""The report directory ``OUT`` is the user's: the report owns only its own names in it (the
pages and ``results.json``) and one hidden directory, ``.nnclaims-report``; every other entry of
``OUT`` stays where it is, whatever happens to a build and when.

Layout::

    OUT/index.html  -> .nnclaims-report/current/index.html   (a link for each report file)
    OUT/.nnclaims-report/current -> build-<id>               (the report shown now)
    OUT/.nnclaims-report/build-<id>/index.html, ...          (the files of one build)
    OUT/.nnclaims-report/lock                                (serialises writers)

A new report is written into a fresh ``build-<id>`` directory and made current by one
``rename`` of a new ``current`` link over the previous one. A reader, and a build killed at any
moment, therefore sees the previous report or the new one, all of its files from the same
build, never a mixture. ``OUT`` itself is never replaced, so an ``OUT`` that is a symbolic link
(a web root, say) keeps its link and its target receives the report.

A report written by an earlier version (regular files under the report's names) is first taken
over as it is: its files are hard-linked into a build directory made current, then each name
is replaced by a link that shows the same content; every step shows that old report until the
new one is current.

Writers serialise on ``fcntl.flock`` of the lock file (a second writer waits, saying so once,
and gives up after a timeout with :class:`ReportLockTimeout`). What a killed writer left behind
(build directories other than the current one, a half-made ``current`` link) is removed by the
next writer, under the lock, with one line each.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

STATE_DIR = ".nnclaims-report"
LOCK_NAME = "lock"
CURRENT = "current"
BUILD_PREFIX = "build-"
DEFAULT_LOCK_TIMEOUT = 300.0  # seconds; writing takes well under one, a build's training is apart
LEGACY_STAGING_PATTERNS = (".{name}.new-*", ".{name}.old-*")


class ReportDirectoryError(Exception):
    """``OUT`` holds something where the report must write (a directory under a report file's
    name, a file where its hidden directory goes); the message names it."""


class ReportLockTimeout(Exception):
    """Another writer held ``OUT``'s lock for longer than the timeout."""

    def __init__(self, out_dir: Path, seconds: float):
        super().__init__(
            f"another build has been writing the report in {out_dir} for {seconds:g} s; "
            "try again when it has finished, or give a longer --lock-timeout"
        )


def _ignore(message: str) -> None:
    pass


def link_target(name: str) -> str:
    """What the link ``OUT/name`` of a report file points to (relative, so ``OUT`` can move)."""
    return f"{STATE_DIR}/{CURRENT}/{name}"


def check_report_names(out_dir: Path, names: Iterable[str]) -> None:
    """Refuse, before anything is written, an ``OUT`` where the report cannot put its files:
    a directory under a report file's name, or a non-directory where its hidden directory goes.
    """
    for name in names:
        if "/" in name or name.startswith(".") or name in ("", CURRENT):
            raise ValueError(f"report file name: expected a plain visible name, found {name!r}")
        path = out_dir / name
        if path.is_dir() and not path.is_symlink():
            raise ReportDirectoryError(
                f"{path}: expected the report's {name} or nothing there, found a directory; "
                "move it elsewhere"
            )
    state = out_dir / STATE_DIR
    if os.path.lexists(state) and not (state.is_dir() and not state.is_symlink()):
        raise ReportDirectoryError(
            f"{state}: expected the report's own directory or nothing there, found something "
            "else; move it elsewhere"
        )


def legacy_staging_dirs(out_dir: Path) -> list[Path]:
    """Hidden ``.OUT.new-*``/``.OUT.old-*`` directories beside ``OUT``, left by a build of an
    earlier version that was stopped while it swapped the whole directory; they may hold files
    the user kept in ``OUT``, so they are named to the user, never deleted."""
    out_dir = Path(os.path.abspath(out_dir))
    found: list[Path] = []
    for pattern in LEGACY_STAGING_PATTERNS:
        found.extend(out_dir.parent.glob(pattern.format(name=out_dir.name)))
    return sorted(path for path in found if path.is_dir() and not path.is_symlink())


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


@contextmanager
def report_lock(
    out_dir: Path, timeout: float, on_wait: Callable[[str], None] = _ignore
) -> Iterator[None]:
    """Hold ``OUT``'s writer lock within the block; when another writer holds it, say so once
    through ``on_wait`` and wait up to ``timeout`` seconds (:class:`ReportLockTimeout`)."""
    state = out_dir / STATE_DIR
    state.mkdir(exist_ok=True)
    flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(state / LOCK_NAME, flags, 0o666)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ReportDirectoryError(f"{state / LOCK_NAME}: expected a regular lock file")
        if not _try_lock(descriptor):
            on_wait(f"waiting for another build writing {out_dir}")
            deadline = time.monotonic() + timeout
            pause = 0.001
            while not _try_lock(descriptor):
                if time.monotonic() >= deadline:
                    raise ReportLockTimeout(out_dir, timeout)
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _replace_with_link(path: Path, target: str, state: Path) -> None:
    """Make ``path`` the symbolic link ``target`` in one rename (whatever was there goes). The
    link is made in the hidden directory ``state`` first, so that a writer killed before the
    rename leaves nothing among the user's files, only a leftover the next writer removes."""
    temporary = state / f".link-{os.getpid()}-{time.monotonic_ns()}"
    os.symlink(target, temporary)
    try:
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _make_current(state: Path, build: Path) -> None:
    """The commit: ``current`` names ``build`` from now on, in one rename."""
    _replace_with_link(state / CURRENT, build.name, state)
    _fsync_directory(state)


def _current_build(state: Path) -> str | None:
    try:
        return os.readlink(state / CURRENT)
    except OSError:
        return None


def _is_report_link(path: Path, name: str) -> bool:
    try:
        return os.readlink(path) == link_target(name)
    except OSError:
        return False


def _new_build_dir(state: Path) -> Path:
    build = Path(tempfile.mkdtemp(dir=state, prefix=BUILD_PREFIX))
    os.chmod(build, 0o777 & ~_current_umask())  # readable by whoever serves the report
    return build


def write_build(state: Path, files: Mapping[str, str]) -> Path:
    """A fresh build directory holding ``files`` ({name: text}), each flushed to disk."""
    build = _new_build_dir(state)
    try:
        for name, text in files.items():
            with open(build / name, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(build / name, 0o666 & ~_current_umask())
        _fsync_directory(build)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return build


def adopt_previous_report(out_dir: Path, state: Path, names: Iterable[str]) -> None:
    """Turn a report of the earlier layout (regular files under the report's names) into the
    current build, showing the same content at every step."""
    previous = [name for name in names if stat.S_ISREG(_lstat_mode(out_dir / name))]
    if not previous:
        return
    if _current_build(state) is None:
        build = _new_build_dir(state)
        for name in previous:
            try:
                os.link(out_dir / name, build / name)
            except OSError:
                shutil.copy2(out_dir / name, build / name)
        _fsync_directory(build)
        _make_current(state, build)
    current = state / CURRENT
    for name in previous:
        if (current / name).is_file():
            _replace_with_link(out_dir / name, link_target(name), state)


def _lstat_mode(path: Path) -> int:
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return 0


def remove_leftovers(state: Path, notice: Callable[[str], None]) -> None:
    """Remove what a killed writer left in the hidden directory: every entry but the lock, the
    ``current`` link and the build it names; one line through ``notice`` for each."""
    keep = {LOCK_NAME, CURRENT, _current_build(state)}
    for entry in sorted(os.listdir(state)):
        if entry in keep:
            continue
        path = state / entry
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
        notice(f"removed {path}, left by a report write that was stopped")


def _drop_replaced(out_dir: Path, state: Path, previous_build: str | None, names) -> None:
    """After the commit: the previous build's directory, and links of report files the new
    report no longer has."""
    if previous_build and "/" not in previous_build and previous_build != _current_build(state):
        shutil.rmtree(state / previous_build, ignore_errors=True)
    for entry in os.listdir(out_dir):
        path = out_dir / entry
        if entry not in names and path.is_symlink() and _is_report_link(path, entry):
            os.unlink(path)


def replace_report_directory(
    out_dir: Path,
    files: Mapping[str, str],
    *,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    on_wait: Callable[[str], None] = _ignore,
    notice: Callable[[str], None] = _ignore,
) -> dict[str, Path]:
    """Make ``files`` ({name: text}) the report shown in ``out_dir``, all at once; every other
    entry of ``out_dir`` is left where it is. Returns {name: path in ``out_dir``}.

    Serialised with other writers of ``out_dir`` (``on_wait`` hears once that this one waits;
    :class:`ReportLockTimeout` after ``lock_timeout`` seconds); a failure before the commit
    leaves the previous report shown and removes what this writer made."""
    out_dir = Path(os.path.abspath(out_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    check_report_names(out_dir, files)
    with report_lock(out_dir, lock_timeout, on_wait):
        state = out_dir / STATE_DIR
        remove_leftovers(state, notice)
        adopt_previous_report(out_dir, state, files)
        previous_build = _current_build(state)
        build = write_build(state, files)
        try:
            for name in files:  # links first: a name the shown report lacks dangles till then
                if not _is_report_link(out_dir / name, name):
                    _replace_with_link(out_dir / name, link_target(name), state)
            _make_current(state, build)
        except BaseException:
            if _current_build(state) != build.name:
                shutil.rmtree(build, ignore_errors=True)
            raise
        _drop_replaced(out_dir, state, previous_build, files)
        _fsync_directory(out_dir)
    return {name: out_dir / name for name in files}
