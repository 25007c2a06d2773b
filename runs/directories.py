"""Directories a command creates, and taking them away again when it leaves nothing in them.

A command that creates its data or output directory (``mkdir -p``) and then fails before writing
anything should not leave an empty directory behind that it did not find: the next reader would
take it for a data set or a report that exists. :func:`missing_directories` lists, before the
``mkdir``, the directories it is about to create; :func:`remove_if_empty` removes them again,
deepest first, only while they are empty. A directory that was already there is never touched.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def missing_directories(path: str | os.PathLike[str]) -> list[Path]:
    """The directories ``mkdir(parents=True)`` of ``path`` would create, deepest first: ``path``
    and each parent of it up to the first one that exists (as anything)."""
    missing = []
    current = Path(os.path.abspath(path))
    while not os.path.lexists(current) and current.parent != current:
        missing.append(current)
        current = current.parent
    return missing


def remove_if_empty(directories: Iterable[Path]) -> list[Path]:
    """Remove each of ``directories`` (deepest first, as :func:`missing_directories` lists them)
    while it is an empty directory; stop at the first that is not. The directories removed."""
    removed = []
    for directory in directories:
        try:
            os.rmdir(directory)  # fails unless empty: nothing written is ever removed
        except OSError:
            break
        removed.append(directory)
    return removed
