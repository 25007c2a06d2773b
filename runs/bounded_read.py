"""Reading back a file this project wrote (a cache entry, a results file, a baseline) without
trusting what sits under its name: only a regular file is opened, and never more than a stated
number of bytes is read.

A named pipe under a file's name would block ``open`` until a writer appears (forever), and a
device like ``/dev/zero`` or a file of many gigabytes would exhaust memory; both must end as an
ordinary "unusable file" error instead. The file is opened non-blocking and checked again on the
open descriptor, so a name swapped for a pipe between the two checks is still refused.
"""

from __future__ import annotations

import os
import stat

DEFAULT_LIMIT = 64 * 1024 * 1024  # far above any results file or cache entry this project writes


class NotRegularFile(OSError):
    """The name exists but is not a regular file (a named pipe, device, directory, socket);
    ``kind`` names what it is."""

    def __init__(self, kind: str):
        super().__init__(f"expected a regular file, found {kind}")
        self.kind = kind


class FileTooLarge(OSError):
    """The file holds more bytes than the caller's bound, ``limit``."""

    def __init__(self, limit: int):
        super().__init__(f"expected at most {size_text(limit)}, found more")
        self.limit = limit


def size_text(size: int) -> str:
    """``size`` bytes for a message: in MiB when a whole number of them."""
    mib = 1024 * 1024
    return f"{size // mib} MiB" if size % mib == 0 else f"{size} bytes"


def file_kind(mode: int) -> str:
    """A reader's name for the kind of file ``mode`` describes."""
    kinds = (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _require_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise NotRegularFile(file_kind(mode))


def read_bounded(path: str | os.PathLike, limit: int = DEFAULT_LIMIT) -> bytes:
    """The bytes of regular file ``path``, at most ``limit`` of them.

    FileNotFoundError when absent, :class:`NotRegularFile` when something else has the name,
    :class:`FileTooLarge` when it holds more than ``limit`` bytes, OSError otherwise."""
    _require_regular(os.stat(path).st_mode)
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as handle:
        _require_regular(os.fstat(handle.fileno()).st_mode)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(limit)
    return data
