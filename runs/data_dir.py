"""Where the MNIST files live: one rule for every command that needs them.

The directory is chosen in this order:

1. the command-line option ``--mnist-dir DIR``;
2. the environment variable ``MNIST_DIR``;
3. a per-user cache directory: ``$XDG_CACHE_HOME/nnclaims/mnist`` when
   ``XDG_CACHE_HOME`` is set to an absolute path, else ``~/.cache/nnclaims/mnist``
   (on Windows ``%LOCALAPPDATA%\\nnclaims\\Cache\\mnist``).

``python -m runs.download`` fills the same directory the loader reads.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

MNIST_DIR_ENV = "MNIST_DIR"
MNIST_DIR_OPTION = "--mnist-dir"
APP_NAME = "nnclaims"


def default_mnist_dir() -> Path:
    """The per-user cache directory used when neither option nor environment names one."""
    if sys.platform == "win32":
        local_app_data = os.environ.get("LOCALAPPDATA")
        base = Path(local_app_data) if local_app_data else Path.home() / "AppData" / "Local"
        return base / APP_NAME / "Cache" / "mnist"
    return user_cache_home() / APP_NAME / "mnist"


def user_cache_home() -> Path:
    """The user's cache base directory by the XDG rule, shared by the MNIST directory and the
    result cache: ``$XDG_CACHE_HOME`` when it is an absolute path, else ``~/.cache``. The XDG
    base-directory spec says relative values are invalid and must be ignored; following one
    would give another cache in every working directory."""
    xdg_cache_home = os.environ.get("XDG_CACHE_HOME", "")
    return Path(xdg_cache_home) if os.path.isabs(xdg_cache_home) else Path.home() / ".cache"


def resolve_mnist_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """The absolute MNIST directory: ``option`` if given, else ``$MNIST_DIR``, else the default.

    An empty ``MNIST_DIR`` counts as unset; an empty ``option`` is an error, since
    ``--mnist-dir ""`` is almost certainly a shell variable that expanded to nothing.
    ``~`` is expanded; relative paths are taken from the current directory.
    """
    if option is not None:
        text = os.fspath(option)
        if text == "":
            raise ValueError(
                f"{MNIST_DIR_OPTION}: expected a directory path, found an empty string"
            )
        chosen = Path(text)
    elif os.environ.get(MNIST_DIR_ENV):
        chosen = Path(os.environ[MNIST_DIR_ENV])
    else:
        chosen = default_mnist_dir()
    return Path(os.path.abspath(chosen.expanduser()))


def add_mnist_dir_argument(parser: argparse.ArgumentParser) -> argparse.Action:
    """Add the shared ``--mnist-dir DIR`` option to ``parser`` (its value: ``args.mnist_dir``).

    The value stays ``None`` when the option is absent, so pass it straight to
    :func:`resolve_mnist_dir` (or to ``runs.mnist.load_mnist``).
    """
    return parser.add_argument(
        MNIST_DIR_OPTION,
        metavar="DIR",
        default=None,
        help=(
            "directory holding the four MNIST IDX files, gzip-compressed or not "
            f"(default: ${MNIST_DIR_ENV} if set, else {default_mnist_dir()})"
        ),
    )
